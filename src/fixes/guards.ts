import { AST_NODE_TYPES, AST_TOKEN_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import type { LoadedBinding } from './bindings.js';

type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

function classHasDecorators(node: ClassNode): boolean {
  if (node.decorators.length > 0) return true;
  return node.body.body.some((member) => {
    if ('decorators' in member && member.decorators.length > 0) return true;
    if (member.type !== AST_NODE_TYPES.MethodDefinition && member.type !== AST_NODE_TYPES.TSAbstractMethodDefinition) {
      return false;
    }
    return member.value.params.some((param) => 'decorators' in param && param.decorators.length > 0);
  });
}

/**
 * Whether a type use may be a value after all: with `emitDecoratorMetadata`, the types in a
 * decorated class's signatures are emitted as values, so such a name cannot become
 * `import type`. Any decorator in the enclosing class counts: the parser options that
 * would say more are not always known.
 */
export function mayBeDecoratorMetadata(identifier: TSESTree.Node): boolean {
  for (let current = identifier.parent; current; current = current.parent) {
    if (
      (current.type === AST_NODE_TYPES.ClassDeclaration || current.type === AST_NODE_TYPES.ClassExpression) &&
      classHasDecorators(current)
    ) {
      return true;
    }
  }
  return false;
}

/**
 * Whether JSX in the file names one of the bindings where the scope manager saw no use.
 * ESLint's own scope analysis records no references for JSX, so with espree a `<Chart />`
 * is invisible to `bindingUses`; moving or renaming the binding would break it.
 */
export function jsxHidesUses(sourceCode: Readonly<SourceCode>, bindings: readonly LoadedBinding[]): boolean {
  const jsx = jsxIdentifiers(sourceCode);
  if (jsx.length === 0) return false;
  const names = new Set(bindings.map((binding) => binding.local));
  const seen = new Set<number>();
  for (const binding of bindings) for (const use of binding.uses) seen.add(use.identifier.range[0]);
  return jsx.some((token) => names.has(token.value) && !seen.has(token.range[0]));
}

const jsxByFile = new WeakMap<object, readonly TSESTree.Token[]>();

/** The file's JSX identifier tokens, found once per file: most files have none. */
function jsxIdentifiers(sourceCode: Readonly<SourceCode>): readonly TSESTree.Token[] {
  let found = jsxByFile.get(sourceCode.ast);
  if (!found) {
    found = sourceCode.ast.tokens.filter((token) => token.type === AST_TOKEN_TYPES.JSXIdentifier);
    jsxByFile.set(sourceCode.ast, found);
  }
  return found;
}

const jsdocTypesByFile = new WeakMap<object, string>();

/**
 * Whether a JSDoc type (`@param {Client} c`) names one of the bindings: TypeScript's `checkJs`
 * resolves it to the import, which the lazy form removes.
 */
export function jsdocNamesBindings(sourceCode: Readonly<SourceCode>, bindings: readonly LoadedBinding[]): boolean {
  let types = jsdocTypesByFile.get(sourceCode.ast);
  if (types === undefined) {
    types = (sourceCode.ast.comments ?? [])
      .filter((comment) => comment.type === AST_TOKEN_TYPES.Block && comment.value.startsWith('*'))
      .flatMap((comment) => comment.value.match(/\{[^}]*\}/g) ?? [])
      .join('\n');
    jsdocTypesByFile.set(sourceCode.ast, types);
  }
  if (types === '') return false;
  const jsdoc = types;
  return bindings.some((binding) => new RegExp(`(?<![\\w$.])${binding.local.replace(/\$/g, '\\$')}(?![\\w$])`).test(jsdoc));
}

const namesByFile = new WeakMap<object, Set<string>>();

/** Names written anywhere in the file: a new name outside this set cannot capture or shadow another. */
export function namesInFile(sourceCode: Readonly<SourceCode>): ReadonlySet<string> {
  let names = namesByFile.get(sourceCode.ast);
  if (!names) {
    names = new Set<string>();
    for (const token of sourceCode.ast.tokens) {
      if (
        token.type === AST_TOKEN_TYPES.Identifier ||
        token.type === AST_TOKEN_TYPES.JSXIdentifier ||
        token.type === AST_TOKEN_TYPES.Keyword
      ) {
        names.add(token.value);
      }
    }
    namesByFile.set(sourceCode.ast, names);
  }
  return names;
}
