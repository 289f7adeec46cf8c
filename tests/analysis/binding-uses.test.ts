import tsParser from '@typescript-eslint/parser';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { Linter, type Rule } from 'eslint';
import { describe, expect, it } from 'vitest';
import { collectNodes } from '../support/ast.js';
import { bindingUses, isTypePosition, isUsedAsValue, type BindingUse, type VariableLike } from '../../src/analysis/binding-uses.js';
import { collectModuleLoads, outermostDeferringBoundary } from '../../src/analysis/module-loads.js';

type ParserName = 'typescript' | 'espree';

/** How a test states a use: name, line, and `type`, `load` or `deferred` with its outermost boundary. */
type UseSummary =
  | readonly [name: string, line: number, kind: 'type' | 'load']
  | readonly [name: string, line: number, kind: 'deferred', boundary: string];

/**
 * The uses of every imported binding of `code`, from the scope manager of a real ESLint run:
 * typescript-eslint's for the TypeScript parser, eslint-scope for espree.
 */
function usesIn(code: string, parser: ParserName): BindingUse[] {
  let uses: BindingUse[] | undefined;
  const probe: Rule.RuleModule = {
    create(context) {
      return {
        'Program:exit'(program) {
          const variables = program.body
            .filter((statement) => statement.type === AST_NODE_TYPES.ImportDeclaration)
            .flatMap((statement) => context.sourceCode.getDeclaredVariables(statement));
          uses = bindingUses(variables as unknown as VariableLike[]);
        },
      };
    },
  };
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(
    code,
    {
      files: ['**/*.ts', '**/*.js'],
      plugins: { probe: { rules: { uses: probe } } },
      rules: { 'probe/uses': 'error' },
      languageOptions: {
        ecmaVersion: 'latest',
        sourceType: 'module',
        ...(parser === 'typescript' ? { parser: tsParser as Linter.Parser } : {}),
      },
    },
    { filename: parser === 'typescript' ? 'file.ts' : 'file.js' },
  );
  expect(messages).toEqual([]);
  if (!uses) throw new Error('the probe rule did not run');
  return uses;
}

/** A readable name for a boundary: the function's or field's name, or its type. */
function label(node: ReturnType<typeof outermostDeferringBoundary>): string {
  if (!node) return 'none';
  if ((node.type === AST_NODE_TYPES.FunctionDeclaration || node.type === AST_NODE_TYPES.FunctionExpression) && node.id) {
    return node.id.name;
  }
  if (
    (node.type === AST_NODE_TYPES.PropertyDefinition || node.type === AST_NODE_TYPES.AccessorProperty) &&
    node.key.type === AST_NODE_TYPES.Identifier
  ) {
    return `field ${node.key.name}`;
  }
  const holder = node.parent;
  if (holder?.type === AST_NODE_TYPES.MethodDefinition && holder.key.type === AST_NODE_TYPES.Identifier) {
    return `method ${holder.key.name}`;
  }
  if (holder?.type === AST_NODE_TYPES.VariableDeclarator && holder.id.type === AST_NODE_TYPES.Identifier) {
    return holder.id.name;
  }
  return node.type;
}

function summary(use: BindingUse): UseSummary {
  const { name } = use.variable;
  const { line } = use.identifier.loc.start;
  if (use.typeOnly) return [name, line, 'type'];
  if (use.atLoad) return [name, line, 'load'];
  return [name, line, 'deferred', label(outermostDeferringBoundary(use.identifier))];
}

interface Case {
  readonly title: string;
  /** One line a use, so that `uses` can name them by line. */
  readonly code: readonly string[];
  readonly parsers: readonly ParserName[];
  readonly uses: readonly UseSummary[];
}

function runCases(cases: readonly Case[]): void {
  const runs = cases.flatMap((testCase) => testCase.parsers.map((parser) => ({ ...testCase, parser })));
  it.each(runs)('$parser: $title', ({ code, parser, uses }) => {
    const found = usesIn(code.join('\n'), parser);
    expect(found.map(summary)).toEqual(uses);
    for (const use of found) {
      expect(use.typeOnly && use.atLoad).toBe(false);
      if (!use.typeOnly) expect(use.deferredBy === undefined).toBe(use.atLoad);
    }
  });
}

const BOTH: readonly ParserName[] = ['typescript', 'espree'];
const TS: readonly ParserName[] = ['typescript'];

describe('bindingUses: type and value uses', () => {
  runCases([
    {
      title: 'annotations of variables, parameters and return types',
      code: ["import { A, B, C } from 'h';", 'let x: A;', 'function f(p: B): C {}'],
      parsers: TS,
      uses: [
        ['A', 2, 'type'],
        ['B', 3, 'type'],
        ['C', 3, 'type'],
      ],
    },
    {
      title: 'implements, interface extends, type aliases, indexed access',
      code: [
        "import { A, B, C, D } from 'h';",
        'class K implements A {}',
        'interface I extends B {}',
        'type T = C | D["key"];',
      ],
      parsers: TS,
      uses: [
        ['A', 2, 'type'],
        ['B', 3, 'type'],
        ['C', 4, 'type'],
        ['D', 4, 'type'],
      ],
    },
    {
      title: 'type arguments and type parameters',
      code: [
        "import { A, B, C, make } from 'h';",
        'const m = new Map<string, A>();',
        'make<B>();',
        'function g<T extends C = C>() {}',
      ],
      parsers: TS,
      uses: [
        ['A', 2, 'type'],
        ['make', 3, 'load'],
        ['B', 3, 'type'],
        ['C', 4, 'type'],
        ['C', 4, 'type'],
      ],
    },
    {
      title: '`typeof x` in a type is a type use, in an expression a value use',
      code: ["import { client } from 'h';", 'let c: typeof client;', 'type T = typeof client.send;', 'const kind = typeof client;'],
      parsers: TS,
      uses: [
        ['client', 2, 'type'],
        ['client', 3, 'type'],
        ['client', 4, 'load'],
      ],
    },
    {
      title: 'the expression of `as`, `satisfies`, `!` and `<T>` is a value, the type a type',
      code: [
        "import { A, value } from 'h';",
        'const a = value as A;',
        'const b = value satisfies A;',
        'const c = value!;',
        'const d = <A>value;',
      ],
      parsers: TS,
      uses: [
        ['value', 2, 'load'],
        ['A', 2, 'type'],
        ['value', 3, 'load'],
        ['A', 3, 'type'],
        ['value', 4, 'load'],
        ['A', 5, 'type'],
        ['value', 5, 'load'],
      ],
    },
    {
      title: 'qualified names through a namespace import',
      code: ["import * as ns from 'h';", 'let x: ns.Client;', 'const y = new ns.Client();'],
      parsers: TS,
      uses: [
        ['ns', 2, 'type'],
        ['ns', 3, 'load'],
      ],
    },
    {
      title: 'types inside functions need no load and have no boundary',
      code: ["import { A } from 'h';", 'function f(p: A) {', '  return p as A;', '}'],
      parsers: TS,
      uses: [
        ['A', 2, 'type'],
        ['A', 3, 'type'],
      ],
    },
    {
      title: 're-exporting a name keeps the module loaded unless the export is type-only',
      code: [
        "import { A, B, b } from 'h';",
        'export { b };',
        'export type { A };',
        'export { type B };',
        'export default b;',
      ],
      parsers: TS,
      uses: [
        ['b', 2, 'load'],
        ['A', 3, 'type'],
        ['B', 4, 'type'],
        ['b', 5, 'load'],
      ],
    },
    {
      title: '`export =` of an imported name is a value use',
      code: ["import { b } from 'h';", 'export = b;'],
      parsers: TS,
      uses: [['b', 2, 'load']],
    },
    {
      title: 'value uses at load: calls, new, extends, re-exports, default export',
      code: [
        "import Client, { helper } from 'h';",
        'helper();',
        'const c = new Client();',
        'class K extends Client {}',
        'export { helper };',
        'export default Client;',
      ],
      parsers: BOTH,
      uses: [
        ['helper', 2, 'load'],
        ['Client', 3, 'load'],
        ['Client', 4, 'load'],
        ['helper', 5, 'load'],
        ['Client', 6, 'load'],
      ],
    },
  ]);
});

describe('bindingUses: at load or deferred, and the outermost boundary', () => {
  runCases([
    {
      title: 'function bodies, nested functions and thunks',
      code: [
        "import { a } from 'h';",
        'function f() { a(); }',
        'function outer() {',
        '  return () => a();',
        '}',
        'const thunk = () => () => a;',
        'a();',
      ],
      parsers: BOTH,
      uses: [
        ['a', 2, 'deferred', 'f'],
        ['a', 4, 'deferred', 'outer'],
        ['a', 6, 'deferred', 'thunk'],
        ['a', 7, 'load'],
      ],
    },
    {
      title: 'methods, getters, instance and static fields, static blocks',
      code: [
        "import { a } from 'h';",
        'class K {',
        '  method() { return a; }',
        '  get value() { return a; }',
        '  field = a;',
        '  static shared = a;',
        '  static { a(); }',
        '  [a.key] = 1;',
        '}',
      ],
      parsers: BOTH,
      uses: [
        ['a', 3, 'deferred', 'method method'],
        ['a', 4, 'deferred', 'method value'],
        ['a', 5, 'deferred', 'field field'],
        ['a', 6, 'load'],
        ['a', 7, 'load'],
        ['a', 8, 'load'],
      ],
    },
    {
      title: 'immediately invoked functions run at load, functions declared in them do not',
      code: [
        "import { a } from 'h';",
        '(() => a())();',
        '(function () {',
        '  a();',
        '  function later() { a(); }',
        '})();',
        'new function () { this.x = a; };',
      ],
      parsers: BOTH,
      uses: [
        ['a', 2, 'load'],
        ['a', 4, 'load'],
        ['a', 5, 'deferred', 'later'],
        ['a', 7, 'load'],
      ],
    },
    {
      title: 'default parameter values and callbacks are deferred',
      code: ["import { a } from 'h';", 'function f(p = a) {}', "setTimeout(function tick() { a(); });", 'const o = { m() { return a; } };'],
      parsers: BOTH,
      uses: [
        ['a', 2, 'deferred', 'f'],
        ['a', 3, 'deferred', 'tick'],
        ['a', 4, 'deferred', 'FunctionExpression'],
      ],
    },
    {
      title: 'decorators run with the class, parameter decorators included',
      code: [
        "import { inject, log, register } from 'h';",
        '@register',
        'class K {',
        '  @log method(@inject p) { return log; }',
        '}',
      ],
      parsers: TS,
      uses: [
        ['register', 2, 'load'],
        ['log', 4, 'load'],
        ['inject', 4, 'load'],
        ['log', 4, 'deferred', 'method method'],
      ],
    },
    {
      title: 'reads of an import defer namespace',
      code: [
        "import defer * as ns from 'h';",
        'export function f() { return ns.x; }',
        'let t: typeof ns;',
        'const y = ns.y;',
      ],
      parsers: TS,
      uses: [
        ['ns', 2, 'deferred', 'f'],
        ['ns', 3, 'type'],
        ['ns', 4, 'load'],
      ],
    },
    {
      title: 'several bindings come back in source order',
      code: ["import { a } from 'h';", "import { b } from 'i';", 'b();', 'a();', 'function f() { b(); }'],
      parsers: BOTH,
      uses: [
        ['b', 3, 'load'],
        ['a', 4, 'load'],
        ['b', 5, 'deferred', 'f'],
      ],
    },
    {
      title: 'a binding that is never used has no uses',
      code: ["import { a } from 'h';", 'const b = 1;'],
      parsers: BOTH,
      uses: [],
    },
  ]);
});

describe('isTypePosition', () => {
  /** The identifiers named `name` of a TypeScript program, with `parent` links. */
  function identifiers(code: string, name: string): TSESTree.Identifier[] {
    const program = tsParser.parse(code, { sourceType: 'module', range: true, loc: true });
    return collectNodes(program, AST_NODE_TYPES.Identifier).filter((node) => node.name === name);
  }

  it.each([
    ['let v: X;', [true]],
    ['class K implements X {}', [true]],
    ['interface I extends X {}', [true]],
    ['type T = typeof X;', [true]],
    ['f<X>(X);', [true, false]],
    ['const v = X as X;', [false, true]],
    ['const v = X satisfies X;', [false, true]],
    ['const v = X!;', [false]],
    ['function f(p: X = X): X { return X; }', [true, false, true, false]],
    ['type T = { [K in keyof X]: X[K] };', [true, true]],
  ])('%s', (code, expected) => {
    expect(identifiers(code, 'X').map(isTypePosition)).toEqual(expected);
  });

  it('classifies types for a scope manager that does not mark type references', () => {
    const program = tsParser.parse("import { A } from 'h';\nlet x: A = A;", { sourceType: 'module', range: true, loc: true });
    collectModuleLoads(program);
    const declaration = program.body[1];
    if (declaration?.type !== AST_NODE_TYPES.VariableDeclaration) throw new Error('no declaration');
    const [declarator] = declaration.declarations;
    const annotation = declarator?.id.typeAnnotation?.typeAnnotation;
    if (annotation?.type !== AST_NODE_TYPES.TSTypeReference || !declarator?.init) throw new Error('unexpected shape');
    const variable: VariableLike = {
      name: 'A',
      references: [{ identifier: declarator.init }, { identifier: annotation.typeName }],
    };
    expect(bindingUses([variable]).map((use) => [use.identifier.range[0], use.typeOnly, use.atLoad])).toEqual([
      [30, true, false],
      [34, false, true],
    ]);
  });
});

describe('isUsedAsValue', () => {
  /** The variable `A` of the program's first import, with the references typescript-eslint's scope manager finds. */
  function variableOf(code: string): VariableLike {
    const { ast, scopeManager } = tsParser.parseForESLint(code, { sourceType: 'module', range: true, loc: true });
    collectModuleLoads(ast);
    const [declaration] = ast.body;
    if (declaration?.type !== AST_NODE_TYPES.ImportDeclaration) throw new Error('no import');
    const variable = scopeManager?.getDeclaredVariables(declaration).find((candidate) => candidate.name === 'A');
    if (!variable) throw new Error('no variable');
    return variable;
  }

  it.each([
    ["import { A } from 'h';\nlet x: A = A;", true],
    ["import { A } from 'h';\nexport function f() { return new A(); }", true],
    ["import { A } from 'h';\nlet x: A;\ntype T = typeof A;", false],
    ["import { A } from 'h';\nclass C implements A {}", false],
    ["import { A } from 'h';", false],
  ])('%j: %s, as bindingUses sees it', (code, expected) => {
    const variable = variableOf(code);
    expect(isUsedAsValue(variable)).toBe(expected);
    expect(bindingUses([variable]).some((use) => !use.typeOnly)).toBe(expected);
  });
});
