import { utimesSync } from 'node:fs';
import path from 'node:path';
import { parse } from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/types';
import { afterAll, describe, expect, it } from 'vitest';
import { temporaryDir } from '../support/files.js';
import { importSemanticsFor } from '../../src/analysis/compile-semantics.js';
import { createHeavyMatcher } from '../../src/analysis/heavy-matcher.js';
import { collectModuleLoads } from '../../src/analysis/module-loads.js';
import { packageModuleOf, ProjectGraph } from '../../src/graph/graph.js';
import { moreHeavyText } from '../../src/graph/linted-file.js';

const { dir: root, write, remove } = temporaryDir('graph');
afterAll(remove);

function graphOf(): ProjectGraph {
  return new ProjectGraph(createHeavyMatcher([{ name: 'stripe' }, { name: 'openai' }, { name: '@aws-sdk/*' }], root), undefined);
}

describe('chains', () => {
  const dir = 'chains';
  const entry = write(`${dir}/entry.ts`, "import './table.js';");
  const table = write(`${dir}/table.ts`, "import './light.js';\nimport './pay.js';\nimport './ai.js';");
  write(`${dir}/light.ts`, 'export const light = 1;');
  const pay = write(`${dir}/pay.ts`, "import Stripe from 'stripe';\nexport default Stripe;");
  write(`${dir}/ai.ts`, "import './ai-client.js';");
  write(`${dir}/ai-client.ts`, "import OpenAI from 'openai';\nexport default OpenAI;");
  const graph = graphOf();

  it('finds the shortest chain, and counts the other heavy modules', () => {
    expect(graph.chainThrough(entry, table)).toEqual({ heavy: 'stripe', files: [table, pay], moreHeavy: 1, cycle: 0 });
  });

  it('says whether a closure reaches heavy', () => {
    expect(graph.reachesHeavy(table)).toBe(true);
    expect(graph.reachesHeavy(path.join(root, dir, 'light.ts'))).toBe(false);
  });

  it('lists the start-up path of entries', () => {
    expect([...graph.startupFiles([entry])].sort()).toEqual(
      [entry, table, 'light.ts', 'pay.ts', 'ai.ts', 'ai-client.ts'].map((f) => (path.isAbsolute(f) ? f : path.join(root, dir, f))).sort(),
    );
  });
});

describe('chains under a heavy glob with an eager list', () => {
  const dir = 'eager';
  const entry = write(`${dir}/entry.ts`, "import './setup.js';\nimport './pay.js';");
  const setup = write(`${dir}/setup.ts`, "import 'reflect-metadata';\nimport 'node:fs';\nimport { sdk } from '@opentelemetry/sdk-node';\nsdk.start();");
  const pay = write(`${dir}/pay.ts`, "import Stripe from 'stripe';\nexport default Stripe;");
  const graph = new ProjectGraph(
    createHeavyMatcher([{ name: '**', except: ['chalk'] }], root, [{ name: 'reflect-metadata' }, { name: '@opentelemetry/*' }]),
    undefined,
  );

  it('ends no chain at an eager package or a built-in', () => {
    expect(graph.reachesHeavy(setup)).toBe(false);
    expect(graph.chainThrough(entry, setup)).toBeUndefined();
  });

  it('still ends chains at the packages the glob covers', () => {
    expect(graph.chainThrough(entry, pay)).toEqual({ heavy: 'stripe', files: [pay], moreHeavy: 0, cycle: 0 });
  });
});

describe('a file read from disk, then linted', () => {
  const dir = 'reading';
  // Text before the loads that takes two UTF-16 units a character: offsets must still agree.
  const text = [
    "const party = '🎉🎉';",
    "import type { T } from './t.js';",
    "import { unused } from './u.js';",
    "import { used } from './v.js';",
    "import './w.js';",
    'used(party);',
    "export function later(): T { return require('./x.js'); }",
  ].join('\n');
  // A build that elides imports no value uses.
  write(`${dir}/tsconfig.json`, JSON.stringify({ compilerOptions: { module: 'commonjs' } }));
  const file = write(`${dir}/file.ts`, text);
  const entry = write(`${dir}/entry.ts`, "import './file.js';");
  const graph = graphOf();
  graph.reachesHeavy(entry);
  // The loads as the rule collects them from ESLint's AST.
  const program = parse(text, { range: true, loc: true }) as TSESTree.Program;
  const loads = collectModuleLoads(program);

  it('takes the loads the build keeps from the reading, as the analysis of the linted AST gives them', () => {
    const expected = collectModuleLoads(program, { semantics: importSemanticsFor(file, undefined) });
    expect(expected.map((load) => load.specifier)).toEqual(['./v.js', './w.js', './x.js']);
    expect(graph.keptLoadsFromReading(file, text, loads)).toEqual(expected);
  });

  it('analyses a text that differs, or loads that differ, again', () => {
    expect(graph.keptLoadsFromReading(file, `${text}\n`, loads)).toBeUndefined();
    expect(graph.keptLoadsFromReading(file, text, loads.slice(1))).toBeUndefined();
    expect(graph.keptLoadsFromReading(entry, "import './file.js';", [])).toBeUndefined();
  });
});

describe('eager loads only', () => {
  const dir = 'eager';
  const entry = write(`${dir}/entry.ts`, '');
  for (const [name, text] of [
    ['lazy', "export async function f() { return import('stripe'); }"],
    ['thunk', "export const f = () => require('stripe');"],
    ['types', "import type Stripe from 'stripe';\nexport type { Stripe };"],
    ['iife', "(() => { require('stripe'); })();"],
    ['static-block', "class A { static { require('stripe'); } }"],
    ['top-import', "await import('stripe');"],
    ['broken', "import 'stripe';\nexport const = ;"],
    ['declaration.d', "import 'stripe';"],
  ] as const) {
    write(`${dir}/${name}.ts`, text);
  }
  const graph = graphOf();
  const reached = (name: string): boolean => graph.chainThrough(entry, path.join(root, dir, `${name}.ts`)) !== undefined;

  it.each(['lazy', 'thunk', 'types', 'broken', 'declaration.d'])('%s loads no heavy module at start-up', (name) => {
    expect(reached(name)).toBe(false);
  });

  it.each(['iife', 'static-block', 'top-import'])('%s loads a heavy module at start-up', (name) => {
    expect(reached(name)).toBe(true);
  });
});

describe('cycles', () => {
  const dir = 'cycles';
  const a = write(`${dir}/a.ts`, "import './b.js';");
  const b = write(`${dir}/b.ts`, "import './c.js';\nimport './a.js';");
  const c = write(`${dir}/c.ts`, "import './a.js';");
  const user = write(`${dir}/user.ts`, "import './a.js';");
  const graph = graphOf();

  it('a cycle that loads nothing heavy reaches nothing', () => {
    expect(graph.chainThrough(user, a)).toBeUndefined();
  });

  it('a chain that reaches heavy only through the importer does not count there', () => {
    graph.feed(a, [
      { kind: 'import', specifier: './b.js' },
      { kind: 'import', specifier: 'stripe' },
    ]);
    expect(graph.chainThrough(c, a)).toEqual({ heavy: 'stripe', files: [a], moreHeavy: 0, cycle: 3 });
    expect(graph.chainThrough(a, b)).toBeUndefined();
    expect(graph.chainThrough(user, a)).toEqual({ heavy: 'stripe', files: [a], moreHeavy: 0, cycle: 3 });
  });

  it('inside a cycle, the chain that avoids the importer', () => {
    graph.feed(c, [
      { kind: 'import', specifier: './a.js' },
      { kind: 'import', specifier: '@aws-sdk/client-s3' },
    ]);
    // 'stripe' is reached only through `a`: no more heavy modules from there.
    expect(graph.chainThrough(a, b)).toEqual({ heavy: '@aws-sdk/client-s3', files: [b, c], moreHeavy: 0, cycle: 3 });
  });
});

describe('changes', () => {
  const dir = 'changes';
  const entry = write(`${dir}/entry.ts`, "import './middle.js';");
  const middle = write(`${dir}/middle.ts`, "import './leaf.js';");
  const leaf = write(`${dir}/leaf.ts`, 'export const leaf = 1;');
  const graph = graphOf();

  it('sees an edit in another file once the edit is checked for', () => {
    expect(graph.chainThrough(entry, middle)).toBeUndefined();
    write(`${dir}/leaf.ts`, "import 'stripe';\nexport const leaf = 1;");
    const later = new Date(Date.now() + 5000);
    utimesSync(leaf, later, later);
    graph.revalidate(Date.now() + 10_000);
    expect(graph.chainThrough(entry, middle)).toEqual({ heavy: 'stripe', files: [middle, leaf], moreHeavy: 0, cycle: 0 });
  });

  it('takes the linted file from its AST over the file on disk', () => {
    graph.feed(middle, []);
    expect(graph.chainThrough(entry, middle)).toBeUndefined();
    graph.feed(middle, [{ kind: 'import', specifier: './leaf.js' }]);
    expect(graph.chainThrough(entry, middle)?.heavy).toBe('stripe');
  });
});

describe('an entry file that starts the program from a function it calls', () => {
  const dir = 'start-function';
  const bin = write(`${dir}/bin.js`, "import './eager.js';\nasync function main() {\n  await import('./program.js');\n}\nawait main();");
  write(`${dir}/eager.js`, 'export {};');
  const program = write(`${dir}/program.js`, "import './leaf.js';");
  const leaf = write(`${dir}/leaf.js`, 'export {};');
  const importer = write(`${dir}/importer.js`, "import './bin.js';");
  const graph = graphOf();

  it("puts what the function loads on the entry's start-up path, and only the entry's", () => {
    expect([...graph.startupFiles([bin])].sort()).toEqual([bin, path.join(root, dir, 'eager.js'), leaf, program].sort());
    expect(graph.startupFiles([importer]).has(program)).toBe(false);
  });

  it('reads the function again once the entry changed on disk', () => {
    write(`${dir}/bin.js`, "import './eager.js';\nasync function main() {\n  await import('./program.js');\n}\nexport { main };");
    const later = new Date(Date.now() + 5000);
    utimesSync(bin, later, later);
    graph.revalidate(Date.now() + 10_000);
    expect(graph.startupFiles([bin]).has(program)).toBe(false);
  });
});

describe("an entry's start-up closure", () => {
  const dir = 'start-closure';
  const START = "async function main() {\n  await import('./program.js');\n}\nawait main();";
  const bin = write(`${dir}/bin.js`, START);
  const program = write(`${dir}/program.js`, "import 'stripe';");
  const graph = graphOf();

  it('holds what the start function loads, and finds it again once the entry changed on disk', () => {
    expect(graph.startupClosureOf(bin).chainToFile(program)).toEqual({ files: [bin, program], specifier: undefined });
    expect(graph.startupClosureOf(bin).chainToHeavy('stripe')).toEqual({ files: [bin, program], specifier: 'stripe' });
    write(`${dir}/bin.js`, "async function main() {}\nawait main();");
    const later = new Date(Date.now() + 5000);
    utimesSync(bin, later, later);
    graph.revalidate(Date.now() + 10_000);
    expect(graph.startupClosureOf(bin).chainToFile(program)).toBeUndefined();
    expect(graph.startupClosureOf(bin).chainToHeavy('stripe')).toBeUndefined();
  });

  it("leaves out the start function's own load of the specifier judged", () => {
    write(`${dir}/bin.js`, START);
    const later = new Date(Date.now() + 20_000);
    utimesSync(bin, later, later);
    graph.revalidate(Date.now() + 30_000);
    expect(graph.startupClosureOf(bin, './program.js').chainToFile(program)).toBeUndefined();
    expect(graph.startupClosureOf(bin, './other.js').chainToFile(program)).toEqual({ files: [bin, program], specifier: undefined });
  });
});

describe('a path entry that names an entry point', () => {
  const dir = 'heavy-entry';
  const worker = write(`${dir}/worker.js`, "import './queue.js';");
  write(`${dir}/queue.js`, 'export {};');
  const drain = write(`${dir}/drain.js`, "import './worker.js';");
  const graph = new ProjectGraph(createHeavyMatcher([{ name: `./${dir}/worker.js` }], root), undefined);

  it('is heavy at start-up by itself: its own chain', () => {
    expect([...graph.heavyReachedFrom(drain)]).toEqual([worker]);
    expect(graph.startupClosureOf(worker).chainToHeavy(worker)).toEqual({ files: [worker], specifier: undefined });
    expect(graph.startupClosureOf(drain).chainToHeavy(worker)).toEqual({ files: [drain], specifier: './worker.js' });
  });
});

describe('tsconfig edits', () => {
  const dir = 'tsconfig-edits';
  const config = (target: string): string => JSON.stringify({ compilerOptions: { paths: { '@x': [target] } } });
  const tsconfig = write(`${dir}/tsconfig.json`, config('./light.ts'));
  const entry = write(`${dir}/entry.ts`, "import './middle.js';");
  const middle = write(`${dir}/middle.ts`, "import '@x';");
  write(`${dir}/light.ts`, 'export {};');
  const heavy = write(`${dir}/heavy.ts`, "import 'stripe';");
  const graph = graphOf();

  it('sees a tsconfig edit that changes where an alias leads', () => {
    expect(graph.chainThrough(entry, middle)).toBeUndefined();
    write(`${dir}/tsconfig.json`, config('./heavy.ts'));
    const later = new Date(Date.now() + 5000);
    utimesSync(tsconfig, later, later);
    graph.revalidate(Date.now() + 10_000);
    expect(graph.chainThrough(entry, middle)).toEqual({ heavy: 'stripe', files: [middle, heavy], moreHeavy: 0, cycle: 0 });
  });
});

describe('packageModuleOf', () => {
  it('keys every spelling of a builtin alike, and keeps a prefix-only builtin apart from the npm package', () => {
    expect(packageModuleOf('node:fs')).toBe('fs');
    expect(packageModuleOf('fs')).toBe('fs');
    expect(packageModuleOf('node:test')).toBe('node:test');
    expect(packageModuleOf('test')).toBe('test');
    expect(packageModuleOf('./a.js')).toBeUndefined();
    expect(packageModuleOf('data:text/javascript,0')).toBeUndefined();
  });
});

describe('moreHeavyText', () => {
  it('counts the other heavy modules in the singular and the plural, and says nothing of none', () => {
    expect(moreHeavyText(0)).toBe('');
    expect(moreHeavyText(1)).toBe(' (and 1 more heavy package)');
    expect(moreHeavyText(3, ' behind it')).toBe(' (and 3 more heavy packages behind it)');
  });
});
