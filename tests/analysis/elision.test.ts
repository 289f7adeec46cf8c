import { parse } from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/types';
import { describe, expect, it } from 'vitest';
import { buildKeepsLoad, collectModuleLoads, loadsTheBuildKeeps, valueReferencedNames } from '../../src/analysis/module-loads.js';

function program(code: string, jsx = false): TSESTree.Program {
  return parse(code, { sourceType: 'module', ecmaVersion: 'latest', range: true, loc: true, comment: true, jsx });
}

/** The specifiers of the loads the build keeps under each semantics. */
function kept(code: string, jsx = false): { kept: string[]; elided: string[] } {
  const specifiers = (semantics: 'kept' | 'elided') =>
    collectModuleLoads(program(code, jsx), { semantics }).map((load) => load.specifier);
  return { kept: specifiers('kept'), elided: specifiers('elided') };
}

describe('collectModuleLoads under elided semantics', () => {
  it.each([
    ['an inline type import', `import { type A } from 'h';\nlet a: A;`],
    ['an import used only in a type annotation', `import { A } from 'h';\nlet a: A;`],
    ['a default import used only as a type', `import A from 'h';\nfunction f(a: A): A { return a; }`],
    ['a namespace used only in a qualified type', `import * as h from 'h';\nlet a: h.A;`],
    ['a class used only in `implements`', `import { Base } from 'h';\nexport class C implements Base {}`],
    ['a name used only in `typeof` in a type', `import { a } from 'h';\nlet b: typeof a;`],
    ['a type argument and an `as` type', `import { A } from 'h';\nconst x = f<A>(1) as A;`],
    ['an unused import', `import { a } from 'h';`],
    ['`export { type A } from`', `export { type A } from 'h';`],
    ['a type-only `import = require()`', `import h = require('h');\nlet a: h.A;`],
    ['a name in a declare statement', `import { a } from 'h';\ndeclare const b: typeof a;\ndeclare function f(x: typeof a): void;`],
    ['a name used only as a property key or member name', `import { a } from 'h';\nconst o = { a: 1 };\no.a;\nclass C { a = 1; a2() {} }`],
    ['a name only declared again', `import { a } from 'h';\nfunction f(a: number) { const { b = 1 } = { b: 2 }; }`],
    ['a name in an interface and a type alias', `import { A } from 'h';\ninterface I { x: A }\ntype T = A[];`],
  ])('removes %s', (_, code) => {
    expect(kept(code)).toEqual({ kept: ['h'], elided: [] });
  });

  it.each([
    ['a side-effect import', `import 'h';`],
    ['empty braces', `import {} from 'h';`],
    ['a value use', `import { a } from 'h';\na();`],
    ['a mixed import with one value use', `import { type A, b } from 'h';\nb;`],
    ['a value in a default parameter', `import { a } from 'h';\nfunction f(x = a) {}`],
    ['a shorthand property', `import { a } from 'h';\nexport const o = { a };`],
    ['a computed key', `import { a } from 'h';\nconst o = { [a]: 1 };`],
    ['a decorator', `import { dec } from 'h';\n@dec class C {}`],
    ['`extends`', `import { Base } from 'h';\nclass C extends Base {}`],
    ['a local re-export (may be a value)', `import { a } from 'h';\nexport { a };`],
    ['`export default`', `import a from 'h';\nexport default a;`],
    ['`export =`', `import a = require('h');\nexport = a;`],
    ['`export import`', `export import a = require('h');`],
    ['a use inside a function', `import { a } from 'h';\nexport function f() { return a.b; }`],
    ['a value behind `as`', `import { a } from 'h';\nconst b = a as unknown;`],
    ['an enum initializer', `import { a } from 'h';\nenum E { X = a }`],
    ['`export *`', `export * from 'h';`],
    ['a re-export of an unmarked name', `export { A } from 'h';`],
    ['`require()`', `const h = require('h');`],
    ['`import()`', `await import('h');`],
    ['`typeof a` as an expression', `import { a } from 'h';\nconsole.log(typeof a);`],
  ])('keeps %s', (_, code) => {
    expect(kept(code)).toEqual({ kept: ['h'], elided: ['h'] });
  });

  it('keeps an import a JSX tag or the JSX factory uses, not one a lower-case tag names', () => {
    expect(kept(`import { Chart } from 'h';\nexport const x = <Chart />;`, true).elided).toEqual(['h']);
    expect(kept(`import * as ui from 'h';\nexport const x = <ui.Chart />;`, true).elided).toEqual(['h']);
    expect(kept(`import React from 'h';\nexport const x = <div />;`, true).elided).toEqual(['h']);
    expect(kept(`/** @jsx h */\nimport { h } from 'h';\nexport const x = <></>;`, true).elided).toEqual(['h']);
    expect(kept(`import { div } from 'h';\nexport const x = <div />;`, true).elided).toEqual([]);
  });

  it('takes the JSX factories it is given in place of React', () => {
    const code = `import { h } from 'h';\nimport React from 'react';\nexport const x = <div />;`;
    const loads = (jsxFactories?: string[]) =>
      collectModuleLoads(program(code, true), { semantics: 'elided', ...(jsxFactories ? { jsxFactories } : {}) }).map(
        (load) => load.specifier,
      );
    expect(loads()).toEqual(['react']);
    expect(loads(['h'])).toEqual(['h']);
  });

  it('the scan names values, not declarations, keys or types', () => {
    const names = valueReferencedNames(
      program(`const a = b + c.d;\nfunction f(e = g): H { return i; }\nlet j: K = { l: m, [n]: 1 };\nlabel: for (;;) break label;\nenum O { P = q }`),
    );
    expect([...names].sort()).toEqual(['b', 'c', 'g', 'i', 'm', 'n', 'q']);
  });
});

describe('loadsTheBuildKeeps', () => {
  /** The specifiers kept, next to those a load-by-load reading of the whole scan keeps. */
  function keptBoth(code: string, jsx = false): { kept: string[]; byWholeScan: string[] } {
    const parsed = program(code, jsx);
    const loads = collectModuleLoads(parsed);
    const names = valueReferencedNames(parsed);
    return {
      kept: loadsTheBuildKeeps(parsed, loads, 'elided').map((load) => load.specifier),
      byWholeScan: loads.filter((load) => buildKeepsLoad(load, 'elided', (local) => names.has(local.name))).map((load) => load.specifier),
    };
  }

  it.each([
    ['a load whose only value use comes after every other is found', `import { a } from 'a';\nimport { b, B } from 'b';\nb(); a();`, ['a', 'b']],
    ['a load used only as a type, after the others are used', `import { a } from 'a';\nimport { C } from 'c';\na();\nlet c: C;`, ['a']],
    ['an `import = require()` used late', `import { a } from 'a';\nimport e = require('e');\na();\nfunction f() { return e; }`, ['a', 'e']],
    ['loads that ask about one name', `import { a } from 'a';\nimport { a as b } from 'b';\nb();`, ['b']],
  ])('keeps what the whole scan keeps: %s', (_, code, expected) => {
    expect(keptBoth(code)).toEqual({ kept: expected, byWholeScan: expected });
  });

  it('keeps the JSX factory import that JSX uses after every other name is found', () => {
    const code = `import React from 'react';\nimport { a } from 'a';\na();\nexport const x = <div />;`;
    expect(keptBoth(code, true)).toEqual({ kept: ['react', 'a'], byWholeScan: ['react', 'a'] });
  });
});

describe('collectModuleLoads on an espree tree', () => {
  // espree leaves out the TypeScript-only fields (no `decorators` on an identifier): a `.ts`
  // file of plain JavaScript linted without the TypeScript parser is read all the same.
  it('reads patterns without TypeScript fields under elided semantics', async () => {
    const espree = await import('espree');
    const tree = espree.parse(`import { a, b } from 'h';\nimport { c } from 'u';\nfunction f(x, { y = a } = {}) { return [x, y]; }\nc;`, {
      ecmaVersion: 'latest',
      sourceType: 'module',
      range: true,
      loc: true,
    }) as unknown as TSESTree.Program;
    expect(collectModuleLoads(tree, { semantics: 'elided' }).map((load) => load.specifier)).toEqual(['h', 'u']);
  });
});
