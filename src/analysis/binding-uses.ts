import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { deferringBoundary } from './module-loads.js';

type Node = TSESTree.Node;

/** The part of a scope-manager reference this analysis reads (ESLint's and typescript-eslint's agree). */
export interface ReferenceLike {
  readonly identifier: Node;
  readonly isTypeReference?: boolean;
  /**
   * typescript-eslint marks `export { x }`, `export default x` and `export = x` as both
   * type and value: the name may be either, so the use keeps the module loaded.
   */
  readonly isValueReference?: boolean;
}

/** The part of a scope-manager variable this analysis reads. */
export interface VariableLike {
  readonly name: string;
  readonly references: readonly ReferenceLike[];
}

/** One use of an imported binding. */
export interface BindingUse {
  readonly variable: VariableLike;
  readonly identifier: Node;
  /** Used only as a type: erased at compile time, needs no load. */
  readonly typeOnly: boolean;
  /** A value use that runs when the module is evaluated. */
  readonly atLoad: boolean;
  /**
   * The innermost function (or instance field) that keeps the use from running at load
   * (`deferringBoundary`), type uses included; `undefined` for a use at module level.
   */
  readonly deferredBy: ReturnType<typeof deferringBoundary>;
}

/** Nodes below which an identifier names a type, even when the scope manager calls it a value (`typeof x`). */
const TYPE_CONTEXTS = new Set<string>([
  AST_NODE_TYPES.TSTypeAnnotation,
  AST_NODE_TYPES.TSTypeQuery,
  AST_NODE_TYPES.TSTypeReference,
  AST_NODE_TYPES.TSTypeParameterInstantiation,
  AST_NODE_TYPES.TSTypeParameterDeclaration,
  AST_NODE_TYPES.TSClassImplements,
  AST_NODE_TYPES.TSInterfaceHeritage,
  AST_NODE_TYPES.TSInterfaceDeclaration,
  AST_NODE_TYPES.TSTypeAliasDeclaration,
  AST_NODE_TYPES.TSIndexedAccessType,
]);

/** Nodes that end the search: above them, no type context can hold an expression. */
const VALUE_ROOTS = new Set<string>([
  AST_NODE_TYPES.ExpressionStatement,
  AST_NODE_TYPES.VariableDeclarator,
  AST_NODE_TYPES.ReturnStatement,
  AST_NODE_TYPES.Program,
]);

/** Whether an identifier stands in a type position (annotation, `implements`, type argument, `typeof x` in a type). */
export function isTypePosition(identifier: Node): boolean {
  for (let current = identifier.parent; current; current = current.parent) {
    if (TYPE_CONTEXTS.has(current.type)) return true;
    if (VALUE_ROOTS.has(current.type)) return false;
    // The expression of `x as T`, `x satisfies T`, `x!` is a value.
    if (
      current.type === AST_NODE_TYPES.TSAsExpression ||
      current.type === AST_NODE_TYPES.TSSatisfiesExpression ||
      current.type === AST_NODE_TYPES.TSNonNullExpression
    ) {
      return false;
    }
  }
  return false;
}

type Boundary = ReturnType<typeof deferringBoundary>;

/**
 * A use; whether it runs at load, and what defers it, are worked out on first read: most
 * callers stop at the first use that settles their question.
 */
class Use implements BindingUse {
  /** The innermost deferring boundary, `null` when there is none; `undefined` until worked out. */
  #deferredBy: Boundary | null = undefined;

  constructor(
    readonly variable: VariableLike,
    readonly identifier: Node,
    readonly typeOnly: boolean,
  ) {}

  get atLoad(): boolean {
    return !this.typeOnly && this.deferredBy === undefined;
  }

  get deferredBy(): Boundary {
    if (this.#deferredBy === undefined) this.#deferredBy = deferringBoundary(this.identifier) ?? null;
    return this.#deferredBy ?? undefined;
  }
}

/** Whether a reference needs the binding's value at run time: it is no type use. */
function isValueUse(reference: ReferenceLike): boolean {
  return !(reference.isTypeReference === true && reference.isValueReference !== true) && !isTypePosition(reference.identifier);
}

/** Every use of the given variables, in source order, classified as type or value and load-time or deferred. */
export function bindingUses(variables: readonly VariableLike[]): BindingUse[] {
  const uses: BindingUse[] = [];
  let sorted = true;
  let last = Number.NEGATIVE_INFINITY;
  for (const variable of variables) {
    for (const reference of variable.references) {
      const { identifier } = reference;
      const start = identifier.range[0];
      if (start < last) sorted = false;
      last = start;
      uses.push(new Use(variable, identifier, !isValueUse(reference)));
    }
  }
  // A scope manager lists most references in source order: sort only those it does not.
  return sorted ? uses : uses.sort((a, b) => a.identifier.range[0] - b.identifier.range[0]);
}

/**
 * Whether any reference uses the variable as a value: the elision check, which stops at the
 * first such use and works out nothing else about the uses.
 */
export function isUsedAsValue(variable: VariableLike): boolean {
  return variable.references.some(isValueUse);
}
