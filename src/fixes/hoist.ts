// The hoisting planner of `import-outside-toplevel`: whether a load inside a function can move
// to module level without changing what the program does, and the edits that move it.
import { AST_NODE_TYPES, AST_TOKEN_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { RuleFix, RuleFixer, Scope, SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { isFunction, moduleLoadOf, outermostDeferringBoundary, type ModuleLoad } from '../analysis/module-loads.js';
import { isPathSpecifier } from '../analysis/resolve.js';
import { continuesExpression, replaceStatement } from './text.js';

type Node = TSESTree.Node;

const COMMONJS_FILE = /\.c[jt]s$/;

function isDirective(statement: Node): boolean {
  return statement.type === AST_NODE_TYPES.ExpressionStatement && typeof statement.directive === 'string';
}

/** Statements that run no code: a hoisted load may move above them. */
function runsNothing(statement: Node): boolean {
  return (
    isDirective(statement) ||
    statement.type === AST_NODE_TYPES.TSTypeAliasDeclaration ||
    statement.type === AST_NODE_TYPES.TSInterfaceDeclaration
  );
}

/** Whether evaluating `node` can run user code (a call, a getter, an assignment). */
function isInert(node: Node): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.Literal:
    case AST_NODE_TYPES.Identifier:
    case AST_NODE_TYPES.ThisExpression:
    case AST_NODE_TYPES.ArrowFunctionExpression:
    case AST_NODE_TYPES.FunctionExpression:
      return true;
    case AST_NODE_TYPES.TemplateLiteral:
      return node.expressions.every(isInert);
    case AST_NODE_TYPES.UnaryExpression:
      return node.operator !== 'delete' && isInert(node.argument);
    case AST_NODE_TYPES.ArrayExpression:
      return node.elements.every((element) => element === null || isInert(element));
    case AST_NODE_TYPES.ObjectExpression:
      return node.properties.every(
        (property) =>
          property.type === AST_NODE_TYPES.Property && !property.computed && property.kind === 'init' && isInert(property.value),
      );
    default:
      return false;
  }
}

/** Whether binding a parameter runs no user code before the body (default values included). */
function isInertParameter(param: Node | null): boolean {
  if (!param) return true;
  switch (param.type) {
    case AST_NODE_TYPES.Identifier:
      return true;
    case AST_NODE_TYPES.AssignmentPattern:
      return isInertParameter(param.left) && isInert(param.right);
    case AST_NODE_TYPES.RestElement:
      return isInertParameter(param.argument);
    case AST_NODE_TYPES.ArrayPattern:
      return param.elements.every(isInertParameter);
    case AST_NODE_TYPES.ObjectPattern:
      return param.properties.every((property) =>
        property.type === AST_NODE_TYPES.Property
          ? !property.computed && isInertParameter(property.value)
          : isInertParameter(property.argument),
      );
    case AST_NODE_TYPES.TSParameterProperty:
      return isInertParameter(param.parameter);
    default:
      return false;
  }
}

function isLiteral(node: Node): boolean {
  return (
    node.type === AST_NODE_TYPES.Literal ||
    (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0)
  );
}

/** A module load that starts a top-level statement: `require('a')`, `require('a').b`, `require('a')('x')`. */
function isLoadExpression(expression: Node | null): boolean {
  let current = expression;
  while (current) {
    if (current.type === AST_NODE_TYPES.AwaitExpression) {
      current = current.argument;
      continue;
    }
    if (moduleLoadOf(current)) return true;
    if (current.type === AST_NODE_TYPES.MemberExpression) current = current.object;
    else if (current.type === AST_NODE_TYPES.CallExpression && current.arguments.every(isLiteral)) current = current.callee;
    // A call that is handed a name (`require('./routes').forEach(register)`) may run a function
    // of this file, which could then read a hoisted binding before it exists.
    else return false;
  }
  return false;
}

/** Directives, imports and module-level `require` declarations: the head of a file. */
function isHeadStatement(statement: TSESTree.ProgramStatement): boolean {
  switch (statement.type) {
    case AST_NODE_TYPES.ImportDeclaration:
    case AST_NODE_TYPES.TSImportEqualsDeclaration:
      return true;
    case AST_NODE_TYPES.ExpressionStatement:
      return isDirective(statement) || isLoadExpression(statement.expression);
    case AST_NODE_TYPES.VariableDeclaration:
      return statement.declarations.every((declarator) => isLoadExpression(declarator.init));
    default:
      return false;
  }
}

const COMMONJS_GLOBALS = new Set(['require', 'module', 'exports', '__dirname', '__filename']);

/**
 * Whether a file parsed as a module is CommonJS all the same (a `.js` file in a package without
 * `"type": "module"`, TypeScript compiled to CommonJS): it reads Node's CommonJS globals, or uses
 * TypeScript's `export =` / `import x = require()`. A static `import` would break it.
 */
function usesCommonJs(sourceCode: Readonly<SourceCode>): boolean {
  const globalScope = sourceCode.scopeManager?.globalScope;
  if (globalScope?.through.some((reference) => COMMONJS_GLOBALS.has(reference.identifier.name))) return true;
  return sourceCode.ast.body.some(
    (statement) =>
      statement.type === AST_NODE_TYPES.TSExportAssignment ||
      (statement.type === AST_NODE_TYPES.TSImportEqualsDeclaration &&
        statement.moduleReference.type === AST_NODE_TYPES.TSExternalModuleReference),
  );
}

/** `import d, { a, b as c } from 'm'` for `{ default: d, a, b: c }`, or `import * as ns` for `ns`. */
function importClauseOf(pattern: TSESTree.BindingName): string | undefined {
  if (pattern.type === AST_NODE_TYPES.Identifier) return `* as ${pattern.name}`;
  if (pattern.type !== AST_NODE_TYPES.ObjectPattern || pattern.properties.length === 0) return undefined;
  let defaultName: string | undefined;
  const named: string[] = [];
  for (const property of pattern.properties) {
    if (
      property.type !== AST_NODE_TYPES.Property ||
      property.computed ||
      property.key.type !== AST_NODE_TYPES.Identifier ||
      property.value.type !== AST_NODE_TYPES.Identifier
    ) {
      return undefined;
    }
    const imported = property.key.name;
    const local = property.value.name;
    if (imported === 'default' && defaultName === undefined) defaultName = local;
    else named.push(imported === local ? local : `${imported} as ${local}`);
  }
  const parts = defaultName === undefined ? [] : [defaultName];
  if (named.length > 0) parts.push(`{ ${named.join(', ')} }`);
  return parts.join(', ');
}

/** Whether a `require()` pattern can move as written: plain names, no defaults that read local values. */
function isPlainRequirePattern(pattern: TSESTree.BindingName): boolean {
  if (pattern.type === AST_NODE_TYPES.Identifier) return true;
  if (pattern.type !== AST_NODE_TYPES.ObjectPattern) return false;
  return pattern.properties.every((property) =>
    property.type === AST_NODE_TYPES.Property
      ? !property.computed && property.value.type === AST_NODE_TYPES.Identifier
      : property.argument.type === AST_NODE_TYPES.Identifier,
  );
}

function quoted(specifier: string): string {
  return `'${specifier.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
}

/** What the planner needs to know about the file beyond its source. */
export interface HoistFile {
  readonly filename: string;
  /** The `sourceType` the configuration declares (`commonjs` for CommonJS files), if any. */
  readonly sourceType: string | undefined;
}

/**
 * The hoisting planner for one file: for a load inside a function, the suggestion's fix that
 * moves it to module level (an `import` in an ES module, a `require` among the file's head
 * statements), or `undefined` when moving it could change what the program does or would
 * not compile. What it needs of the file is worked out on the first load that asks.
 */
export function hoistPlanner(
  sourceCode: Readonly<SourceCode>,
  file: HoistFile,
): (load: ModuleLoad) => ((fixer: RuleFixer) => RuleFix[]) | undefined {
  const program = sourceCode.ast;
  let isModule: boolean | undefined;

  /** An import declaration needs an ES module: parsed as one, and not declared CommonJS. */
  function fileIsModule(): boolean {
    isModule ??=
      program.sourceType === 'module' &&
      file.sourceType !== 'commonjs' &&
      !COMMONJS_FILE.test(file.filename) &&
      !usesCommonJs(sourceCode);
    return isModule;
  }

  /** Whether a binding of this name at module level would capture or clash with another use of the name. */
  function nameIsTaken(variable: Scope.Variable): boolean {
    for (let scope = variable.scope.upper; scope; scope = scope.upper) {
      if (scope.type !== 'global') {
        if (scope.set.has(variable.name)) return true;
        continue;
      }
      const global = scope.set.get(variable.name);
      if (global && (global.defs.length > 0 || global.references.length > 0)) return true;
      if (scope.through.some((reference) => reference.identifier.name === variable.name)) return true;
    }
    return false;
  }

  /** Whether `require` at `node` is one declared in the file (`createRequire`), which module level may not see yet. */
  function requireIsDeclared(node: Node): boolean {
    for (let scope: Scope.Scope | null = sourceCode.getScope(node); scope; scope = scope.upper) {
      const variable = scope.set.get('require');
      if (variable && variable.defs.length > 0) return true;
    }
    return false;
  }

  /** The end of the statement's line, after a comment that trails it there. */
  function endOfLine(statement: Node): number {
    const trailing = sourceCode
      .getCommentsAfter(statement)
      .filter((comment) => comment.loc.start.line === statement.loc.end.line);
    return trailing.at(-1)?.range[1] ?? statement.range[1];
  }

  /** Where a hoisted load goes: after the file's imports, or above its first statement. */
  function insertionPoint(
    form: 'import' | 'require',
  ): { after: Node } | { before: Node | TSESTree.Comment; first: Node } | undefined {
    const body = program.body;
    if (form === 'import') {
      const lastImport = body.findLast((statement) => statement.type === AST_NODE_TYPES.ImportDeclaration);
      if (lastImport) return { after: lastImport };
    }
    // A `require` goes after the head of the file only: placed after other code, a call at
    // module level above it could reach the binding before it is initialised.
    const headLength = body.findIndex((statement) => !isHeadStatement(statement));
    const lastHead = headLength === -1 ? body.at(-1) : body[headLength - 1];
    if (lastHead) return { after: lastHead };
    const first = body[0];
    if (!first) return undefined;
    // Keep a JSDoc comment with the statement it documents.
    const doc = sourceCode.getCommentsBefore(first).at(-1);
    if (doc?.type === AST_TOKEN_TYPES.Block && doc.value.startsWith('*') && doc.loc.end.line >= first.loc.start.line - 1) {
      return { before: doc, first };
    }
    return { before: first, first };
  }

  /**
   * The suggestion that hoists the load to module level, or `undefined` when hoisting
   * could change what the program does or would not compile.
   */
  function hoistFix(load: ModuleLoad): ((fixer: RuleFixer) => RuleFix[]) | undefined {
    const isModule = fileIsModule();
    const call = load.node;
    let initializer: Node = call;
    if (call.type === AST_NODE_TYPES.ImportExpression) {
      if (!isModule || call.options || call.parent.type !== AST_NODE_TYPES.AwaitExpression) return undefined;
      initializer = call.parent;
    } else if (call.type !== AST_NODE_TYPES.CallExpression || call.arguments.length !== 1 || requireIsDeclared(call)) {
      return undefined;
    }

    const declarator = initializer.parent;
    if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== initializer) return undefined;
    const declaration = declarator.parent;
    if (declaration.kind !== 'const' || declaration.declarations.length !== 1 || declarator.id.typeAnnotation) {
      return undefined;
    }
    const body = declaration.parent;
    const fn = body?.parent;
    if (body?.type !== AST_NODE_TYPES.BlockStatement || !fn || !isFunction(fn) || fn.body !== body) return undefined;

    // Nothing may run before the load in its function, and the function must be created at
    // load time (not inside another function that could prepare the load first).
    const outer = outermostDeferringBoundary(declaration);
    const createdAtLoad =
      outer === fn ||
      ((outer?.type === AST_NODE_TYPES.PropertyDefinition || outer?.type === AST_NODE_TYPES.AccessorProperty) &&
        outer.value === fn);
    if (!createdAtLoad) return undefined;
    const index = body.body.indexOf(declaration);
    if (!body.body.slice(0, index).every(runsNothing) || !fn.params.every(isInertParameter)) return undefined;
    // Inside `with`, names may resolve to the object's properties rather than module-level bindings.
    for (let ancestor: Node | undefined = fn.parent; ancestor; ancestor = ancestor.parent) {
      if (ancestor.type === AST_NODE_TYPES.WithStatement) return undefined;
    }

    let text: string;
    if (load.kind === 'dynamic-import') {
      const clause = importClauseOf(declarator.id);
      if (clause === undefined) return undefined;
      const source = load.source.type === AST_NODE_TYPES.Literal ? sourceCode.getText(load.source) : quoted(load.specifier);
      text = `import ${clause} from ${source}`;
    } else {
      if (!isPlainRequirePattern(declarator.id)) return undefined;
      // Destructuring reads the exports once, when the load runs. A file of the project may
      // fill them in later (an init function, a require cycle): read them at call time.
      if (declarator.id.type !== AST_NODE_TYPES.Identifier && isPathSpecifier(load.specifier)) return undefined;
      text = sourceCode.getText(declaration).replace(/;$/, '');
    }
    if (sourceCode.getDeclaredVariables(declarator).some(nameIsTaken)) return undefined;

    const point = insertionPoint(load.kind === 'dynamic-import' ? 'import' : 'require');
    // A function created inside a head statement (`require('a')(() => …)`) could run before a
    // binding declared after that statement exists.
    if (!point || ('after' in point && point.after.range[1] > fn.range[0])) return undefined;
    const next =
      'after' in point ? sourceCode.getTokenAfter(point.after) : sourceCode.getFirstToken(point.first);
    const hadSemicolon = sourceCode.getLastToken(declaration)?.value === ';';
    const continues = next !== null && next !== undefined && continuesExpression(next);
    const statement = hadSemicolon || (load.kind === 'require' && continues) ? `${text};` : text;

    const removal = replaceStatement(sourceCode, declaration, []);
    const eol = sourceCode.text.includes('\r\n') ? '\r\n' : '\n';
    return (fixer) => [
      'after' in point
        ? fixer.insertTextAfterRange([endOfLine(point.after), endOfLine(point.after)], `${eol}${statement}`)
        : fixer.insertTextBeforeRange(point.before.range, `${statement}${eol}${eol}`),
      fixer.replaceTextRange(removal.range, removal.text),
    ];
  }

  return hoistFix;
}
