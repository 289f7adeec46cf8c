import { AST_NODE_TYPES, AST_TOKEN_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import type { BindingUse } from '../analysis/binding-uses.js';
import { deferringBoundary, isFunction } from '../analysis/module-loads.js';
import { valueUses, type LoadDeclaration, type LoadedBinding } from './bindings.js';
import { indentationAt, indentUnitOf, onSameLine, startsLine, type TextEdit } from './text.js';

/** A function that can hold a lazy load. */
export type FunctionNode =
  | TSESTree.ArrowFunctionExpression
  | TSESTree.FunctionDeclaration
  | TSESTree.FunctionExpression;

type Boundary = NonNullable<ReturnType<typeof deferringBoundary>>;

/**
 * How the lazy form loads the module: `await import()` needs an async function, `require()`
 * works in any function.
 */
export type LoadCall = 'dynamic-import' | 'require';

/** Why a binding cannot be loaded where it is used. */
export type Blocker =
  /** A value use that runs when the module is evaluated. */
  | { readonly kind: 'module-level'; readonly use: BindingUse }
  /** A value use whose functions are all synchronous (`await import()` cannot go there). */
  | { readonly kind: 'sync-function'; readonly use: BindingUse; readonly fn: FunctionNode }
  /** A value use in a default parameter value: it runs before any statement of the body. */
  | { readonly kind: 'parameter'; readonly use: BindingUse; readonly fn: FunctionNode }
  /** A value use directly in an instance field initializer: there is no body to put a load in. */
  | {
      readonly kind: 'field';
      readonly use: BindingUse;
      readonly field: TSESTree.PropertyDefinition | TSESTree.AccessorProperty;
    };

/** A function that gets a lazy load, and the bindings it reads. */
export interface Holder {
  readonly fn: FunctionNode;
  readonly bindings: readonly LoadedBinding[];
}

/** Where the lazy form puts its loads, or what keeps it from having one. */
export type Placement = { readonly holders: readonly Holder[] } | { readonly blocker: Blocker };

function contains(outer: TSESTree.Node, inner: TSESTree.Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}

const chains = new WeakMap<Boundary, readonly Boundary[]>();

/**
 * The deferring boundaries from `first` (a node's innermost) outwards. The uses of a file
 * share most of their chains (the methods of one class, the callbacks of one function):
 * each chain above a boundary is worked out once.
 */
function chainFrom(first: Boundary | undefined): readonly Boundary[] {
  if (!first) return [];
  let chain = chains.get(first);
  if (!chain) {
    chain = [first, ...chainFrom(deferringBoundary(first))];
    chains.set(first, chain);
  }
  return chain;
}

/**
 * The outermost function whose body holds `use` and can load the module before the use
 * runs, or what blocks every candidate. The outermost is chosen so that each function that
 * loads the module does so once, at its top, and nested callbacks share that load.
 */
function holderOf(use: BindingUse, call: LoadCall): FunctionNode | Blocker {
  const chain = chainFrom(use.deferredBy);
  let outermost: FunctionNode | undefined;
  for (let index = chain.length - 1; index >= 0; index--) {
    const boundary = chain[index];
    if (!boundary || !isFunction(boundary)) continue;
    if (contains(boundary.body, use.identifier) && (call === 'require' || boundary.async)) return boundary;
    outermost ??= boundary;
  }
  if (!outermost) {
    const field = chain[0];
    if (field && !isFunction(field)) return { kind: 'field', use, field };
    return { kind: 'module-level', use };
  }
  if (!contains(outermost.body, use.identifier)) return { kind: 'parameter', use, fn: outermost };
  return { kind: 'sync-function', use, fn: outermost };
}

/**
 * Where each value use of `bindings` gets its module: the functions that will load it and
 * the bindings each reads, in source order; or the use that keeps the module from being
 * loaded lazily (a use at module level first, else the first in source order). `call` is how
 * the lazy form loads the module.
 */
export function placeLoads(bindings: readonly LoadedBinding[], call: LoadCall): Placement {
  // A use at module level blocks every lazy form, so it is the one to name first. Each
  // binding's uses are in source order: its first such use is the one to compare.
  let atLoad: BindingUse | undefined;
  for (const binding of bindings) {
    for (const use of valueUses(binding)) {
      if (!use.atLoad) continue;
      if (!atLoad || use.identifier.range[0] < atLoad.identifier.range[0]) atLoad = use;
      break;
    }
  }
  if (atLoad) return { blocker: { kind: 'module-level', use: atLoad } };
  // The uses of all bindings in source order, merged from each binding's (in source order
  // already) as they are read: the first that no function can hold blocks the lazy form.
  const holders = new Map<FunctionNode, Set<LoadedBinding>>();
  const next = bindings.map(() => 0);
  for (;;) {
    let binding: LoadedBinding | undefined;
    let use: BindingUse | undefined;
    let from = -1;
    for (let index = 0; index < bindings.length; index++) {
      const candidate = bindings[index];
      const candidateUse = candidate && valueUses(candidate)[next[index] ?? 0];
      if (candidateUse && (!use || candidateUse.identifier.range[0] < use.identifier.range[0])) {
        binding = candidate;
        use = candidateUse;
        from = index;
      }
    }
    if (!binding || !use) break;
    next[from] = (next[from] ?? 0) + 1;
    const holder = holderOf(use, call);
    if (!('type' in holder)) return { blocker: holder };
    const held = holders.get(holder) ?? new Set();
    held.add(binding);
    holders.set(holder, held);
  }
  return {
    holders: [...holders]
      .sort(([a], [b]) => a.range[0] - b.range[0])
      .map(([fn, held]) => ({ fn, bindings: bindings.filter((binding) => held.has(binding)) })),
  };
}

/**
 * Wraps a load the lazy form adds (`import('m')`, `require('m')`) in an expression with the
 * same value, such as one that explains a missing package. It may span lines, indented from
 * the line it starts on.
 */
export type LoadWrapper = (load: string, call: LoadCall) => string;

/** The part of `require('m').a.b` after the call, for a wrapped call to keep. */
function afterRequireCall(initText: string, sourceText: string): string {
  const close = initText.indexOf(')', initText.indexOf(sourceText) + sourceText.length);
  return initText.slice(close + 1);
}

function patternEntry(binding: LoadedBinding): string {
  return binding.key === binding.local ? binding.local : `${binding.key ?? ''}: ${binding.local}`;
}

/**
 * The statements that load `bindings` of `declaration` inside a function: `await import()`
 * for imports, `require()` for CommonJS forms. A namespace binding gets a statement of its
 * own; the other bindings share one destructuring statement.
 */
export function loadStatements(declaration: LoadDeclaration, bindings: readonly LoadedBinding[], wrap?: LoadWrapper): string[] {
  const { sourceText } = declaration;
  const requireCall = wrap ? wrap(`require(${sourceText})`, 'require') : `require(${sourceText})`;
  const whole = bindings.filter((binding) => binding.key === null);
  const keyed = bindings.filter((binding) => binding.key !== null);
  const statements: string[] = [];
  const pattern = keyed.length > 0 ? `{ ${keyed.map(patternEntry).join(', ')} }` : undefined;
  switch (declaration.form) {
    case 'import': {
      const load = `await ${wrap ? wrap(`import(${sourceText})`, 'dynamic-import') : `import(${sourceText})`}`;
      if (pattern) statements.push(`const ${pattern} = ${load};`);
      for (const binding of whole) statements.push(`const ${binding.local} = ${load};`);
      break;
    }
    case 'import-equals':
      for (const binding of whole) {
        statements.push(`const ${binding.local}: typeof import(${sourceText}) = ${requireCall};`);
      }
      break;
    case 'require': {
      const init = wrap ? requireCall + afterRequireCall(declaration.initText, sourceText) : declaration.initText;
      const tail = `${declaration.annotationText} = ${init};`;
      if (pattern) statements.push(`const ${pattern}${tail}`);
      for (const binding of whole) statements.push(`const ${binding.local}${tail}`);
      break;
    }
  }
  return statements;
}

/** `await import('m')`, `require('m')` or `require('m').a`: an initializer that only loads a module. */
function isLoadInitializer(node: TSESTree.Expression | null): boolean {
  if (!node) return false;
  if (node.type === AST_NODE_TYPES.AwaitExpression) {
    const argument = node.argument;
    return (
      argument.type === AST_NODE_TYPES.ImportExpression &&
      argument.source.type === AST_NODE_TYPES.Literal &&
      !argument.options
    );
  }
  let current: TSESTree.Node = node;
  while (current.type === AST_NODE_TYPES.MemberExpression && !current.computed && !current.optional) current = current.object;
  return (
    current.type === AST_NODE_TYPES.CallExpression &&
    current.callee.type === AST_NODE_TYPES.Identifier &&
    current.callee.name === 'require' &&
    current.arguments.length === 1 &&
    current.arguments[0]?.type === AST_NODE_TYPES.Literal
  );
}

/**
 * Whether a statement only loads a module into plain names (`const { a } = await import('m')`,
 * `const m = require('m')`): a new load goes after these, so several lazy loads keep the
 * order of the imports they replace. Patterns with defaults are excluded: they run code.
 */
function isLoadStatement(statement: TSESTree.Statement): boolean {
  if (statement.type !== AST_NODE_TYPES.VariableDeclaration || statement.declarations.length !== 1) return false;
  const [declarator] = statement.declarations;
  if (!declarator || !isLoadInitializer(declarator.init)) return false;
  const { id } = declarator;
  return (
    id.type === AST_NODE_TYPES.Identifier ||
    (id.type === AST_NODE_TYPES.ObjectPattern &&
      id.properties.every(
        (property) =>
          property.type === AST_NODE_TYPES.Property &&
          !property.computed &&
          property.value.type === AST_NODE_TYPES.Identifier,
      ))
  );
}

/** Statements at the top of a block body that a new load goes after: directives, then loads. */
function leadingStatements(body: TSESTree.BlockStatement): TSESTree.Statement[] {
  const leading: TSESTree.Statement[] = [];
  let index = 0;
  for (; index < body.body.length; index++) {
    const statement = body.body[index];
    if (statement?.type !== AST_NODE_TYPES.ExpressionStatement || statement.directive === undefined) break;
    leading.push(statement);
  }
  for (; index < body.body.length; index++) {
    const statement = body.body[index];
    if (!statement || !isLoadStatement(statement)) break;
    leading.push(statement);
  }
  return leading;
}

/** A statement of several lines, its later lines moved in by `indent` to follow its first. */
function indented(statement: string, indent: string): string {
  return statement.replaceAll('\n', `\n${indent}`);
}

/** Edits that put `statements` at the top of a block body, in the body's layout. */
function blockInsertion(
  sourceCode: Readonly<SourceCode>,
  fn: FunctionNode,
  body: TSESTree.BlockStatement,
  statements: readonly string[],
): TextEdit | null {
  const { text } = sourceCode;
  const opening = sourceCode.getFirstToken(body);
  if (!opening) return null;
  let anchor: TSESTree.Node | TSESTree.Token = leadingStatements(body).at(-1) ?? opening;
  // A comment that ends the anchor's line belongs to it: insert after the comment.
  for (const comment of sourceCode.getCommentsAfter(anchor)) {
    if (!onSameLine(text, anchor.range[1], comment.range[0])) break;
    anchor = comment;
  }
  const next = sourceCode.getTokenAfter(anchor, { includeComments: true });
  if (!next) return null;
  const at = anchor.range[1];
  if (onSameLine(text, at, next.range[0])) {
    const outer = indentationAt(text, fn.range[0]);
    return { range: [at, at], text: statements.map((statement) => ` ${indented(statement, outer)}`).join('') };
  }
  const firstStatement = body.body.find((statement) => statement.range[0] >= at);
  const indent =
    firstStatement && startsLine(text, firstStatement.range[0])
      ? indentationAt(text, firstStatement.range[0])
      : indentationAt(text, fn.range[0]) + indentUnitOf(text);
  return { range: [at, at], text: statements.map((statement) => `\n${indent}${indented(statement, indent)}`).join('') };
}

/** Edits that turn an expression-bodied arrow into a block that loads first, then returns. */
function arrowInsertion(
  sourceCode: Readonly<SourceCode>,
  fn: TSESTree.ArrowFunctionExpression,
  statements: readonly string[],
): TextEdit | null {
  const { text } = sourceCode;
  const arrow = sourceCode.getTokenBefore(fn.body, {
    filter: (token) => token.type === AST_TOKEN_TYPES.Punctuator && token.value === '=>',
  });
  if (!arrow) return null;
  // `return` then a comment and a line break would return undefined (ASI): keep such arrows as they are.
  if (sourceCode.getCommentsAfter(arrow).length > 0) return null;
  const first = sourceCode.getTokenAfter(arrow);
  if (!first) return null;
  const expression = text.slice(first.range[0], fn.range[1]);
  const start = arrow.range[1];
  // A load of several lines gets a block of several lines.
  if (onSameLine(text, fn.range[0], fn.range[1]) && !statements.some((statement) => statement.includes('\n'))) {
    return { range: [start, fn.range[1]], text: ` { ${statements.join(' ')} return ${expression}; }` };
  }
  const indent = indentationAt(text, arrow.range[0]);
  const inner = indent + indentUnitOf(text);
  const lines = [...statements, `return ${expression};`].map((line) => `\n${inner}${indented(line, inner)}`).join('');
  return { range: [start, fn.range[1]], text: ` {${lines}\n${indent}}` };
}

/** The edit that loads the module at the top of `fn` with `statements`. */
export function insertionInto(
  sourceCode: Readonly<SourceCode>,
  fn: FunctionNode,
  statements: readonly string[],
): TextEdit | null {
  if (fn.body.type === AST_NODE_TYPES.BlockStatement) return blockInsertion(sourceCode, fn, fn.body, statements);
  if (fn.type !== AST_NODE_TYPES.ArrowFunctionExpression) return null;
  return arrowInsertion(sourceCode, fn, statements);
}

/** Whether edits can be applied together: no two of them touch the same text. */
export function disjoint(edits: readonly TextEdit[]): boolean {
  const sorted = [...edits].sort((a, b) => a.range[0] - b.range[0]);
  return sorted.every((edit, index) => {
    const previous = sorted[index - 1];
    return !previous || previous.range[1] <= edit.range[0];
  });
}
