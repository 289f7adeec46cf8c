import { AST_NODE_TYPES, AST_TOKEN_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import type { LoadedBinding } from './bindings.js';

type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

const decoratedClasses = new WeakMap<ClassNode, boolean>();

/** Whether the class or any of its members or parameters has a decorator, worked out once per class. */
function classHasDecorators(node: ClassNode): boolean {
  let decorated = decoratedClasses.get(node);
  if (decorated === undefined) {
    decorated =
      node.decorators.length > 0 ||
      node.body.body.some((member) => {
        if ('decorators' in member && member.decorators.length > 0) return true;
        if (member.type !== AST_NODE_TYPES.MethodDefinition && member.type !== AST_NODE_TYPES.TSAbstractMethodDefinition) {
          return false;
        }
        return member.value.params.some((param) => 'decorators' in param && param.decorators.length > 0);
      });
    decoratedClasses.set(node, decorated);
  }
  return decorated;
}

/**
 * Whether a type use may be a value after all: with `emitDecoratorMetadata`, the types in a
 * decorated class's signatures are emitted as values, so such a name cannot become
 * `import type`. Any decorator in the enclosing class counts: the parser options that
 * would say more are not always known. A walk up the parents with each class's answer kept
 * costs less than keeping an answer for every node passed.
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
  if (jsx.size === 0) return false;
  return bindings.some((binding) => {
    const starts = jsx.get(binding.local);
    if (!starts) return false;
    const seen = new Set(binding.uses.map((use) => use.identifier.range[0]));
    return starts.some((start) => !seen.has(start));
  });
}

const jsxByFile = new WeakMap<object, ReadonlyMap<string, readonly number[]>>();

/** Where each name appears as a JSX identifier, found once per file: most files have none. */
function jsxIdentifiers(sourceCode: Readonly<SourceCode>): ReadonlyMap<string, readonly number[]> {
  let found = jsxByFile.get(sourceCode.ast);
  if (!found) {
    const starts = new Map<string, number[]>();
    for (const token of sourceCode.ast.tokens) {
      if (token.type !== AST_TOKEN_TYPES.JSXIdentifier) continue;
      const list = starts.get(token.value);
      if (list) list.push(token.range[0]);
      else starts.set(token.value, [token.range[0]]);
    }
    found = starts;
    jsxByFile.set(sourceCode.ast, found);
  }
  return found;
}

const jsdocNamesByFile = new WeakMap<object, ReadonlySet<string>>();

/**
 * Names that JSDoc types of the file mention (`@param {Client} c`), found once per file: each
 * run of name characters inside braces that no `.` qualifies.
 */
function jsdocTypeNames(sourceCode: Readonly<SourceCode>): ReadonlySet<string> {
  let names = jsdocNamesByFile.get(sourceCode.ast);
  if (!names) {
    const found = new Set<string>();
    for (const comment of sourceCode.ast.comments ?? []) {
      if (comment.type !== AST_TOKEN_TYPES.Block || !comment.value.startsWith('*')) continue;
      for (const type of comment.value.match(/\{[^}]*\}/g) ?? []) {
        for (const name of type.match(/(?<![\w$.])[\w$]+/g) ?? []) found.add(name);
      }
    }
    names = found;
    jsdocNamesByFile.set(sourceCode.ast, names);
  }
  return names;
}

/**
 * Whether a JSDoc type (`@param {Client} c`) names one of the bindings: TypeScript's `checkJs`
 * resolves it to the import, which the lazy form removes.
 */
export function jsdocNamesBindings(sourceCode: Readonly<SourceCode>, bindings: readonly LoadedBinding[]): boolean {
  const names = jsdocTypeNames(sourceCode);
  return names.size > 0 && bindings.some((binding) => names.has(binding.local));
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
