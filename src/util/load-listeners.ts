import type { TSESTree } from '@typescript-eslint/types';
import type { RuleListener } from '@typescript-eslint/utils/ts-eslint';
import { isRequireCallee } from '../analysis/module-loads.js';
import { readsWithoutJsx } from '../analysis/resolve.js';

/** The calls that may be `require()` or `module.require()`: ESLint's selectors pass on no other call. */
export const REQUIRE_CALL = 'CallExpression[callee.name="require"], CallExpression[callee.property.name="require"]';

/** What a rule does with the nodes {@link moduleLoadListeners} passes on. */
export interface LoadHandlers {
  /** A node that may load a module: `moduleLoadOf` says whether and how. */
  readonly load: (node: TSESTree.Node) => void;
  /** The file has JSX. */
  readonly jsx: () => void;
  /** The whole file has been seen. */
  readonly exit: () => void;
}

/**
 * ESLint listeners for every node that may load a module, as `moduleLoadOf` reads them. Most
 * exports and calls load nothing: ESLint's selectors pass on only those that may (`export …
 * from`, `require()`, `module.require()`), before the rule runs at all. typescript-eslint reads
 * `.ts`, `.mts` and `.cts` files without JSX: there is no JSX listener for them.
 */
export function moduleLoadListeners(filename: string, { load, jsx, exit }: LoadHandlers): RuleListener {
  const listeners: RuleListener = {
    ImportDeclaration: load,
    'ExportNamedDeclaration[source]': load,
    ExportAllDeclaration: load,
    TSImportEqualsDeclaration: load,
    ImportExpression: load,
    [REQUIRE_CALL](node: TSESTree.CallExpression) {
      if (isRequireCallee(node.callee)) load(node);
    },
    'Program:exit': exit,
  };
  if (!readsWithoutJsx(filename)) {
    listeners.JSXElement = jsx;
    listeners.JSXFragment = jsx;
  }
  return listeners;
}
