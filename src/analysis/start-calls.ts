import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { deferringBoundary, runsAtLoad, walkLinking, type ModuleLoad } from './module-loads.js';

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
 * The names of the program's calls of a plain name that run while the module evaluates, as
 * {@link runsAtLoad} decides for any load (`main()`, `await main()`, `void main()`,
 * `main().catch(…)`, `if (require.main === module) main();`, in loops, `switch` and IIFEs too);
 * links `parent` where missing, which that decision walks.
 */
function namesCalledAtLoad(program: TSESTree.Program): Set<string> {
  const names = new Set<string>();
  walkLinking(program, (node) => {
    if (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.Identifier && runsAtLoad(node)) {
      names.add(node.callee.name);
    }
    return true;
  });
  return names;
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
  const called = new Set<Node>();
  for (const name of namesCalledAtLoad(program)) {
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
