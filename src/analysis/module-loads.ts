import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';

/** How a module is loaded. */
export type LoadKind =
  /** `import x from 'm'`, `import * as ns from 'm'`, `import { a } from 'm'`, `import 'm'` */
  | 'import'
  /** `export { a } from 'm'`, `export * from 'm'`, `export * as ns from 'm'` */
  | 'export'
  /** TypeScript `import x = require('m')` */
  | 'import-equals'
  /** `require('m')` */
  | 'require'
  /** `import('m')` */
  | 'dynamic-import';

/** One place in a file that loads another module at run time. */
export interface ModuleLoad {
  readonly kind: LoadKind;
  /** The module specifier, as written. */
  readonly specifier: string;
  /** The string that names the module: where a report belongs. */
  readonly source: TSESTree.Node;
  /** The declaration or call that loads the module. */
  readonly node: TSESTree.Node;
  /** Whether the load runs when the module is evaluated (start-up), rather than later. */
  readonly atLoad: boolean;
  /**
   * Every imported or re-exported name is marked `type` inline (`import { type A } from 'm'`):
   * the statement exists only for types, yet it still loads the module under
   * `verbatimModuleSyntax` and Node's type stripping.
   */
  readonly inlineTypesOnly: boolean;
  /**
   * `import defer * as ns from 'm'`: the module is evaluated when `ns` is first read, so the
   * load runs at start-up only if `ns` is read at module level (see `bindingReadsAtLoad`).
   */
  readonly deferred: boolean;
}

type Node = TSESTree.Node;
type FunctionNode =
  | TSESTree.ArrowFunctionExpression
  | TSESTree.FunctionDeclaration
  | TSESTree.FunctionExpression;

/** TypeScript wrappers that do not change what an expression does at run time. */
function skipTypeWrappers(node: Node): Node {
  let current = node;
  while (
    current.parent &&
    (current.parent.type === AST_NODE_TYPES.TSAsExpression ||
      current.parent.type === AST_NODE_TYPES.TSSatisfiesExpression ||
      current.parent.type === AST_NODE_TYPES.TSNonNullExpression ||
      current.parent.type === AST_NODE_TYPES.TSTypeAssertion ||
      current.parent.type === AST_NODE_TYPES.TSInstantiationExpression)
  ) {
    current = current.parent;
  }
  return current;
}

/**
 * The call that runs `fn` as soon as it is created — `(() => {})()`, `!function () {}()`,
 * `new function () {}()`, `(function () {}).call(this)` — or `undefined`. A generator is
 * never counted: calling it runs none of its body.
 */
export function immediateCallOf(fn: FunctionNode): TSESTree.CallExpression | TSESTree.NewExpression | undefined {
  if (fn.generator) return undefined;
  const callee = skipTypeWrappers(fn);
  const parent = callee.parent;
  if (!parent) return undefined;
  if (
    (parent.type === AST_NODE_TYPES.CallExpression || parent.type === AST_NODE_TYPES.NewExpression) &&
    parent.callee === callee
  ) {
    return parent;
  }
  if (
    parent.type === AST_NODE_TYPES.MemberExpression &&
    parent.object === callee &&
    !parent.computed &&
    parent.property.type === AST_NODE_TYPES.Identifier &&
    (parent.property.name === 'call' || parent.property.name === 'apply') &&
    parent.parent.type === AST_NODE_TYPES.CallExpression &&
    parent.parent.callee === parent
  ) {
    return parent.parent;
  }
  return undefined;
}

/** Whether a node is a function: a declaration, an expression or an arrow. */
export function isFunction(node: Node): node is FunctionNode {
  return (
    node.type === AST_NODE_TYPES.FunctionDeclaration ||
    node.type === AST_NODE_TYPES.FunctionExpression ||
    node.type === AST_NODE_TYPES.ArrowFunctionExpression
  );
}

/**
 * The innermost node that keeps `node` from running when the module is evaluated: a
 * function that is not invoked on the spot, or an instance field initializer. `undefined`
 * means `node` runs at start-up: top-level statements and blocks, loops, `switch`, `try`,
 * IIFEs, class static blocks, static fields, computed keys, decorators and `extends`.
 */
export function deferringBoundary(node: Node): FunctionNode | TSESTree.PropertyDefinition | TSESTree.AccessorProperty | undefined {
  // `below` is the node the path came through just under `child`.
  let below: Node | undefined;
  let child: Node = node;
  let parent = node.parent;
  while (parent) {
    if (isFunction(parent)) {
      // Parameter decorators are evaluated with the class, not when the method runs; a
      // decorator anywhere else inside a parameter (a default value) runs with the call.
      const viaParamDecorator =
        below?.type === AST_NODE_TYPES.Decorator && (parent.params as readonly Node[]).includes(child);
      if (!viaParamDecorator) {
        const call = immediateCallOf(parent);
        if (!call) return parent;
        below = parent;
        child = call;
        parent = call.parent;
        continue;
      }
    } else if (
      (parent.type === AST_NODE_TYPES.PropertyDefinition || parent.type === AST_NODE_TYPES.AccessorProperty) &&
      parent.value === child &&
      !parent.static
    ) {
      return parent;
    }
    below = child;
    child = parent;
    parent = parent.parent;
  }
  return undefined;
}

/** Whether `node` runs when the module is evaluated. */
export function runsAtLoad(node: Node): boolean {
  return deferringBoundary(node) === undefined;
}

/**
 * The outermost function (or instance field) that defers `node`: where a lazy load of a
 * module used by `node` belongs. `undefined` when `node` runs at start-up.
 */
export function outermostDeferringBoundary(node: Node): ReturnType<typeof deferringBoundary> {
  let boundary = deferringBoundary(node);
  while (boundary) {
    const outer = deferringBoundary(boundary);
    if (!outer) return boundary;
    boundary = outer;
  }
  return undefined;
}

function literalSpecifier(node: Node | undefined | null): string | undefined {
  if (!node) return undefined;
  if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') return node.value;
  if (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0) {
    return node.quasis[0]?.value.cooked ?? undefined;
  }
  return undefined;
}

/** Whether an ambient declaration (`declare module 'x' { … }`, `declare global`) holds `node`. */
function isAmbient(node: Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.TSModuleDeclaration && (current.declare || current.kind === 'global')) {
      return true;
    }
  }
  return false;
}

const declaresRequireCache = new WeakMap<Node, boolean>();

function patternDeclares(pattern: Node | null | undefined, name: string): boolean {
  if (!pattern) return false;
  switch (pattern.type) {
    case AST_NODE_TYPES.Identifier:
      return pattern.name === name;
    case AST_NODE_TYPES.ObjectPattern:
      return pattern.properties.some((property) =>
        patternDeclares(property.type === AST_NODE_TYPES.Property ? property.value : property.argument, name),
      );
    case AST_NODE_TYPES.ArrayPattern:
      return pattern.elements.some((element) => patternDeclares(element, name));
    case AST_NODE_TYPES.RestElement:
      return patternDeclares(pattern.argument, name);
    case AST_NODE_TYPES.AssignmentPattern:
      return patternDeclares(pattern.left, name);
    case AST_NODE_TYPES.TSParameterProperty:
      return patternDeclares(pattern.parameter, name);
    default:
      return false;
  }
}

/** `createRequire(import.meta.url)` gives Node's own `require`: a local of that name still loads modules. */
function isCreateRequireCall(init: Node | null): boolean {
  if (init?.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = init.callee;
  return (
    (callee.type === AST_NODE_TYPES.Identifier && callee.name === 'createRequire') ||
    (callee.type === AST_NODE_TYPES.MemberExpression &&
      callee.property.type === AST_NODE_TYPES.Identifier &&
      callee.property.name === 'createRequire')
  );
}

/**
 * Whether a variable declaration binds `require` to something other than Node's. `declare`
 * only types the global, and `createRequire()` makes a real one.
 */
function variablesDeclareRequire(declaration: TSESTree.VariableDeclaration): boolean {
  return (
    !declaration.declare &&
    declaration.declarations.some((d) => patternDeclares(d.id, 'require') && !isCreateRequireCall(d.init))
  );
}

/** Whether a statement list declares `require` as something other than Node's. */
function statementsDeclareRequire(statements: readonly Node[], hoistedVars: boolean): boolean {
  for (const statement of statements) {
    const declaration =
      (statement.type === AST_NODE_TYPES.ExportNamedDeclaration || statement.type === AST_NODE_TYPES.ExportDefaultDeclaration) &&
      statement.declaration
        ? statement.declaration
        : statement;
    switch (declaration.type) {
      case AST_NODE_TYPES.VariableDeclaration:
        if (variablesDeclareRequire(declaration)) return true;
        break;
      case AST_NODE_TYPES.FunctionDeclaration:
      case AST_NODE_TYPES.ClassDeclaration:
      case AST_NODE_TYPES.TSImportEqualsDeclaration:
        if (declaration.id?.name === 'require') return true;
        break;
      case AST_NODE_TYPES.ImportDeclaration:
        if (declaration.specifiers.some((s) => s.local.name === 'require')) return true;
        break;
      default:
        break;
    }
    if (hoistedVars && declaration.type !== AST_NODE_TYPES.VariableDeclaration && hoistedVarDeclaresRequire(declaration)) {
      return true;
    }
  }
  return false;
}

/** `var require` inside nested statements of a function or program still declares it there. */
function hoistedVarDeclaresRequire(node: Node): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.VariableDeclaration:
      return node.kind === 'var' && variablesDeclareRequire(node);
    case AST_NODE_TYPES.BlockStatement:
      return node.body.some(hoistedVarDeclaresRequire);
    case AST_NODE_TYPES.IfStatement:
      return hoistedVarDeclaresRequire(node.consequent) || (node.alternate ? hoistedVarDeclaresRequire(node.alternate) : false);
    case AST_NODE_TYPES.TryStatement:
      return (
        hoistedVarDeclaresRequire(node.block) ||
        (node.handler ? hoistedVarDeclaresRequire(node.handler.body) : false) ||
        (node.finalizer ? hoistedVarDeclaresRequire(node.finalizer) : false)
      );
    case AST_NODE_TYPES.ForStatement:
    case AST_NODE_TYPES.ForInStatement:
    case AST_NODE_TYPES.ForOfStatement: {
      const init = node.type === AST_NODE_TYPES.ForStatement ? node.init : node.left;
      return (init ? hoistedVarDeclaresRequire(init) : false) || hoistedVarDeclaresRequire(node.body);
    }
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement:
    case AST_NODE_TYPES.LabeledStatement:
      return hoistedVarDeclaresRequire(node.body);
    case AST_NODE_TYPES.SwitchStatement:
      return node.cases.some((c) => c.consequent.some(hoistedVarDeclaresRequire));
    default:
      return false;
  }
}

function scopeDeclaresRequire(scope: Node): boolean {
  let known = declaresRequireCache.get(scope);
  if (known !== undefined) return known;
  switch (scope.type) {
    case AST_NODE_TYPES.Program:
      known = statementsDeclareRequire(scope.body, true);
      break;
    case AST_NODE_TYPES.BlockStatement:
      known = statementsDeclareRequire(scope.body, false);
      break;
    // Both hold their own `var`s: a static block like a function body, a namespace like the
    // function it compiles to.
    case AST_NODE_TYPES.StaticBlock:
    case AST_NODE_TYPES.TSModuleBlock:
      known = statementsDeclareRequire(scope.body, true);
      break;
    case AST_NODE_TYPES.SwitchStatement:
      known = scope.cases.some((c) => statementsDeclareRequire(c.consequent, false));
      break;
    case AST_NODE_TYPES.FunctionDeclaration:
    case AST_NODE_TYPES.FunctionExpression:
    case AST_NODE_TYPES.ArrowFunctionExpression:
      known =
        scope.params.some((param) => patternDeclares(param, 'require')) ||
        (scope.type !== AST_NODE_TYPES.ArrowFunctionExpression && scope.id?.name === 'require') ||
        (scope.body.type === AST_NODE_TYPES.BlockStatement && statementsDeclareRequire(scope.body.body, true));
      break;
    case AST_NODE_TYPES.CatchClause:
      known = patternDeclares(scope.param, 'require');
      break;
    case AST_NODE_TYPES.ForStatement:
    case AST_NODE_TYPES.ForInStatement:
    case AST_NODE_TYPES.ForOfStatement: {
      const init = scope.type === AST_NODE_TYPES.ForStatement ? scope.init : scope.left;
      known = init?.type === AST_NODE_TYPES.VariableDeclaration && variablesDeclareRequire(init);
      break;
    }
    default:
      known = false;
  }
  declaresRequireCache.set(scope, known);
  return known;
}

/** Whether `require` at `node` is Node's, not a local function or variable of that name. */
function isNodeRequire(node: Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (scopeDeclaresRequire(current)) return false;
  }
  return true;
}

function isInlineTypeOnly(
  specifiers: readonly (TSESTree.ImportClause | TSESTree.ExportSpecifier)[],
): boolean {
  return (
    specifiers.length > 0 &&
    specifiers.every(
      (s) =>
        (s.type === AST_NODE_TYPES.ImportSpecifier && s.importKind === 'type') ||
        (s.type === AST_NODE_TYPES.ExportSpecifier && s.exportKind === 'type'),
    )
  );
}

function load(
  kind: LoadKind,
  node: Node,
  source: Node,
  specifier: string,
  atLoad: boolean,
  inlineTypesOnly = false,
  deferred = false,
): ModuleLoad {
  return { kind, specifier, source, node, atLoad, inlineTypesOnly, deferred };
}

/**
 * Whether a callee may be Node's `require`: `require(…)`, `require?.(…)` or `module.require(…)`.
 * Cheap enough to filter every call of a file before any other analysis.
 */
export function isRequireCallee(callee: TSESTree.Expression): boolean {
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name === 'require';
  return (
    callee.type === AST_NODE_TYPES.MemberExpression &&
    !callee.computed &&
    callee.object.type === AST_NODE_TYPES.Identifier &&
    callee.object.name === 'module' &&
    callee.property.type === AST_NODE_TYPES.Identifier &&
    callee.property.name === 'require'
  );
}

/**
 * The module load `node` performs, or `undefined` when it loads nothing at run time
 * (type-only imports and exports, ambient declarations, `require` that is not Node's,
 * specifiers that are not string literals). Needs `parent` links, as ESLint provides.
 */
export function moduleLoadOf(node: Node): ModuleLoad | undefined {
  switch (node.type) {
    case AST_NODE_TYPES.ImportDeclaration: {
      if (node.importKind === 'type' || isAmbient(node)) return undefined;
      const deferred = (node as { phase?: string | null }).phase === 'defer';
      return load('import', node, node.source, node.source.value, !deferred, isInlineTypeOnly(node.specifiers), deferred);
    }
    case AST_NODE_TYPES.ExportNamedDeclaration:
    case AST_NODE_TYPES.ExportAllDeclaration: {
      if (!node.source || node.exportKind === 'type' || isAmbient(node)) return undefined;
      const specifiers = node.type === AST_NODE_TYPES.ExportNamedDeclaration ? node.specifiers : [];
      return load('export', node, node.source, node.source.value, true, isInlineTypeOnly(specifiers));
    }
    case AST_NODE_TYPES.TSImportEqualsDeclaration: {
      const reference = node.moduleReference;
      if (node.importKind === 'type' || reference.type !== AST_NODE_TYPES.TSExternalModuleReference || isAmbient(node)) {
        return undefined;
      }
      const specifier = literalSpecifier(reference.expression);
      if (specifier === undefined) return undefined;
      return load('import-equals', node, reference.expression, specifier, runsAtLoad(node));
    }
    case AST_NODE_TYPES.ImportExpression: {
      const specifier = literalSpecifier(node.source);
      if (specifier === undefined) return undefined;
      return load('dynamic-import', node, node.source, specifier, runsAtLoad(node));
    }
    case AST_NODE_TYPES.CallExpression: {
      const argument = node.arguments[0];
      if (!isRequireCallee(node.callee) || !argument) return undefined;
      const specifier = literalSpecifier(argument);
      if (specifier === undefined) return undefined;
      if (node.callee.type === AST_NODE_TYPES.Identifier && !isNodeRequire(node)) return undefined;
      return load('require', node, argument, specifier, runsAtLoad(node));
    }
    default:
      return undefined;
  }
}

/**
 * The specifier a load statement or call names as a literal (a string, or a template without
 * substitutions), read without working out whether the node loads anything at run time: a
 * cheap first test against a list of modules, before {@link moduleLoadOf}. Where both answer,
 * they name the same specifier.
 */
export function writtenSpecifier(node: Node): string | undefined {
  let source: Node | null | undefined;
  if ('source' in node) source = node.source;
  else if (node.type === AST_NODE_TYPES.CallExpression) source = node.arguments[0];
  else if (node.type === AST_NODE_TYPES.TSImportEqualsDeclaration && node.moduleReference.type === AST_NODE_TYPES.TSExternalModuleReference) {
    source = node.moduleReference.expression;
  }
  return literalSpecifier(source);
}

/** Whether the build keeps imports that no value uses (`'kept'`) or removes them (`'elided'`). */
export type ImportSemantics = 'kept' | 'elided';

/**
 * Whether `load` still loads its module after the project's compiler has run: the one
 * definition of what elision means, for every rule. Under `'kept'` every load stays. Under
 * `'elided'` (TypeScript's default, esbuild, swc, oxc and Babel 7 without
 * `verbatimModuleSyntax`) an import none of whose bindings is used as a value is removed
 * (inline `type` specifiers never are), and so is a TypeScript `import x = require()` whose
 * `x` is not, and an `export { … } from` whose names are all marked `type`. `import 'h'`,
 * `import {} from 'h'`, `export *` and every other re-export stay: without type information
 * a name may be a value. `isValueUsed` answers for a binding the statement declares.
 */
export function buildKeepsLoad(
  load: ModuleLoad,
  semantics: ImportSemantics,
  isValueUsed: (local: TSESTree.Identifier) => boolean,
): boolean {
  if (semantics === 'kept') return true;
  const { node } = load;
  switch (node.type) {
    case AST_NODE_TYPES.ImportDeclaration:
      return (
        node.specifiers.length === 0 ||
        node.specifiers.some(
          (specifier) =>
            !(specifier.type === AST_NODE_TYPES.ImportSpecifier && specifier.importKind === 'type') &&
            isValueUsed(specifier.local),
        )
      );
    case AST_NODE_TYPES.ExportNamedDeclaration:
      return !load.inlineTypesOnly;
    case AST_NODE_TYPES.TSImportEqualsDeclaration:
      // `export import x = require()` exports `x`: a value for all the compiler knows.
      return node.parent.type === AST_NODE_TYPES.ExportNamedDeclaration || isValueUsed(node.id);
    default:
      return true;
  }
}

/** Type-level nodes that the pattern below does not name: nothing under them is a value. */
const TYPE_LEVEL = new Set<string>([
  AST_NODE_TYPES.TSTypeAnnotation,
  AST_NODE_TYPES.TSTypeParameterDeclaration,
  AST_NODE_TYPES.TSTypeParameterInstantiation,
  AST_NODE_TYPES.TSTypeParameter,
  AST_NODE_TYPES.TSTypeLiteral,
  AST_NODE_TYPES.TSTypeOperator,
  AST_NODE_TYPES.TSTypePredicate,
  AST_NODE_TYPES.TSTypeQuery,
  AST_NODE_TYPES.TSTypeReference,
  AST_NODE_TYPES.TSNamedTupleMember,
  AST_NODE_TYPES.TSInterfaceDeclaration,
  AST_NODE_TYPES.TSTypeAliasDeclaration,
  AST_NODE_TYPES.TSClassImplements,
  AST_NODE_TYPES.TSInterfaceHeritage,
  AST_NODE_TYPES.TSDeclareFunction,
  AST_NODE_TYPES.TSEmptyBodyFunctionExpression,
  AST_NODE_TYPES.TSIndexSignature,
  AST_NODE_TYPES.TSAbstractMethodDefinition,
  AST_NODE_TYPES.TSAbstractPropertyDefinition,
  AST_NODE_TYPES.TSAbstractAccessorProperty,
]);

/** `TSStringKeyword`, `TSUnionType`, `TSImportType`…: every other type node. */
const TYPE_NODE_NAME = /^TS\w*(?:Type|Keyword)$/;

/** Whether each node type is a type node, by type: a scan asks once a node. */
const typeLevelTypes = new Map<string, boolean>();

function isTypeLevel(node: Node): boolean {
  let typeLevel = typeLevelTypes.get(node.type);
  if (typeLevel === undefined) {
    typeLevel = TYPE_LEVEL.has(node.type) || TYPE_NODE_NAME.test(node.type);
    typeLevelTypes.set(node.type, typeLevel);
  }
  return typeLevel || (node as { declare?: boolean }).declare === true;
}

/** `/** @jsx h *\/` and `@jsxFrag`: the factory a file names for its JSX. */
const JSX_PRAGMA = /@jsx(?:Frag)?\s+([\w$]+)/g;

const SKIPPED_KEYS = new Set(['parent', 'loc', 'range', 'tokens', 'comments']);

/** Options of {@link valueReferencedNames}. */
export interface ValueScanOptions {
  /**
   * The roots of the JSX factory names (`React` for `React.createElement`): JSX compiles to a
   * call of them, a value use no identifier shows. Default `['React']`; `@jsx` and `@jsxFrag`
   * pragma comments add theirs.
   */
  readonly jsxFactories?: readonly string[];
}

/**
 * The names a program references as values, by a cheap syntactic scan that needs no scope
 * manager (the chain rule reads files that are not being linted). Conservative: a name used
 * as a value anywhere counts, whatever it refers to there; names in TypeScript type nodes
 * and `declare`d code, property keys and member names, labels, and declared names (bindings
 * of variables, parameters, functions, classes, imports) do not. JSX tags that start with a
 * capital or a member (`<Chart>`, `<ui.Chart>`) count, and so does the JSX factory when the
 * file has JSX.
 */
export function valueReferencedNames(program: TSESTree.Program, options: ValueScanOptions = {}): Set<string> {
  return scanValueNames(program, options);
}

/**
 * The scan of {@link valueReferencedNames}, told of each name it finds: it ends as soon as
 * `found` returns `true` (nothing more is asked), or at the end of the program.
 */
function scanValueNames(program: TSESTree.Program, options: ValueScanOptions, found?: (name: string) => boolean): Set<string> {
  const names = new Set<string>();
  let hasJsx = false;
  let done = false;
  const add = (name: string): void => {
    if (names.has(name)) return;
    names.add(name);
    if (found?.(name)) done = true;
  };
  // espree leaves out the TypeScript-only fields (`decorators` on a pattern): a `.ts` file of
  // plain JavaScript can be linted without the TypeScript parser.
  const visitAll = (nodes: readonly (Node | null | undefined)[] | undefined): void => {
    if (nodes) for (const node of nodes) if (node) visit(node);
  };
  const visitPattern = (pattern: Node | null | undefined): void => {
    if (!pattern) return;
    switch (pattern.type) {
      case AST_NODE_TYPES.Identifier:
        visitAll(pattern.decorators);
        return;
      case AST_NODE_TYPES.AssignmentPattern:
        visitPattern(pattern.left);
        visit(pattern.right);
        return;
      case AST_NODE_TYPES.ArrayPattern:
        for (const element of pattern.elements) visitPattern(element);
        return;
      case AST_NODE_TYPES.RestElement:
        visitPattern(pattern.argument);
        return;
      case AST_NODE_TYPES.ObjectPattern:
        for (const property of pattern.properties) {
          if (property.type === AST_NODE_TYPES.RestElement) {
            visitPattern(property.argument);
          } else {
            if (property.computed) visit(property.key);
            visitPattern(property.value);
          }
        }
        return;
      case AST_NODE_TYPES.TSParameterProperty:
        visitAll(pattern.decorators);
        visitPattern(pattern.parameter);
        return;
      default:
        // A member expression as an assignment target reads its object.
        visit(pattern);
    }
  };
  const visitJsxName = (name: Node): void => {
    if (name.type === AST_NODE_TYPES.JSXIdentifier) {
      // Lower-case tags are intrinsic elements (strings), not references.
      if (/^[A-Z_$]/.test(name.name)) add(name.name);
    } else if (name.type === AST_NODE_TYPES.JSXMemberExpression) {
      let object: Node = name.object;
      while (object.type === AST_NODE_TYPES.JSXMemberExpression) object = object.object;
      if (object.type === AST_NODE_TYPES.JSXIdentifier) add(object.name);
    }
  };
  const visit = (node: Node): void => {
    if (done || isTypeLevel(node)) return;
    switch (node.type) {
      case AST_NODE_TYPES.Identifier:
        add(node.name);
        return;
      case AST_NODE_TYPES.ImportDeclaration:
      case AST_NODE_TYPES.ExportAllDeclaration:
        return;
      case AST_NODE_TYPES.ExportNamedDeclaration:
        if (node.source || node.exportKind === 'type') return;
        if (node.declaration) visit(node.declaration);
        for (const specifier of node.specifiers) {
          if (specifier.exportKind !== 'type') visit(specifier.local);
        }
        return;
      case AST_NODE_TYPES.TSImportEqualsDeclaration:
        if (node.importKind !== 'type' && node.moduleReference.type !== AST_NODE_TYPES.TSExternalModuleReference) {
          visit(node.moduleReference);
        }
        return;
      case AST_NODE_TYPES.VariableDeclarator:
        visitPattern(node.id);
        if (node.init) visit(node.init);
        return;
      case AST_NODE_TYPES.FunctionDeclaration:
      case AST_NODE_TYPES.FunctionExpression:
      case AST_NODE_TYPES.ArrowFunctionExpression:
        for (const param of node.params) visitPattern(param);
        visit(node.body);
        return;
      case AST_NODE_TYPES.ClassDeclaration:
      case AST_NODE_TYPES.ClassExpression:
        visitAll(node.decorators);
        if (node.superClass) visit(node.superClass);
        visit(node.body);
        return;
      case AST_NODE_TYPES.CatchClause:
        visitPattern(node.param);
        visit(node.body);
        return;
      case AST_NODE_TYPES.Property:
        if (node.computed) visit(node.key);
        visit(node.value);
        return;
      case AST_NODE_TYPES.MethodDefinition:
      case AST_NODE_TYPES.PropertyDefinition:
      case AST_NODE_TYPES.AccessorProperty:
        visitAll(node.decorators);
        if (node.computed) visit(node.key);
        if (node.value) visit(node.value);
        return;
      case AST_NODE_TYPES.MemberExpression:
        visit(node.object);
        if (node.computed) visit(node.property);
        return;
      case AST_NODE_TYPES.LabeledStatement:
        visit(node.body);
        return;
      case AST_NODE_TYPES.BreakStatement:
      case AST_NODE_TYPES.ContinueStatement:
      case AST_NODE_TYPES.MetaProperty:
        return;
      case AST_NODE_TYPES.TSEnumMember:
        if (node.initializer) visit(node.initializer);
        return;
      case AST_NODE_TYPES.TSModuleDeclaration:
        if (node.body) visit(node.body);
        return;
      case AST_NODE_TYPES.JSXOpeningElement:
        hasJsx = true;
        visitJsxName(node.name);
        visitAll(node.attributes);
        return;
      case AST_NODE_TYPES.JSXClosingElement:
        return;
      case AST_NODE_TYPES.JSXOpeningFragment:
        hasJsx = true;
        return;
      case AST_NODE_TYPES.JSXAttribute:
        if (node.value) visit(node.value);
        return;
      default:
        break;
    }
    for (const key in node) {
      const value = (node as unknown as Record<string, unknown>)[key];
      // Positions, names and flags first: most keys hold no node.
      // `id` names what a declaration declares (an enum, say): not a reference.
      if (typeof value !== 'object' || value === null || SKIPPED_KEYS.has(key) || key === 'id') continue;
      if (Array.isArray(value)) {
        for (const child of value) if (isNode(child)) visit(child);
      } else if (isNode(value)) {
        visit(value);
      }
    }
  };
  visit(program);
  if (hasJsx) for (const name of jsxFactoryNames(program, options)) names.add(name);
  return names;
}

/**
 * The names JSX compiles to calls of, for a file that has JSX: the configured factories
 * (default `React`) and those of `@jsx`/`@jsxFrag` pragma comments (which need the parser's
 * `comments`). A scope manager sees no reference to them.
 */
export function jsxFactoryNames(program: TSESTree.Program, options: ValueScanOptions = {}): string[] {
  const names = [...(options.jsxFactories ?? ['React'])];
  for (const comment of program.comments ?? []) {
    // Most comments name no pragma: a plain search settles them.
    if (!comment.value.includes('@jsx')) continue;
    for (const match of comment.value.matchAll(JSX_PRAGMA)) if (match[1]) names.push(match[1]);
  }
  return names;
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** Options of {@link collectModuleLoads}. */
export interface CollectOptions extends ValueScanOptions {
  /**
   * How the file compiles (see `importSemanticsFor`). Under `'elided'` the loads the build
   * removes are left out, judged by {@link buildKeepsLoad} over {@link valueReferencedNames}.
   * Default `'kept'`: every load written.
   */
  readonly semantics?: ImportSemantics;
  /**
   * The program's source text, when its nodes carry positions (see {@link nodeSpan}): the walk then skips subtrees
   * whose text holds no `import`, `export` or `require`, which cannot load a module (most of
   * a file). A cost saving only: the loads found are the same.
   */
  readonly sourceText?: string;
}

/**
 * Words every load's text holds: `import`, `export … from`, `require` — or `\u`, where an
 * identifier spells `require` with a Unicode escape.
 */
const LOAD_WORDS = /import|export|require|\\u/g;

/** A test of whether a range of `text` holds a load word, by binary search over their offsets. */
function loadWordsWithin(text: string): (range: readonly [number, number]) => boolean {
  const offsets: number[] = [];
  for (const match of text.matchAll(LOAD_WORDS)) offsets.push(match.index);
  return ([start, end]) => {
    let low = 0;
    let high = offsets.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((offsets[middle] as number) < start) low = middle + 1;
      else high = middle;
    }
    const offset = offsets[low];
    return offset !== undefined && offset < end;
  };
}

/**
 * Visits every node under `root`, a node before its children, and links `parent` where it is
 * missing (a tree parsed outside a lint run has none); `enter` returning false skips a node's
 * children.
 */
export function walkLinking(root: Node, enter: (node: Node) => boolean): void {
  const visit = (node: Node): void => {
    if (!enter(node)) return;
    for (const key in node) {
      const value = (node as unknown as Record<string, unknown>)[key];
      if (typeof value !== 'object' || value === null || SKIPPED_KEYS.has(key)) continue;
      if (Array.isArray(value)) {
        for (const child of value) visitChild(node, child);
      } else {
        visitChild(node, value);
      }
    }
  };
  const visitChild = (parent: Node, value: unknown): void => {
    if (!isNode(value)) return;
    if (!value.parent) (value as { parent: Node }).parent = parent;
    visit(value);
  };
  visit(root);
}

/**
 * Every module load in a program, in source order. For analyses outside a lint run (the
 * chain rule reads files that are not being linted); links `parent` where missing. With
 * `semantics: 'elided'`, only the loads the build keeps.
 */
export function collectModuleLoads(program: TSESTree.Program, options: CollectOptions = {}): ModuleLoad[] {
  const loads: ModuleLoad[] = [];
  const mayLoad = options.sourceText === undefined ? undefined : loadWordsWithin(options.sourceText);
  walkLinking(program, (node) => {
    const range = nodeSpan(node);
    if (mayLoad && range && !mayLoad(range)) return false;
    const found = moduleLoadOf(node);
    if (found) loads.push(found);
    return true;
  });
  // Object keys do not follow the source (typescript-estree puts a `try`'s finalizer before
  // its handler); the order is stable for parsers that give no positions.
  loads.sort((a, b) => startOf(a.node) - startOf(b.node));
  if (options.semantics !== 'elided') return loads;
  return loadsTheBuildKeeps(program, loads, 'elided', options);
}

/**
 * The loads among `loads` (found in `program`) that the build keeps under `semantics`:
 * {@link buildKeepsLoad}, with value uses found by one scan of `program` for the bindings
 * it asks about.
 */
export function loadsTheBuildKeeps(
  program: TSESTree.Program,
  loads: readonly ModuleLoad[],
  semantics: ImportSemantics,
  options: ValueScanOptions = {},
): ModuleLoad[] {
  if (semantics === 'kept') return [...loads];
  // The loads whose bindings' uses decide, by binding name: those `buildKeepsLoad` asks about
  // when none is used.
  const undecided = new Set<ModuleLoad>();
  const loadsByName = new Map<string, ModuleLoad[]>();
  for (const load of loads) {
    buildKeepsLoad(load, semantics, (local) => {
      undecided.add(load);
      const named = loadsByName.get(local.name);
      if (named) named.push(load);
      else loadsByName.set(local.name, [load]);
      return false;
    });
  }
  let used: ReadonlySet<string> = new Set();
  if (undecided.size > 0) {
    // One value use keeps a load: the scan ends once every load has one. (A load that only
    // its JSX factory keeps waits for the end of the scan, which adds the factory.)
    used = scanValueNames(program, options, (name) => {
      for (const load of loadsByName.get(name) ?? []) undecided.delete(load);
      return undecided.size === 0;
    });
  }
  return loads.filter((load) => buildKeepsLoad(load, semantics, (local) => used.has(local.name)));
}

/**
 * Where a node is in its source text: its `range`, or the `start` and `end` that oxc-parser
 * gives without one (reading a file costs less when its AST has no `range` arrays).
 * `undefined` for a parser that gives no positions.
 */
export function nodeSpan(node: Node): readonly [number, number] | undefined {
  const { range, start, end } = node as { range?: readonly [number, number]; start?: unknown; end?: unknown };
  if (range) return range;
  return typeof start === 'number' && typeof end === 'number' ? [start, end] : undefined;
}

function startOf(node: Node): number {
  return nodeSpan(node)?.[0] ?? 0;
}
