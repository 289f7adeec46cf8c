import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { FunctionNode } from './lazy-form.js';

/** The name of a property key as a reader would say it, or '' when it is computed. */
export function keyName(key: TSESTree.Node, computed: boolean): string {
  if (key.type === AST_NODE_TYPES.PrivateIdentifier) return `#${key.name}`;
  if (computed) return '';
  if (key.type === AST_NODE_TYPES.Identifier) return key.name;
  if (key.type === AST_NODE_TYPES.Literal) return String(key.value);
  return '';
}

function className(node: TSESTree.Node | undefined): string {
  if (
    (node?.type === AST_NODE_TYPES.ClassDeclaration || node?.type === AST_NODE_TYPES.ClassExpression) &&
    node.id
  ) {
    return node.id.name;
  }
  return '';
}

/** The name a function is known by: its own, or the variable, property or method it is assigned to. */
function nameOf(fn: FunctionNode): string {
  if (fn.type !== AST_NODE_TYPES.ArrowFunctionExpression && fn.id) return fn.id.name;
  const parent = fn.parent;
  switch (parent.type) {
    case AST_NODE_TYPES.VariableDeclarator:
      return parent.id.type === AST_NODE_TYPES.Identifier ? parent.id.name : '';
    case AST_NODE_TYPES.MethodDefinition:
    case AST_NODE_TYPES.Property:
    case AST_NODE_TYPES.PropertyDefinition:
      return keyName(parent.key, parent.computed);
    case AST_NODE_TYPES.AssignmentExpression:
      if (parent.left.type === AST_NODE_TYPES.Identifier) return parent.left.name;
      if (parent.left.type === AST_NODE_TYPES.MemberExpression) return keyName(parent.left.property, parent.left.computed);
      return '';
    default:
      return '';
  }
}

/**
 * How a message names a function: "function `charge`", "method `run`", "the constructor of
 * `Client`", "generator function `rows`", "the arrow function".
 */
export function describeFunction(fn: FunctionNode): string {
  const name = nameOf(fn);
  const parent = fn.parent;
  if (parent.type === AST_NODE_TYPES.MethodDefinition || (parent.type === AST_NODE_TYPES.Property && parent.value === fn && (parent.method || parent.kind !== 'init'))) {
    if (parent.kind === 'constructor') {
      const owner = className(parent.parent.parent);
      return owner ? `the constructor of \`${owner}\`` : 'the constructor';
    }
    const kind = parent.kind === 'get' ? 'getter' : parent.kind === 'set' ? 'setter' : fn.generator ? 'generator method' : 'method';
    return name ? `${kind} \`${name}\`` : `a ${kind}`;
  }
  const kind = fn.generator ? 'generator function' : 'function';
  if (name) return `${kind} \`${name}\``;
  return fn.type === AST_NODE_TYPES.ArrowFunctionExpression ? 'the arrow function' : `the anonymous ${kind}`;
}

/** How a message names a class field: "field `client`". */
export function describeField(field: TSESTree.PropertyDefinition | TSESTree.AccessorProperty): string {
  const name = keyName(field.key, field.computed);
  return name ? `field \`${name}\`` : 'a computed field';
}
