import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { Scope, SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { runsAtLoad, type ModuleLoad } from '../analysis/module-loads.js';
import { hasTypeUse, loadDeclarationOf, valueUses, type LoadDeclaration, type LoadedBinding } from './bindings.js';
import { jsdocNamesBindings, jsxHidesUses } from './guards.js';
import { importDeferEdits } from './import-defer.js';
import { disjoint, insertionInto, loadStatements, placeLoads, type Blocker } from './lazy-form.js';
import { replaceStatement, type TextEdit } from './text.js';
import { importStatements, typeOnlyBindings, typeOnlyEdits, typeUsesMayNeedValue } from './type-only.js';

/** The lazy form to offer: load the module where it is used, or import it deferred. */
export type LazyStyle = 'dynamic-import' | 'import-defer';

/** A lazy form that can be applied: its kind (for the suggestion's message) and its edits. */
export interface LazyFix {
  readonly kind: 'load-where-used' | 'import-defer';
  readonly edits: readonly TextEdit[];
}

/** What can be done about one module-level load. */
export interface FixPlan {
  /** The safe fix: the type-only part becomes `import type` (`null` when there is none). */
  readonly typeOnly: readonly TextEdit[] | null;
  /** The type-only fix covers every binding: nothing of the module is needed at run time. */
  readonly allTypes: boolean;
  /** The lazy form, when every value use can get its module later. */
  readonly lazy: LazyFix | null;
  /** The first use that rules the lazy form out, when one does. */
  readonly blocker: Blocker | null;
}

/** Settings of the file and rule that shape the plan. */
export interface PlanOptions {
  readonly style: LazyStyle;
  /** The parser reads TypeScript syntax (`import defer`, `import type`); espree does not. */
  readonly typeScriptSyntax: boolean;
  /** The linted file: its extension says how TypeScript compiles it. */
  readonly filename: string;
}

/**
 * Comment directives that apply to the next line: a fix that splits or moves the statement
 * under one would leave it on the wrong line.
 */
const NEXT_LINE_DIRECTIVE = /@ts-(?:expect-error|ignore)|eslint-disable-next-line/;

function underDirective(sourceCode: Readonly<SourceCode>, statement: LoadDeclaration['statement']): boolean {
  return sourceCode.getCommentsBefore(statement).some((comment) => NEXT_LINE_DIRECTIVE.test(comment.value));
}

/**
 * Whether the lazy form fits how the file is compiled: `.cts` compiles imports to `require()`,
 * which `await import()` would not reproduce, and `.mts` has no `require` for
 * `import x = require()` to become.
 */
function lazyFormFitsFile(declaration: LoadDeclaration, filename: string): boolean {
  if (declaration.form === 'import') return !/\.cts$/.test(filename);
  if (declaration.form === 'import-equals') return !/\.mts$/.test(filename);
  return true;
}

const TYPESCRIPT_FILE = /\.[cm]?tsx?$/;

const NO_PLAN: FixPlan = { typeOnly: null, allTypes: false, lazy: null, blocker: null };

/** The names that still need an `import type` once the value part is loaded elsewhere. */
function typedBindings(declaration: LoadDeclaration): LoadedBinding[] {
  return declaration.bindings.filter((binding) => binding.markedType || hasTypeUse(binding));
}

function isModuleSyntax(statement: TSESTree.ProgramStatement): boolean {
  return (
    statement.type === AST_NODE_TYPES.ImportDeclaration ||
    statement.type === AST_NODE_TYPES.ExportAllDeclaration ||
    statement.type === AST_NODE_TYPES.ExportDefaultDeclaration ||
    statement.type === AST_NODE_TYPES.ExportNamedDeclaration ||
    statement.type === AST_NODE_TYPES.TSExportAssignment
  );
}

/** Whether a function declaration is called by code that runs at start-up. */
function calledAtLoad(sourceCode: Readonly<SourceCode>, fn: TSESTree.Node): boolean {
  if (fn.type !== AST_NODE_TYPES.FunctionDeclaration) return false;
  return sourceCode.getDeclaredVariables(fn).some((variable) =>
    variable.references.some(
      (reference) =>
        reference.identifier.parent?.type === AST_NODE_TYPES.CallExpression &&
        reference.identifier.parent.callee === reference.identifier &&
        runsAtLoad(reference.identifier),
    ),
  );
}

/** The variable a name refers to from `scope` (`undefined`: an undeclared global). */
function resolve(scope: Scope.Scope | null, name: string): Scope.Variable | undefined {
  for (let current = scope; current; current = current.upper) {
    const variable = current.set.get(name);
    if (variable) return variable;
  }
  return undefined;
}

function lazyEdits(
  sourceCode: Readonly<SourceCode>,
  declaration: LoadDeclaration,
  valueBindings: readonly LoadedBinding[],
  filename: string,
): { edits: TextEdit[] | null; blocker: Blocker | null } {
  const placement = placeLoads(valueBindings, declaration.form === 'import' ? 'dynamic-import' : 'require');
  if ('blocker' in placement) return { edits: null, blocker: placement.blocker };
  // A function that runs at start-up anyway would only load the module later in that run, and
  // code after its call could see the difference.
  if (placement.holders.some((holder) => calledAtLoad(sourceCode, holder.fn))) return { edits: null, blocker: null };
  if (declaration.form !== 'import') {
    // `require` in the function must be the `require` the module-level load called.
    const moduleRequire = resolve(sourceCode.getScope(declaration.statement), 'require');
    if (placement.holders.some((holder) => resolve(sourceCode.getScope(holder.fn), 'require') !== moduleRequire)) {
      return { edits: null, blocker: null };
    }
  }
  const types = importStatements(sourceCode, declaration, typedBindings(declaration), true);
  if (!types) return { edits: null, blocker: null };
  // TypeScript reads a file without imports or exports as a script (no top-level `await`,
  // names shared with other scripts): keep it a module.
  const lastModuleStatement =
    declaration.form === 'import' &&
    TYPESCRIPT_FILE.test(filename) &&
    types.length === 0 &&
    !sourceCode.ast.body.some((statement) => statement !== declaration.statement && isModuleSyntax(statement));
  const edits = [replaceStatement(sourceCode, declaration.statement, lastModuleStatement ? ['export {};'] : types)];
  for (const holder of placement.holders) {
    const insertion = insertionInto(sourceCode, holder.fn, loadStatements(declaration, holder.bindings));
    if (!insertion) return { edits: null, blocker: null };
    edits.push(insertion);
  }
  return { edits: disjoint(edits) ? edits : null, blocker: null };
}

function deferEdits(
  sourceCode: Readonly<SourceCode>,
  declaration: LoadDeclaration,
  load: ModuleLoad,
  valueBindings: readonly LoadedBinding[],
): { edits: TextEdit[] | null; blocker: Blocker | null } {
  const atLoad = valueBindings.flatMap(valueUses).find((use) => use.atLoad);
  if (atLoad) return { edits: null, blocker: { kind: 'module-level', use: atLoad } };
  const edits = importDeferEdits(sourceCode, declaration, load.specifier, (bindings) =>
    importStatements(sourceCode, declaration, bindings, true),
  );
  return { edits: edits && disjoint(edits) ? edits : null, blocker: null };
}

/**
 * The fixes for one module-level load of a heavy module: the safe type-only fix, and the
 * lazy form with what blocks it. Every part is `null` where its edit would not be certain to
 * keep the program parsing, type-checking and behaving the same.
 */
export function planFixes(sourceCode: Readonly<SourceCode>, load: ModuleLoad, options: PlanOptions): FixPlan {
  const declaration = loadDeclarationOf(sourceCode, load);
  if (!declaration || underDirective(sourceCode, declaration.statement)) return NO_PLAN;
  const typeOnly = typeOnlyEdits(sourceCode, declaration);
  const allTypes = typeOnly !== null && typeOnlyBindings(declaration).length === declaration.bindings.length;
  const valueBindings = declaration.bindings.filter((binding) => !binding.markedType && valueUses(binding).length > 0);
  if (allTypes || valueBindings.length === 0) return { typeOnly, allTypes, lazy: null, blocker: null };
  const typed = typedBindings(declaration);
  const unsafe =
    !lazyFormFitsFile(declaration, options.filename) ||
    jsxHidesUses(sourceCode, declaration.bindings) ||
    jsdocNamesBindings(sourceCode, declaration.bindings) ||
    typeUsesMayNeedValue(typed) ||
    // `const x = require()` has no `import type` to keep its types with.
    (declaration.form === 'require' && typed.length > 0);
  const defer = options.style === 'import-defer' && declaration.form === 'import' && options.typeScriptSyntax;
  const { edits, blocker } = defer
    ? deferEdits(sourceCode, declaration, load, valueBindings)
    : lazyEdits(sourceCode, declaration, valueBindings, options.filename);
  const lazy = edits && !unsafe ? { kind: defer ? ('import-defer' as const) : ('load-where-used' as const), edits } : null;
  return { typeOnly, allTypes, lazy, blocker };
}
