import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { deferringBoundary, type ModuleLoad } from './module-loads.js';

type Node = TSESTree.Node;
type FunctionNode = TSESTree.ArrowFunctionExpression | TSESTree.FunctionDeclaration | TSESTree.FunctionExpression;

/** A statement as it declares, when it is `export`ed or `export default`ed. */
function declarationOf(statement: TSESTree.ProgramStatement): Node {
  if (
    (statement.type === AST_NODE_TYPES.ExportNamedDeclaration || statement.type === AST_NODE_TYPES.ExportDefaultDeclaration) &&
    statement.declaration
  ) {
    return statement.declaration;
  }
  return statement;
}

/** The functions a program declares at module scope, by name: `function main` and `const main = () => …`. */
function moduleFunctions(program: TSESTree.Program): Map<string, FunctionNode> {
  const functions = new Map<string, FunctionNode>();
  for (const statement of program.body) {
    const declaration = declarationOf(statement);
    if (declaration.type === AST_NODE_TYPES.FunctionDeclaration && declaration.id) {
      functions.set(declaration.id.name, declaration);
    } else if (declaration.type === AST_NODE_TYPES.VariableDeclaration && declaration.kind === 'const') {
      for (const declarator of declaration.declarations) {
        const init = declarator.init;
        if (
          declarator.id.type === AST_NODE_TYPES.Identifier &&
          (init?.type === AST_NODE_TYPES.ArrowFunctionExpression || init?.type === AST_NODE_TYPES.FunctionExpression)
        ) {
          functions.set(declarator.id.name, init);
        }
      }
    }
  }
  return functions;
}

/**
 * The name a statement's expression starts the program with: `main()`, `await main()`,
 * `void main()`, `main().catch(…)`, `main().then(…).catch(…)`, `process.exitCode = await main()`.
 */
function calledName(expression: Node): string | undefined {
  let current: Node = expression;
  for (;;) {
    if (current.type === AST_NODE_TYPES.AwaitExpression || current.type === AST_NODE_TYPES.UnaryExpression) {
      current = current.argument;
    } else if (current.type === AST_NODE_TYPES.AssignmentExpression) {
      current = current.right;
    } else if (current.type === AST_NODE_TYPES.CallExpression) {
      if (current.callee.type === AST_NODE_TYPES.Identifier) return current.callee.name;
      // A promise's handlers: the program starts with the call they are chained to.
      if (current.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
      current = current.callee.object;
    } else {
      return undefined;
    }
  }
}

/** The names the statements call while the module evaluates, in blocks, `if` and `try` too (`if (require.main === module) main();`). */
function namesCalled(statements: readonly Node[], names: Set<string>): void {
  for (const statement of statements) {
    if (statement.type === AST_NODE_TYPES.ExpressionStatement) {
      const name = calledName(statement.expression);
      if (name !== undefined) names.add(name);
    } else if (statement.type === AST_NODE_TYPES.BlockStatement) {
      namesCalled(statement.body, names);
    } else if (statement.type === AST_NODE_TYPES.IfStatement) {
      namesCalled(statement.alternate ? [statement.consequent, statement.alternate] : [statement.consequent], names);
    } else if (statement.type === AST_NODE_TYPES.TryStatement) {
      namesCalled([statement.block], names);
    } else if (statement.type === AST_NODE_TYPES.VariableDeclaration) {
      // `const code = await main();`
      for (const declarator of statement.declarations) {
        const name = declarator.init ? calledName(declarator.init) : undefined;
        if (name !== undefined) names.add(name);
      }
    }
  }
}

/**
 * The loads of a program that run when it calls, while it evaluates, a function it declares
 * at module scope (`await main()`, `main().catch(…)`, `void main()`): in the body of that
 * function itself, one level deep (not in functions inside it). In the file a program starts
 * at, these run at start-up as surely as its top-level loads; in any other file the function
 * keeps its own semantics.
 */
export function loadsOfStartFunctions(program: TSESTree.Program, loads: readonly ModuleLoad[]): ModuleLoad[] {
  const declared = moduleFunctions(program);
  if (declared.size === 0) return [];
  const names = new Set<string>();
  namesCalled(program.body.map(declarationOf), names);
  const called = new Set<Node>();
  for (const name of names) {
    const fn = declared.get(name);
    if (fn) called.add(fn);
  }
  if (called.size === 0) return [];
  return loads.filter((load) => {
    if (load.atLoad) return false;
    const boundary = deferringBoundary(load.node);
    return boundary !== undefined && called.has(boundary);
  });
}
