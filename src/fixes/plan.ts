import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { Scope, SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { runsAtLoad, type ModuleLoad } from '../analysis/module-loads.js';
import { hasTypeUse, loadDeclarationOf, valueUses, type LoadDeclaration, type LoadedBinding } from './bindings.js';
import { jsdocNamesBindings, jsxHidesUses } from './guards.js';
import { importDeferEdits, type DeferEdits } from './import-defer.js';
import { disjoint, insertionInto, loadStatements, placeLoads, type Blocker, type FunctionNode, type LoadWrapper } from './lazy-form.js';
import { joinRemovals, replaceStatement, type TextEdit } from './text.js';
import { importStatements, typeOnlyBindings, typeOnlyEdits, typeUsesMayNeedValue } from './type-only.js';
import { readsWithoutJsx } from '../analysis/resolve.js';

/** The lazy form to offer: load the module where it is used, or import it deferred. */
export type LazyStyle = 'dynamic-import' | 'import-defer';

/**
 * What a lazy form is made of, so that the lazy forms of a file can be applied together:
 * the statement's replacement and the load statements each function gets, or the deferred
 * import with the namespace name it chose (and a way to choose another).
 */
export type LazyParts =
  | {
      readonly kind: 'load-where-used';
      readonly declaration: LoadDeclaration;
      /** The `import type` lines that replace the statement (none: it goes). */
      readonly types: readonly string[];
      readonly holders: readonly { readonly fn: FunctionNode; readonly statements: readonly string[] }[];
    }
  | {
      readonly kind: 'import-defer';
      readonly namespace: string;
      /** The edits again with a namespace name outside `reserved`, or `null`. */
      readonly rebuild: (reserved: ReadonlySet<string>) => DeferEdits | null;
    };

/** A lazy form that can be applied: its kind (for the suggestion's message), its edits and their parts. */
export interface LazyFix {
  readonly kind: 'load-where-used' | 'import-defer';
  readonly edits: readonly TextEdit[];
  readonly parts: LazyParts;
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
  /**
   * Whether the file's JSX calls a binding of this name (the classic transform's factory):
   * a use no scope manager records, so neither `import type` nor a lazy form may touch it.
   */
  readonly calledByJsx: (name: string) => boolean;
  /** Wraps each load the lazy form adds (an optional package's clear error when it is missing). */
  readonly wrapLoad?: LoadWrapper;
}

/**
 * Comment directives that apply to the next line: a fix that splits or moves the statement
 * under one would leave it on the wrong line.
 */
const NEXT_LINE_DIRECTIVE = /@ts-(?:expect-error|ignore)|eslint-disable-next-line/;

/**
 * Whether a next-line directive comment stands right before the statement (only comments
 * between them): those are the comments ESLint finds before its first token.
 */
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

/** Edits of a lazy form (or `null`), with what blocks it and the parts they are made of. */
interface LazyEdits {
  readonly edits: TextEdit[] | null;
  readonly blocker: Blocker | null;
  readonly parts?: LazyParts;
}

const NO_EDITS: LazyEdits = { edits: null, blocker: null };

/** Whether `statement` is the file's only import or export: removing it would make a TypeScript file a script. */
function onlyModuleStatement(sourceCode: Readonly<SourceCode>, statement: TSESTree.Node): boolean {
  return !sourceCode.ast.body.some((other) => other !== statement && isModuleSyntax(other));
}

function lazyEdits(
  sourceCode: Readonly<SourceCode>,
  declaration: LoadDeclaration,
  valueBindings: readonly LoadedBinding[],
  filename: string,
  wrapLoad: LoadWrapper | undefined,
): LazyEdits {
  const placement = placeLoads(valueBindings, declaration.form === 'import' ? 'dynamic-import' : 'require');
  if ('blocker' in placement) return { edits: null, blocker: placement.blocker };
  // A function that runs at start-up anyway would only load the module later in that run, and
  // code after its call could see the difference.
  if (placement.holders.some((holder) => calledAtLoad(sourceCode, holder.fn))) return NO_EDITS;
  if (declaration.form !== 'import') {
    // `require` in the function must be the `require` the module-level load called.
    const moduleRequire = resolve(sourceCode.getScope(declaration.statement), 'require');
    if (placement.holders.some((holder) => resolve(sourceCode.getScope(holder.fn), 'require') !== moduleRequire)) {
      return NO_EDITS;
    }
  }
  const types = importStatements(sourceCode, declaration, typedBindings(declaration), true);
  if (!types) return NO_EDITS;
  // TypeScript reads a file without imports or exports as a script (no top-level `await`,
  // names shared with other scripts): keep it a module.
  const lastModuleStatement =
    declaration.form === 'import' &&
    TYPESCRIPT_FILE.test(filename) &&
    types.length === 0 &&
    onlyModuleStatement(sourceCode, declaration.statement);
  const edits = [replaceStatement(sourceCode, declaration.statement, lastModuleStatement ? ['export {};'] : types)];
  const holders = placement.holders.map((holder) => ({ fn: holder.fn, statements: loadStatements(declaration, holder.bindings, wrapLoad) }));
  for (const holder of holders) {
    const insertion = insertionInto(sourceCode, holder.fn, holder.statements);
    if (!insertion) return NO_EDITS;
    edits.push(insertion);
  }
  if (!disjoint(edits)) return NO_EDITS;
  return { edits, blocker: null, parts: { kind: 'load-where-used', declaration, types, holders } };
}

function deferEdits(
  sourceCode: Readonly<SourceCode>,
  declaration: LoadDeclaration,
  load: ModuleLoad,
  valueBindings: readonly LoadedBinding[],
): LazyEdits {
  const atLoad = valueBindings.flatMap(valueUses).find((use) => use.atLoad);
  if (atLoad) return { edits: null, blocker: { kind: 'module-level', use: atLoad } };
  const build = (reserved: ReadonlySet<string>): DeferEdits | null => {
    const built = importDeferEdits(
      sourceCode,
      declaration,
      load.specifier,
      (bindings) => importStatements(sourceCode, declaration, bindings, true),
      reserved,
    );
    return built && disjoint(built.edits) ? built : null;
  };
  const built = build(new Set());
  if (!built) return NO_EDITS;
  return { edits: built.edits, blocker: null, parts: { kind: 'import-defer', namespace: built.namespace, rebuild: build } };
}

/** One fix of a file to combine with the others: a lazy form, or edits that stand alone (type-only). */
export type CombinableFix = { readonly lazy: LazyFix } | { readonly edits: readonly TextEdit[] };

/**
 * The edits of several fixes of one file as one consistent set, or `null` when they collide:
 * each function gets one insertion that loads every module it uses (in the order of the
 * statements they replace), deferred namespaces get distinct names, and a TypeScript file
 * whose every import and export goes keeps an `export {}`.
 */
function assemble(sourceCode: Readonly<SourceCode>, filename: string, fixes: readonly CombinableFix[]): TextEdit[] | null {
  const edits: TextEdit[] = [];
  const loads = new Map<FunctionNode, string[]>();
  const reserved = new Set<string>();
  const removed = new Set<TSESTree.Node>();
  let lastImport: TSESTree.Node | undefined;
  for (const fix of fixes) {
    if (!('lazy' in fix)) continue;
    const { parts } = fix.lazy;
    if (parts.kind === 'load-where-used' && parts.types.length === 0) {
      removed.add(parts.declaration.statement);
      if (parts.declaration.form === 'import') lastImport = parts.declaration.statement;
    }
  }
  const keepModule =
    lastImport !== undefined &&
    TYPESCRIPT_FILE.test(filename) &&
    sourceCode.ast.body.every((statement) => !isModuleSyntax(statement) || removed.has(statement));
  for (const fix of fixes) {
    if (!('lazy' in fix)) {
      edits.push(...fix.edits);
      continue;
    }
    const { parts } = fix.lazy;
    if (parts.kind === 'import-defer') {
      const built = reserved.has(parts.namespace) ? parts.rebuild(reserved) : { edits: fix.lazy.edits, namespace: parts.namespace };
      if (!built) return null;
      reserved.add(built.namespace);
      edits.push(...built.edits);
      continue;
    }
    const { statement } = parts.declaration;
    edits.push(replaceStatement(sourceCode, statement, keepModule && statement === lastImport ? ['export {};'] : parts.types));
    for (const { fn, statements } of parts.holders) {
      const held = loads.get(fn);
      if (held) held.push(...statements);
      else loads.set(fn, [...statements]);
    }
  }
  for (const [fn, statements] of loads) {
    const insertion = insertionInto(sourceCode, fn, statements);
    if (!insertion) return null;
    edits.push(insertion);
  }
  const joined = joinRemovals(sourceCode.text, edits);
  return disjoint(joined) ? joined : null;
}

/**
 * One set of edits that applies the fixes of a file together, in source order, so that one
 * `eslint --fix` pass converts the whole file. Where two of them collide (rare: loads of
 * different kinds in nested functions), the later one is left out, for the next pass.
 */
export function combineFixes(sourceCode: Readonly<SourceCode>, filename: string, fixes: readonly CombinableFix[]): TextEdit[] {
  const all = assemble(sourceCode, filename, fixes);
  if (all) return all;
  const accepted: CombinableFix[] = [];
  let edits: TextEdit[] = [];
  for (const fix of fixes) {
    const next = assemble(sourceCode, filename, [...accepted, fix]);
    if (!next) continue;
    accepted.push(fix);
    edits = next;
  }
  return edits;
}

/**
 * The fixes for one module-level load of a heavy module: the safe type-only fix, and the
 * lazy form with what blocks it. Every part is `null` where its edit would not be certain to
 * keep the program parsing, type-checking and behaving the same. `known` is the load's
 * {@link loadDeclarationOf}, for a caller that has looked it up already.
 */
export function planFixes(
  sourceCode: Readonly<SourceCode>,
  load: ModuleLoad,
  options: PlanOptions,
  known?: LoadDeclaration | null,
): FixPlan {
  const declaration = known === undefined ? loadDeclarationOf(sourceCode, load) : known;
  if (!declaration || underDirective(sourceCode, declaration.statement)) return NO_PLAN;
  if (declaration.bindings.some((binding) => !binding.markedType && options.calledByJsx(binding.local))) return NO_PLAN;
  const typeBindings = typeOnlyBindings(declaration);
  const typeOnly = typeOnlyEdits(sourceCode, declaration, typeBindings);
  const allTypes = typeOnly !== null && typeBindings.length === declaration.bindings.length;
  const valueBindings = declaration.bindings.filter((binding) => !binding.markedType && valueUses(binding).length > 0);
  if (allTypes || valueBindings.length === 0) return { typeOnly, allTypes, lazy: null, blocker: null };
  const defer = options.style === 'import-defer' && declaration.form === 'import' && options.typeScriptSyntax;
  const { edits, blocker, parts } = defer
    ? deferEdits(sourceCode, declaration, load, valueBindings)
    : lazyEdits(sourceCode, declaration, valueBindings, options.filename, options.wrapLoad);
  // The checks below only matter for a lazy form that could be offered: a blocked or
  // impossible one is settled without them.
  if (!edits || !parts) return { typeOnly, allTypes, lazy: null, blocker };
  const typed = typedBindings(declaration);
  const unsafe =
    !lazyFormFitsFile(declaration, options.filename) ||
    // typescript-eslint reads `.ts`, `.mts` and `.cts` files without JSX: no scan needed there.
    (!readsWithoutJsx(options.filename) && jsxHidesUses(sourceCode, declaration.bindings)) ||
    jsdocNamesBindings(sourceCode, declaration.bindings) ||
    typeUsesMayNeedValue(typed) ||
    // `const x = require()` has no `import type` to keep its types with.
    (declaration.form === 'require' && typed.length > 0);
  const lazy = unsafe ? null : { kind: defer ? ('import-defer' as const) : ('load-where-used' as const), edits, parts };
  return { typeOnly, allTypes, lazy, blocker };
}
