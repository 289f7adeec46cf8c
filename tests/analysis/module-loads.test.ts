import { parse as parseTypeScript } from '@typescript-eslint/parser';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import * as espree from 'espree';
import { describe, expect, it } from 'vitest';
import { collectNodes } from '../support/ast.js';
import {
  collectModuleLoads,
  deferringBoundary,
  immediateCallOf,
  moduleLoadOf,
  outermostDeferringBoundary,
  runsAtLoad,
  writtenSpecifier,
  type LoadKind,
  type ModuleLoad,
} from '../../src/analysis/module-loads.js';

type ParserName = 'typescript' | 'espree module' | 'espree commonjs';

/** Plain JavaScript that is also a valid CommonJS script. */
const ALL: readonly ParserName[] = ['typescript', 'espree module', 'espree commonjs'];
/** JavaScript that needs a module: `import`/`export`, top-level `await`, `import.meta`. */
const ESM: readonly ParserName[] = ['typescript', 'espree module'];
/** TypeScript syntax, decorators, `import defer`. */
const TS: readonly ParserName[] = ['typescript'];

function parse(code: string, parser: ParserName): TSESTree.Program {
  if (parser === 'typescript') {
    return parseTypeScript(code, { sourceType: 'module', ecmaVersion: 'latest', range: true, loc: true });
  }
  const sourceType = parser === 'espree module' ? 'module' : 'commonjs';
  return espree.parse(code, { ecmaVersion: 'latest', sourceType, range: true, loc: true }) as unknown as TSESTree.Program;
}

/** What a test states about a load: everything but the nodes. */
interface Summary {
  readonly kind: LoadKind;
  readonly specifier: string;
  readonly atLoad: boolean;
  readonly inlineTypesOnly: boolean;
  readonly deferred: boolean;
}

function summary(load: ModuleLoad): Summary {
  const { kind, specifier, atLoad, inlineTypesOnly, deferred } = load;
  return { kind, specifier, atLoad, inlineTypesOnly, deferred };
}

/** A load that runs when the module is evaluated. */
function eager(kind: LoadKind, specifier = 'h', extra: Partial<Summary> = {}): Summary {
  return { kind, specifier, atLoad: true, inlineTypesOnly: false, deferred: false, ...extra };
}

/** A load that runs later (inside a function that is not invoked on the spot). */
function lazy(kind: LoadKind, specifier = 'h'): Summary {
  return { kind, specifier, atLoad: false, inlineTypesOnly: false, deferred: false };
}

interface Case {
  readonly code: string;
  readonly parsers: readonly ParserName[];
  /** Every load in the file, in source order. */
  readonly loads: readonly Summary[];
}

function runCases(cases: readonly Case[]): void {
  const runs = cases.flatMap(({ code, parsers, loads }) => parsers.map((parser) => ({ code, parser, loads })));
  it.each(runs)('$parser: $code', ({ code, parser, loads }) => {
    const found = collectModuleLoads(parse(code, parser));
    expect(found.map(summary)).toEqual(loads);
    for (const load of found) {
      // The report belongs on the string that names the module.
      const text = code.slice(...load.source.range);
      expect([`'${load.specifier}'`, `"${load.specifier}"`, `\`${load.specifier}\``]).toContain(text);
    }
  });
}

describe('collectModuleLoads: loads that run when the module is evaluated', () => {
  describe('static imports and re-exports', () => {
    runCases([
      { code: "import Stripe from 'h';", parsers: ESM, loads: [eager('import')] },
      { code: "import * as ns from 'h';", parsers: ESM, loads: [eager('import')] },
      { code: "import { a, b as c } from 'h';", parsers: ESM, loads: [eager('import')] },
      { code: "import { default as d } from 'h';", parsers: ESM, loads: [eager('import')] },
      { code: "import d, { a } from 'h';", parsers: ESM, loads: [eager('import')] },
      { code: "import d, * as ns from 'h';", parsers: ESM, loads: [eager('import')] },
      { code: "import 'h';", parsers: ESM, loads: [eager('import')] },
      { code: "import {} from 'h';", parsers: ESM, loads: [eager('import')] },
      { code: "import data from 'h' with { type: 'json' };", parsers: ESM, loads: [eager('import')] },
      { code: 'import a from "h"; import b from "i";', parsers: ESM, loads: [eager('import'), eager('import', 'i')] },
      { code: "export { a } from 'h';", parsers: ESM, loads: [eager('export')] },
      { code: "export { a as b, default } from 'h';", parsers: ESM, loads: [eager('export')] },
      { code: "export { default as client } from 'h';", parsers: ESM, loads: [eager('export')] },
      { code: "export {} from 'h';", parsers: ESM, loads: [eager('export')] },
      { code: "export * from 'h';", parsers: ESM, loads: [eager('export')] },
      { code: "export * as ns from 'h';", parsers: ESM, loads: [eager('export')] },
      { code: 'const a = 1; export { a }; export const b = 2; export default a;', parsers: ESM, loads: [] },
    ]);
  });

  describe('TypeScript import-equals and export assignments', () => {
    runCases([
      { code: "import x = require('h');", parsers: TS, loads: [eager('import-equals')] },
      { code: "export import x = require('h');", parsers: TS, loads: [eager('import-equals')] },
      { code: "import x = require('h'); x.run();", parsers: TS, loads: [eager('import-equals')] },
      { code: "export = require('h');", parsers: TS, loads: [eager('require')] },
      { code: 'import x = Foo.Bar;', parsers: TS, loads: [] },
    ]);
  });

  describe('require() at the top level and in top-level statements', () => {
    runCases([
      { code: "const x = require('h');", parsers: ALL, loads: [eager('require')] },
      { code: "require('h');", parsers: ALL, loads: [eager('require')] },
      { code: "const { a } = require('h').b;", parsers: ALL, loads: [eager('require')] },
      { code: "module.exports = require('h');", parsers: ALL, loads: [eager('require')] },
      { code: 'const x = require(`h`);', parsers: ALL, loads: [eager('require')] },
      { code: "const x = require('h', 'ignored');", parsers: ALL, loads: [eager('require')] },
      { code: "if (process.env.X) { require('h'); }", parsers: ALL, loads: [eager('require')] },
      { code: "if (process.env.X) require('h');", parsers: ALL, loads: [eager('require')] },
      { code: "if (a) {} else { require('h'); }", parsers: ALL, loads: [eager('require')] },
      { code: "if (a) {} else if (b) { require('h'); }", parsers: ALL, loads: [eager('require')] },
      {
        code: "try { require('h'); } catch { require('i'); } finally { require('j'); }",
        parsers: ALL,
        loads: [eager('require'), eager('require', 'i'), eager('require', 'j')],
      },
      { code: "try { x(); } catch (error) { require('h'); }", parsers: ALL, loads: [eager('require')] },
      { code: "{ const x = require('h'); }", parsers: ALL, loads: [eager('require')] },
      { code: "for (let i = 0; i < 2; i++) { require('h'); }", parsers: ALL, loads: [eager('require')] },
      { code: "for (const m = require('h'); ; ) break;", parsers: ALL, loads: [eager('require')] },
      {
        code: "for (const key in require('h')) { require('i'); }",
        parsers: ALL,
        loads: [eager('require'), eager('require', 'i')],
      },
      { code: "for (const name of ['a']) { require('h'); }", parsers: ALL, loads: [eager('require')] },
      { code: "while (pending()) { require('h'); }", parsers: ALL, loads: [eager('require')] },
      { code: "do { require('h'); } while (pending());", parsers: ALL, loads: [eager('require')] },
      {
        code: "switch (process.platform) { case 'win32': require('h'); break; default: require('i'); }",
        parsers: ALL,
        loads: [eager('require'), eager('require', 'i')],
      },
      { code: "outer: for (;;) { require('h'); break outer; }", parsers: ALL, loads: [eager('require')] },
      { code: "block: { require('h'); break block; }", parsers: ALL, loads: [eager('require')] },
      { code: "const o = { [require('h').key]: 1, value: require('i') };", parsers: ALL, loads: [eager('require'), eager('require', 'i')] },
      { code: "const x = cond ? require('h') : null;", parsers: ALL, loads: [eager('require')] },
    ]);
  });

  describe('immediately invoked functions', () => {
    runCases([
      { code: "(function () { require('h'); })();", parsers: ALL, loads: [eager('require')] },
      { code: "(function () { require('h'); }());", parsers: ALL, loads: [eager('require')] },
      { code: "(function named() { require('h'); })();", parsers: ALL, loads: [eager('require')] },
      { code: "(() => { require('h'); })();", parsers: ALL, loads: [eager('require')] },
      { code: "(() => require('h'))();", parsers: ALL, loads: [eager('require')] },
      { code: "(async () => { require('h'); })();", parsers: ALL, loads: [eager('require')] },
      { code: "(async () => { await import('h'); })();", parsers: ALL, loads: [eager('dynamic-import')] },
      { code: "(async function () { await import('h'); })();", parsers: ALL, loads: [eager('dynamic-import')] },
      { code: "void function () { require('h'); }();", parsers: ALL, loads: [eager('require')] },
      { code: "!function () { require('h'); }();", parsers: ALL, loads: [eager('require')] },
      { code: "new function () { require('h'); }();", parsers: ALL, loads: [eager('require')] },
      { code: "new function () { this.x = require('h'); };", parsers: ALL, loads: [eager('require')] },
      { code: "(function () { require('h'); }).call(this);", parsers: ALL, loads: [eager('require')] },
      { code: "(function () { require('h'); }).apply(this, []);", parsers: ALL, loads: [eager('require')] },
      { code: "(() => { (function () { require('h'); })(); })();", parsers: ALL, loads: [eager('require')] },
      { code: "((m = require('h')) => m)();", parsers: ALL, loads: [eager('require')] },
      { code: "(function () { require('h'); } as any)();", parsers: TS, loads: [eager('require')] },
      { code: "(<any>function () { require('h'); })();", parsers: TS, loads: [eager('require')] },
      { code: "(function () { require('h'); }!)();", parsers: TS, loads: [eager('require')] },
      { code: "(function () { require('h'); } satisfies unknown as () => void)();", parsers: TS, loads: [eager('require')] },
    ]);
  });

  describe('classes evaluated with the module', () => {
    runCases([
      { code: "class A { static { require('h'); } }", parsers: ALL, loads: [eager('require')] },
      { code: "class A { static client = require('h'); }", parsers: ALL, loads: [eager('require')] },
      { code: "class A { static #client = require('h'); }", parsers: ALL, loads: [eager('require')] },
      { code: "class A { static accessor client = require('h'); }", parsers: TS, loads: [eager('require')] },
      { code: "class A { [require('h').key]() {} }", parsers: ALL, loads: [eager('require')] },
      // The key of an instance field is computed with the class; only its value waits for `new`.
      { code: "class A { [require('h').key] = 1; }", parsers: ALL, loads: [eager('require')] },
      { code: "class A { static [require('h').key] = 1; }", parsers: ALL, loads: [eager('require')] },
      { code: "class A extends require('h').Base {}", parsers: ALL, loads: [eager('require')] },
      { code: "const B = class extends (require('h')) {};", parsers: ALL, loads: [eager('require')] },
      { code: "@register(require('h')) class A {}", parsers: TS, loads: [eager('require')] },
      { code: "export @register(require('h')) class A {}", parsers: TS, loads: [eager('require')] },
      { code: "class A { @log(require('h')) method() {} }", parsers: TS, loads: [eager('require')] },
      { code: "class A { @log(require('h')) static method() {} }", parsers: TS, loads: [eager('require')] },
      { code: "class A { @inject(require('h')) client; }", parsers: TS, loads: [eager('require')] },
      { code: "class A { @inject(require('h')) accessor client = 1; }", parsers: TS, loads: [eager('require')] },
      { code: "class A { @memo(require('h')) get value() { return 1; } }", parsers: TS, loads: [eager('require')] },
      { code: "class A { constructor(@inject(require('h')) client) {} }", parsers: TS, loads: [eager('require')] },
      { code: "class A { method(@inject(require('h')) client) {} }", parsers: TS, loads: [eager('require')] },
      {
        code: "class A { constructor(@inject(require('h')) private readonly client: Client) {} }",
        parsers: TS,
        loads: [eager('require')],
      },
      { code: "class A { method(@inject(require('h')) client = 1) {} }", parsers: TS, loads: [eager('require')] },
      { code: "const A = @register(require('h')) class {};", parsers: TS, loads: [eager('require')] },
    ]);
  });

  describe('dynamic import() at the top level', () => {
    runCases([
      { code: "await import('h');", parsers: ESM, loads: [eager('dynamic-import')] },
      { code: "const { default: Stripe } = await import('h');", parsers: ESM, loads: [eager('dynamic-import')] },
      { code: "export default await import('h');", parsers: ESM, loads: [eager('dynamic-import')] },
      { code: "import('h');", parsers: ALL, loads: [eager('dynamic-import')] },
      { code: "const pending = import('h');", parsers: ALL, loads: [eager('dynamic-import')] },
      { code: "import('h').then((m) => m.start());", parsers: ALL, loads: [eager('dynamic-import')] },
      { code: "import(`h`);", parsers: ALL, loads: [eager('dynamic-import')] },
      { code: "if (flag) { await import('h'); }", parsers: ESM, loads: [eager('dynamic-import')] },
    ]);
  });

  describe('inline type-only imports still load the module', () => {
    runCases([
      { code: "import { type A } from 'h';", parsers: TS, loads: [eager('import', 'h', { inlineTypesOnly: true })] },
      {
        code: "import { type A, type B as C } from 'h';",
        parsers: TS,
        loads: [eager('import', 'h', { inlineTypesOnly: true })],
      },
      { code: "import { type A, b } from 'h';", parsers: TS, loads: [eager('import')] },
      { code: "import d, { type A } from 'h';", parsers: TS, loads: [eager('import')] },
      { code: "export { type A } from 'h';", parsers: TS, loads: [eager('export', 'h', { inlineTypesOnly: true })] },
      {
        code: "export { type A, type B as C } from 'h';",
        parsers: TS,
        loads: [eager('export', 'h', { inlineTypesOnly: true })],
      },
      { code: "export { type A, b } from 'h';", parsers: TS, loads: [eager('export')] },
    ]);
  });

  describe('TypeScript namespaces run their bodies at load', () => {
    runCases([
      { code: "namespace N { const x = require('h'); }", parsers: TS, loads: [eager('require')] },
      { code: "namespace A.B { require('h'); }", parsers: TS, loads: [eager('require')] },
      { code: "module M { export const x = require('h'); }", parsers: TS, loads: [eager('require')] },
      { code: "export namespace N { if (x) { require('h'); } }", parsers: TS, loads: [eager('require')] },
      { code: "namespace N { export function f() { return require('h'); } }", parsers: TS, loads: [lazy('require')] },
    ]);
  });

  describe('a require made by createRequire is Node’s require', () => {
    runCases([
      {
        code: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url); require('h');",
        parsers: ESM,
        loads: [eager('import', 'node:module'), eager('require')],
      },
      {
        code: "import module from 'node:module'; const require = module.createRequire(import.meta.url); const x = require('h');",
        parsers: ESM,
        loads: [eager('import', 'node:module'), eager('require')],
      },
      {
        code: "import { createRequire } from 'module'; { const require = createRequire(import.meta.url); if (a) require('h'); }",
        parsers: ESM,
        loads: [eager('import', 'module'), eager('require')],
      },
      {
        code: "import { createRequire } from 'module'; const require = createRequire(import.meta.url); export const f = () => require('h');",
        parsers: ESM,
        loads: [eager('import', 'module'), lazy('require')],
      },
      // `declare` gives the global `require` a type; at run time it is still Node's.
      { code: "declare const require: NodeRequire; require('h');", parsers: TS, loads: [eager('require')] },
      { code: "declare var require: any; require('h');", parsers: TS, loads: [eager('require')] },
      { code: "declare function require(id: string): unknown; require('h');", parsers: TS, loads: [eager('require')] },
    ]);
  });
});

describe('collectModuleLoads: loads that are deferred or are not loads', () => {
  describe('functions that run later', () => {
    runCases([
      { code: "function f() { require('h'); }", parsers: ALL, loads: [lazy('require')] },
      { code: "async function f() { await import('h'); }", parsers: ALL, loads: [lazy('dynamic-import')] },
      { code: "const f = function () { return require('h'); };", parsers: ALL, loads: [lazy('require')] },
      { code: "export function f() { return require('h'); }", parsers: ESM, loads: [lazy('require')] },
      { code: "export default function () { return import('h'); }", parsers: ESM, loads: [lazy('dynamic-import')] },
      { code: "const f = () => { require('h'); };", parsers: ALL, loads: [lazy('require')] },
      { code: "const f = async () => (await import('h')).default;", parsers: ALL, loads: [lazy('dynamic-import')] },
      { code: "function outer() { return function inner() { return require('h'); }; }", parsers: ALL, loads: [lazy('require')] },
      { code: "(() => { function later() { require('h'); } })();", parsers: ALL, loads: [lazy('require')] },
      { code: "(() => () => require('h'))();", parsers: ALL, loads: [lazy('require')] },
      { code: "function f() { (function () { require('h'); })(); }", parsers: ALL, loads: [lazy('require')] },
    ]);
  });

  describe('methods, getters and setters', () => {
    runCases([
      { code: "class A { method() { require('h'); } }", parsers: ALL, loads: [lazy('require')] },
      { code: "class A { static method() { require('h'); } }", parsers: ALL, loads: [lazy('require')] },
      { code: "class A { constructor() { this.c = require('h'); } }", parsers: ALL, loads: [lazy('require')] },
      { code: "class A { #method() { require('h'); } }", parsers: ALL, loads: [lazy('require')] },
      { code: "const o = { method() { return require('h'); } };", parsers: ALL, loads: [lazy('require')] },
      { code: "const o = { method: function () { return require('h'); } };", parsers: ALL, loads: [lazy('require')] },
      {
        code: "class A { get x() { return require('h'); } set x(v) { require('i'); } }",
        parsers: ALL,
        loads: [lazy('require'), lazy('require', 'i')],
      },
      { code: "class A { static get x() { return require('h'); } }", parsers: ALL, loads: [lazy('require')] },
      {
        code: "const o = { get x() { return require('h'); }, set x(v) { require('i'); } };",
        parsers: ALL,
        loads: [lazy('require'), lazy('require', 'i')],
      },
      { code: "module.exports = { get client() { return require('h'); } };", parsers: ALL, loads: [lazy('require')] },
      { code: "class A { static { this.load = () => require('h'); } }", parsers: ALL, loads: [lazy('require')] },
      { code: "function f() { class A { static { require('h'); } } }", parsers: ALL, loads: [lazy('require')] },
      { code: "function f() { class A extends require('h').Base {} }", parsers: ALL, loads: [lazy('require')] },
      { code: "function f() { @register(require('h')) class A {} }", parsers: TS, loads: [lazy('require')] },
    ]);
  });

  describe('instance fields and default parameters', () => {
    runCases([
      { code: "class A { client = require('h'); }", parsers: ALL, loads: [lazy('require')] },
      { code: "class A { #client = require('h'); }", parsers: ALL, loads: [lazy('require')] },
      { code: "class A { load = () => require('h'); }", parsers: ALL, loads: [lazy('require')] },
      { code: "class A { static load = () => require('h'); }", parsers: ALL, loads: [lazy('require')] },
      { code: "class A { accessor client = require('h'); }", parsers: TS, loads: [lazy('require')] },
      { code: "class A { client = class { static c = require('h'); }; }", parsers: ALL, loads: [lazy('require')] },
      { code: "class A { client = class { [require('h').key] = 1; }; }", parsers: ALL, loads: [lazy('require')] },
      { code: "function f(m = require('h')) {}", parsers: ALL, loads: [lazy('require')] },
      { code: "const f = (m = require('h')) => m;", parsers: ALL, loads: [lazy('require')] },
      { code: "class A { method(m = require('h')) {} }", parsers: ALL, loads: [lazy('require')] },
      { code: "function f({ m = require('h') } = {}) {}", parsers: ALL, loads: [lazy('require')] },
      // A decorator on a class expression in a default value runs when the default does.
      { code: "class A { method(p = @register(require('h')) class {}) {} }", parsers: TS, loads: [lazy('require')] },
    ]);
  });

  describe('module-scope thunks, lazy getters, generators and callbacks', () => {
    runCases([
      { code: "const s3 = () => require('h');", parsers: ALL, loads: [lazy('require')] },
      { code: "const load = () => import('h');", parsers: ALL, loads: [lazy('dynamic-import')] },
      { code: "let c; const client = () => (c ??= require('h'));", parsers: ALL, loads: [lazy('require')] },
      {
        code: "Object.defineProperty(exports, 'x', { get: () => require('h') });",
        parsers: ALL,
        loads: [lazy('require')],
      },
      {
        code: "Object.defineProperty(exports, 'x', { enumerable: true, get: function () { return require('h'); } });",
        parsers: ALL,
        loads: [lazy('require')],
      },
      {
        code: "Object.defineProperty(module.exports, 'x', { get() { return require('h'); } });",
        parsers: ALL,
        loads: [lazy('require')],
      },
      { code: "(function* () { require('h'); })();", parsers: ALL, loads: [lazy('require')] },
      { code: "(async function* () { await import('h'); })();", parsers: ALL, loads: [lazy('dynamic-import')] },
      { code: "setTimeout(() => require('h'), 1000);", parsers: ALL, loads: [lazy('require')] },
      { code: "process.on('exit', function () { require('h'); });", parsers: ALL, loads: [lazy('require')] },
      {
        code: "app.get('/pay', async (req, res) => { const { default: Stripe } = await import('h'); });",
        parsers: ALL,
        loads: [lazy('dynamic-import')],
      },
      { code: "@register(() => require('h')) class A {}", parsers: TS, loads: [lazy('require')] },
    ]);
  });

  describe('type-only imports and types', () => {
    runCases([
      { code: "import type Stripe from 'h';", parsers: TS, loads: [] },
      { code: "import type { A, B } from 'h';", parsers: TS, loads: [] },
      { code: "import type * as ns from 'h';", parsers: TS, loads: [] },
      { code: "export type { A } from 'h';", parsers: TS, loads: [] },
      { code: "export type * from 'h';", parsers: TS, loads: [] },
      { code: "export type * as ns from 'h';", parsers: TS, loads: [] },
      { code: "import type x = require('h');", parsers: TS, loads: [] },
      { code: "type M = typeof import('h');", parsers: TS, loads: [] },
      { code: "let client: import('h').Client;", parsers: TS, loads: [] },
      { code: "type C = import('h').Client<string>;", parsers: TS, loads: [] },
      { code: "function f(c: typeof import('h')) {}", parsers: TS, loads: [] },
    ]);
  });

  describe('calls that are not loads', () => {
    runCases([
      { code: "require.resolve('h');", parsers: ALL, loads: [] },
      { code: "const p = require.resolve('h', { paths: [__dirname] });", parsers: ALL, loads: [] },
      { code: "loader.require('h');", parsers: ALL, loads: [] },
      { code: "require();", parsers: ALL, loads: [] },
      { code: 'require(name);', parsers: ALL, loads: [] },
      { code: 'require(`./locales/${lang}`);', parsers: ALL, loads: [] },
      { code: "require('h' + suffix);", parsers: ALL, loads: [] },
      { code: 'import(name);', parsers: ALL, loads: [] },
      { code: 'import(`./plugins/${name}.js`);', parsers: ALL, loads: [] },
    ]);
  });

  describe('ambient declarations', () => {
    runCases([
      {
        code: "declare module 'x' { import a from 'h'; import c = require('h'); export { b } from 'h'; export * from 'h'; }",
        parsers: TS,
        loads: [],
      },
      { code: "declare module 'x' { export function f(): typeof import('h'); }", parsers: TS, loads: [] },
      { code: "declare namespace N { namespace M { export { b } from 'h'; } }", parsers: TS, loads: [] },
    ]);
  });

  describe('a require that is not Node’s', () => {
    runCases([
      { code: "function require(id) { return id; } require('h');", parsers: ALL, loads: [] },
      { code: "(function (require) { require('h'); })(loader);", parsers: ALL, loads: [] },
      { code: "((require) => require('h'))(loader);", parsers: ALL, loads: [] },
      { code: "define(['x'], function (require) { const h = require('h'); });", parsers: ALL, loads: [] },
      { code: "(function ({ require }) { require('h'); })(loaders);", parsers: ALL, loads: [] },
      { code: "const require = (id) => id; require('h');", parsers: ALL, loads: [] },
      { code: "const { require } = loaders; require('h');", parsers: ALL, loads: [] },
      { code: "let require; require = loader; require('h');", parsers: ALL, loads: [] },
      { code: "{ const require = loader; require('h'); }", parsers: ALL, loads: [] },
      { code: "const f = function require() { require('h'); };", parsers: ALL, loads: [] },
      { code: "if (a) { var require = loader; } require('h');", parsers: ALL, loads: [] },
      { code: "if (a) var require = loader; require('h');", parsers: ALL, loads: [] },
      { code: "while (a) { var require = loader; } require('h');", parsers: ALL, loads: [] },
      { code: "try {} finally { for (var require of loaders); } require('h');", parsers: ALL, loads: [] },
      { code: "(function () { require('h'); { var require = loader; } })();", parsers: ALL, loads: [] },
      { code: "class A { static { require('h'); { var require = loader; } } }", parsers: ALL, loads: [] },
      { code: "try { run(); } catch (require) { require('h'); }", parsers: ALL, loads: [] },
      { code: "try { run(); } catch ({ require }) { require('h'); }", parsers: ALL, loads: [] },
      { code: "for (const require of loaders) { require('h'); }", parsers: ALL, loads: [] },
      { code: "switch (a) { case 1: const require = loader; require('h'); }", parsers: ALL, loads: [] },
      { code: "import require from 'loader'; require('h');", parsers: ESM, loads: [eager('import', 'loader')] },
      { code: "import { load as require } from 'loader'; require('h');", parsers: ESM, loads: [eager('import', 'loader')] },
      { code: "export function require(id) { return id; } require('h');", parsers: ESM, loads: [] },
      { code: "namespace N { const require = loader; require('h'); }", parsers: TS, loads: [] },
      // Only the scopes around the call count: a `require` declared beside it shadows nothing.
      { code: "{ const require = loader; } require('h');", parsers: ALL, loads: [eager('require')] },
      { code: "function f() { var require = loader; } require('h');", parsers: ALL, loads: [eager('require')] },
      { code: "function f(require) {} require('h');", parsers: ALL, loads: [eager('require')] },
    ]);
  });

  describe('import defer', () => {
    runCases([
      { code: "import defer * as ns from 'h';", parsers: TS, loads: [eager('import', 'h', { atLoad: false, deferred: true })] },
      {
        code: "import defer * as ns from 'h'; export function f() { return ns.x; }",
        parsers: TS,
        loads: [eager('import', 'h', { atLoad: false, deferred: true })],
      },
    ]);
  });
});

describe('moduleLoadOf', () => {
  it('classifies one node and ignores nodes that load nothing', () => {
    const program = parse("const x = require('h'); f('h');", 'typescript');
    const [load, other] = collectNodes(program, AST_NODE_TYPES.CallExpression);
    expect(load && moduleLoadOf(load)).toMatchObject({ kind: 'require', specifier: 'h', node: load, atLoad: true });
    expect(other && moduleLoadOf(other)).toBeUndefined();
    expect(moduleLoadOf(program)).toBeUndefined();
  });

  it('points the load at the declaration or call and its source at the string', () => {
    const program = parse("import a from 'h'; export * from 'i'; import('j');", 'espree module');
    const [imported, exported, dynamic] = collectModuleLoads(program);
    expect(imported?.node.type).toBe(AST_NODE_TYPES.ImportDeclaration);
    expect(exported?.node.type).toBe(AST_NODE_TYPES.ExportAllDeclaration);
    expect(dynamic?.node.type).toBe(AST_NODE_TYPES.ImportExpression);
    expect([imported, exported, dynamic].map((load) => load?.source.type)).toEqual([
      AST_NODE_TYPES.Literal,
      AST_NODE_TYPES.Literal,
      AST_NODE_TYPES.Literal,
    ]);
  });
});

/** The `require('…')` call of a program, by its specifier. */
function requireCall(program: TSESTree.Program, specifier: string): TSESTree.CallExpression {
  const call = collectNodes(program, AST_NODE_TYPES.CallExpression).find(
    (node) =>
      node.callee.type === AST_NODE_TYPES.Identifier &&
      node.callee.name === 'require' &&
      node.arguments[0]?.type === AST_NODE_TYPES.Literal &&
      node.arguments[0].value === specifier,
  );
  if (!call) throw new Error(`no require('${specifier}')`);
  return call;
}

/** A readable name for a boundary: the function's or field's name, or its type. */
function label(node: TSESTree.Node | undefined): string | undefined {
  if (!node) return undefined;
  if ((node.type === AST_NODE_TYPES.FunctionDeclaration || node.type === AST_NODE_TYPES.FunctionExpression) && node.id) {
    return node.id.name;
  }
  const holder = node.parent;
  if (
    (node.type === AST_NODE_TYPES.PropertyDefinition || node.type === AST_NODE_TYPES.AccessorProperty) &&
    node.key.type === AST_NODE_TYPES.Identifier
  ) {
    return `field ${node.key.name}`;
  }
  if (holder?.type === AST_NODE_TYPES.MethodDefinition && holder.key.type === AST_NODE_TYPES.Identifier) {
    return `method ${holder.key.name}`;
  }
  if (holder?.type === AST_NODE_TYPES.VariableDeclarator && holder.id.type === AST_NODE_TYPES.Identifier) {
    return holder.id.name;
  }
  return node.type;
}

describe('deferringBoundary and outermostDeferringBoundary', () => {
  const code = [
    "function outer() { const inner = () => require('a'); return inner; }",
    "class Service { client = require('b'); static s = require('c'); method() { return [1].map(() => require('d')); } }",
    "(() => { function later() { return require('e'); } require('f'); })();",
    "const thunk = () => () => require('g');",
    "require('h');",
  ].join('\n');

  it.each(['typescript', 'espree module'] as const)('finds the innermost and the outermost function (%s)', (parser) => {
    const program = parse(code, parser);
    const boundaries = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((specifier) => {
      const call = requireCall(program, specifier);
      return [specifier, label(deferringBoundary(call)), label(outermostDeferringBoundary(call)), runsAtLoad(call)];
    });
    expect(boundaries).toEqual([
      ['a', 'inner', 'outer', false],
      ['b', 'field client', 'field client', false],
      ['c', undefined, undefined, true],
      ['d', 'ArrowFunctionExpression', 'method method', false],
      ['e', 'later', 'later', false],
      ['f', undefined, undefined, true],
      ['g', 'ArrowFunctionExpression', 'thunk', false],
      ['h', undefined, undefined, true],
    ]);
  });
});

describe('immediateCallOf', () => {
  const functionsOf = (program: TSESTree.Program) => [
    ...collectNodes(program, AST_NODE_TYPES.FunctionExpression),
    ...collectNodes(program, AST_NODE_TYPES.ArrowFunctionExpression),
  ];

  it.each([
    ['(function () {})();', true],
    ['(() => {})();', true],
    ['!function () {}();', true],
    ['new function () {};', true],
    ['(function () {}).call(this);', true],
    ['(function () {}).apply(this);', true],
    ['(function () {}).bind(this);', false],
    ['(function* () {})();', false],
    ['f(function () {});', false],
    ['const g = () => {};', false],
    ['(function () {})[call](this);', false],
  ])('%s → invoked on the spot: %s', (code, invoked) => {
    const program = parse(code, 'espree module');
    const [fn] = functionsOf(program);
    if (!fn) throw new Error('no function');
    const call = immediateCallOf(fn);
    expect(call !== undefined).toBe(invoked);
    if (call) expect([AST_NODE_TYPES.CallExpression, AST_NODE_TYPES.NewExpression]).toContain(call.type);
  });
});

describe('writtenSpecifier', () => {
  const code = [
    "import a from 'pkg-a';",
    "import type { B } from 'pkg-b';",
    "export * from 'pkg-c';",
    "export { d } from 'pkg-d';",
    "import e = require('pkg-e');",
    "const f = require('pkg-f');",
    "const g = module.require('pkg-g');",
    "const h = import('pkg-h');",
    'const i = require(`pkg-i`);',
    "const j = require(name);",
    "const k = notRequire('pkg-k');",
  ].join('\n');

  it('reads the literal each load names, the same specifier the load has wherever there is one', () => {
    const program = parse(code, 'typescript');
    collectModuleLoads(program);
    const nodes = [
      ...program.body,
      ...collectNodes(program, AST_NODE_TYPES.CallExpression),
      ...collectNodes(program, AST_NODE_TYPES.ImportExpression),
    ];
    const written = nodes.map((node) => writtenSpecifier(node)).filter((specifier) => specifier !== undefined);
    // A literal is read, a template without substitutions too; a name is not.
    expect(written).toEqual(['pkg-a', 'pkg-b', 'pkg-c', 'pkg-d', 'pkg-e', 'pkg-f', 'pkg-g', 'pkg-i', 'pkg-k', 'pkg-h']);
    for (const node of nodes) {
      const load = moduleLoadOf(node);
      const specifier = writtenSpecifier(node);
      if (load && specifier !== undefined) expect(specifier).toBe(load.specifier);
    }
  });
});
