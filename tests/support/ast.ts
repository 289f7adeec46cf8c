import type { AST_NODE_TYPES, TSESTree } from '@typescript-eslint/types';
import { collectModuleLoads } from '../../src/analysis/module-loads.js';

/** Every node of a type, in source order; links `parent` on the way (via collectModuleLoads). */
export function collectNodes<T extends AST_NODE_TYPES>(
  program: TSESTree.Program,
  type: T,
): Extract<TSESTree.Node, { type: T }>[] {
  collectModuleLoads(program);
  const found: Extract<TSESTree.Node, { type: T }>[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (typeof value !== 'object' || value === null || typeof (value as { type?: unknown }).type !== 'string') return;
    const node = value as TSESTree.Node;
    if (node.type === type) found.push(node as Extract<TSESTree.Node, { type: T }>);
    for (const [key, child] of Object.entries(node)) {
      if (key !== 'parent') visit(child);
    }
  };
  visit(program);
  return found.sort((a, b) => a.range[0] - b.range[0]);
}
