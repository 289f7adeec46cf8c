import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { hasTypeUse, valueUses, type LoadDeclaration, type LoadedBinding } from './bindings.js';
import { mayBeDecoratorMetadata } from './guards.js';
import { replaceStatement, type TextEdit } from './text.js';

/** `;` when the statement was written with one: new statements follow the file's style. */
function semicolonOf(sourceCode: Readonly<SourceCode>, statement: TSESTree.Node): string {
  return sourceCode.getLastToken(statement)?.value === ';' ? ';' : '';
}

function namedSpecifier(binding: LoadedBinding): string {
  return binding.key === binding.local ? binding.local : `${binding.key ?? ''} as ${binding.local}`;
}

/**
 * Import statements for `bindings` of `declaration`, as `import type` when `asType` is set:
 * default, namespace and named parts each get a statement of their own where TypeScript
 * allows no other combination. `null` when the declaration has no such form (`require`).
 */
export function importStatements(
  sourceCode: Readonly<SourceCode>,
  declaration: LoadDeclaration,
  bindings: readonly LoadedBinding[],
  asType: boolean,
): string[] | null {
  if (bindings.length === 0) return [];
  const semicolon = semicolonOf(sourceCode, declaration.statement);
  const keyword = asType ? 'import type' : 'import';
  const from = `from ${declaration.sourceText}${semicolon}`;
  if (declaration.form === 'import-equals') {
    const [binding] = bindings;
    return binding ? [`${keyword} ${binding.local} = require(${declaration.sourceText})${semicolon}`] : [];
  }
  if (declaration.form !== 'import') return null;
  const defaults: LoadedBinding[] = [];
  const namespaces: LoadedBinding[] = [];
  const named: LoadedBinding[] = [];
  for (const binding of bindings) {
    if (binding.key === 'default' && isDefaultSpecifier(binding)) defaults.push(binding);
    else if (binding.key === null) namespaces.push(binding);
    else named.push(binding);
  }
  const namedPart = named.length > 0 ? `{ ${named.map(namedSpecifier).join(', ')} }` : undefined;
  const [namespace] = namespaces;
  if (!asType) {
    // A value import may combine one default with either a namespace or named bindings.
    const parts = [...defaults.map((binding) => binding.local)];
    if (namespace) parts.push(`* as ${namespace.local}`);
    if (namedPart) parts.push(namedPart);
    if (defaults.length > 1 || namespaces.length > 1 || (namespace && namedPart)) return null;
    return [`${keyword} ${parts.join(', ')} ${from}`];
  }
  return [
    ...defaults.map((binding) => `${keyword} ${binding.local} ${from}`),
    ...namespaces.map((binding) => `${keyword} * as ${binding.local} ${from}`),
    ...(namedPart ? [`${keyword} ${namedPart} ${from}`] : []),
  ];
}

function isDefaultSpecifier(binding: LoadedBinding): boolean {
  return binding.node.type === AST_NODE_TYPES.ImportDefaultSpecifier;
}

/**
 * The bindings of a declaration that the type-only fix turns into `import type`: all of them
 * when no binding is used as a value (and at least one is used or marked as a type), else
 * those marked `type` inline or used only as types.
 */
export function typeOnlyBindings(declaration: LoadDeclaration): LoadedBinding[] {
  const { bindings } = declaration;
  const anyValueUse = bindings.some((binding) => !binding.markedType && valueUses(binding).length > 0);
  if (!anyValueUse) {
    return bindings.some((binding) => binding.markedType || hasTypeUse(binding)) ? [...bindings] : [];
  }
  return bindings.filter((binding) => binding.markedType || (hasTypeUse(binding) && valueUses(binding).length === 0));
}

/**
 * Whether a binding that is not marked `type` may still be needed as a value by emitted
 * decorator metadata: such a binding cannot be declared with `import type`.
 */
export function typeUsesMayNeedValue(bindings: readonly LoadedBinding[]): boolean {
  return bindings.some(
    (binding) => !binding.markedType && binding.uses.some((use) => use.typeOnly && mayBeDecoratorMetadata(use.identifier)),
  );
}

/** Edits that remove every inline `type` keyword of the given specifiers. */
function inlineTypeKeywordRemovals(
  sourceCode: Readonly<SourceCode>,
  specifiers: readonly (TSESTree.ImportClause | TSESTree.ExportSpecifier)[],
): TextEdit[] | null {
  const edits: TextEdit[] = [];
  for (const specifier of specifiers) {
    const marked =
      (specifier.type === AST_NODE_TYPES.ImportSpecifier && specifier.importKind === 'type') ||
      (specifier.type === AST_NODE_TYPES.ExportSpecifier && specifier.exportKind === 'type');
    if (!marked) continue;
    const keyword = sourceCode.getFirstToken(specifier);
    const next = keyword && sourceCode.getTokenAfter(keyword, { includeComments: true });
    if (keyword?.value !== 'type' || !next) return null;
    edits.push({ range: [keyword.range[0], next.range[0]], text: '' });
  }
  return edits;
}

/** ` type` after the statement's first keyword (`import`, `export`). */
function typeKeywordInsertion(sourceCode: Readonly<SourceCode>, statement: TSESTree.Node): TextEdit | null {
  const first = sourceCode.getFirstToken(statement);
  return first ? { range: [first.range[1], first.range[1]], text: ' type' } : null;
}

/**
 * The safe fix of an import whose bindings are (partly) used only as types: the type part
 * becomes `import type`; a value part stays as a separate import. Comments are kept: a
 * statement rewritten in place keeps its text, and the comments of one that must be rebuilt
 * follow the new statements. `null` when nothing can become `import type`. `typeBindings` are
 * the declaration's {@link typeOnlyBindings}.
 */
export function typeOnlyEdits(
  sourceCode: Readonly<SourceCode>,
  declaration: LoadDeclaration,
  typeBindings: readonly LoadedBinding[],
): TextEdit[] | null {
  if (declaration.form === 'require') return null;
  if (typeBindings.length === 0 || typeUsesMayNeedValue(typeBindings)) return null;
  const { statement } = declaration;
  const valueBindings = declaration.bindings.filter((binding) => !typeBindings.includes(binding));
  const inPlace =
    valueBindings.length === 0 &&
    (statement.type === AST_NODE_TYPES.TSImportEqualsDeclaration ||
      (statement.type === AST_NODE_TYPES.ImportDeclaration &&
        (statement.specifiers.length === 1 ||
          statement.specifiers.every((specifier) => specifier.type === AST_NODE_TYPES.ImportSpecifier))));
  if (inPlace) {
    const insertion = typeKeywordInsertion(sourceCode, statement);
    const removals =
      statement.type === AST_NODE_TYPES.ImportDeclaration ? inlineTypeKeywordRemovals(sourceCode, statement.specifiers) : [];
    return insertion && removals ? [insertion, ...removals] : null;
  }
  const typeStatements = importStatements(sourceCode, declaration, typeBindings, true);
  const valueStatements = importStatements(sourceCode, declaration, valueBindings, false);
  if (!typeStatements || !valueStatements) return null;
  return [replaceStatement(sourceCode, statement, [...typeStatements, ...valueStatements])];
}

/** `export { type A, type B } from 'm'` → `export type { A, B } from 'm'`. */
export function exportTypeEdits(
  sourceCode: Readonly<SourceCode>,
  statement: TSESTree.ExportNamedDeclaration,
): TextEdit[] | null {
  const insertion = typeKeywordInsertion(sourceCode, statement);
  const removals = inlineTypeKeywordRemovals(sourceCode, statement.specifiers);
  return insertion && removals ? [insertion, ...removals] : null;
}
