// `trace` tells a package's whole price: reading, parsing, linking and evaluating its modules.
// Packages whose cost is nearly all reading and parsing (large sources, nothing to run) are
// traced and timed alone in a fresh untraced process; their trace totals must agree with those
// timings, and a program's traced start-up with how much later its first line runs. On every
// supported Node major. The machine is shared, and a busy machine only ever adds time: the
// fastest of alternating runs, generous bounds. On Node 20, whose loader hooks run on a thread of
// their own and slow loading itself, the trace prices packages from loading them again untraced.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceNode } from '../../src/cli/trace-model.js';
import type { trace as traceFunction } from '../../src/cli/trace.js';
import { userEnvironment } from '../integration/support/run.js';
import { temporaryDir, writeFile } from '../support/files.js';
import { installedTrace, NODES } from './support/cli.js';
import { TIME_IMPORT, writeParseHeavy, type ParseHeavyPackage } from './support/heavy-sources.js';

const PACKAGES: ParseHeavyPackage[] = [
  { name: 'many-esm', form: 'esm', modules: 40, kilobytes: 40 },
  { name: 'big-cjs', form: 'cjs', modules: 40, kilobytes: 40 },
  { name: 'mixed-pkg', form: 'mixed', modules: 20, kilobytes: 40 },
];

const RUNS = 5;

/**
 * The least share of the untraced price that a trace total may show. Evaluation alone, which
 * is all that a trace without the loading would show, is a few percent of these packages' price.
 */
const LOWER = 0.4;

let trace: typeof traceFunction;
let app: string;
let remove: () => void;

beforeAll(async () => {
  trace = await installedTrace();
  ({ dir: app, remove } = temporaryDir('price'));
  writeFile(path.join(app, 'package.json'), JSON.stringify({ name: 'price-app', version: '1.0.0', type: 'module', private: true }));
  for (const pkg of PACKAGES) writeParseHeavy(app, pkg);
  writeFile(path.join(app, 'time-import.js'), TIME_IMPORT);
  writeFile(path.join(app, 'time-require.cjs'), TIME_IMPORT.replace('await import(', 'require('));
  writeFile(path.join(app, 'start.js'), `import 'many-esm';\nimport 'big-cjs';\nconsole.log(performance.now());\n`);
  writeFile(path.join(app, 'empty.js'), `console.log(performance.now());\n`);
  // Top-level await of an import, and a child process that requires a package.
  writeFile(
    path.join(app, 'tla.js'),
    [
      `import { spawn } from 'node:child_process';`,
      `spawn(process.execPath, ['child.cjs'], { stdio: 'inherit' });`,
      `await import('many-esm');`,
      '',
    ].join('\n'),
  );
  writeFile(path.join(app, 'child.cjs'), `require('big-cjs');\n`);
}, 600_000);

afterAll(() => remove());

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function fastest(values: readonly number[]): number {
  return Math.min(...values);
}

/** What an untraced `node <args>` prints, as a number. */
function printed(node: string, args: readonly string[]): number {
  const result = spawnSync(node, args, { cwd: app, encoding: 'utf8', env: userEnvironment() });
  if (result.status !== 0) throw new Error(result.stderr);
  return Number(result.stdout.trim());
}

describe.each(NODES)('the whole price on $label', ({ binary }) => {
  let node: string;
  const upper = 1.8;

  beforeAll(async () => {
    node = await binary();
  }, 600_000);

  const traced = (command: readonly string[]) =>
    trace({ command: [node, ...command], cwd: app, heavy: [], output: 'ignore', env: userEnvironment() });

  it('gives each package, loaded alone, about what importing it costs an untraced process', async () => {
    const alone = new Map<string, number[]>(PACKAGES.map((pkg) => [pkg.name, []]));
    const totals = new Map<string, number[]>(PACKAGES.map((pkg) => [pkg.name, []]));
    const evaluation = new Map<string, number[]>(PACKAGES.map((pkg) => [pkg.name, []]));
    for (let run = 0; run < RUNS; run += 1) {
      for (const pkg of PACKAGES) {
        alone.get(pkg.name)?.push(printed(node, ['time-import.js', pkg.name]));
        const result = await traced(['time-import.js', pkg.name]);
        const found = result.packages.find((other) => other.name === pkg.name);
        totals.get(pkg.name)?.push(found?.totalMs ?? 0);
        evaluation.get(pkg.name)?.push(found?.evalMs ?? Number.NaN);
      }
    }
    for (const pkg of PACKAGES) {
      const expected = fastest(alone.get(pkg.name) ?? []);
      const total = fastest(totals.get(pkg.name) ?? []);
      expect(total / expected, `${pkg.name}: trace ${total.toFixed(1)} ms, alone ${expected.toFixed(1)} ms`).toBeGreaterThan(LOWER);
      expect(total / expected, `${pkg.name}: trace ${total.toFixed(1)} ms, alone ${expected.toFixed(1)} ms`).toBeLessThan(upper);
      // Nothing runs: evaluation is a small part of an ES module's price (CommonJS compiles as it evaluates).
      if (pkg.form === 'esm') expect(median(evaluation.get(pkg.name) ?? []), pkg.name).toBeLessThan(total / 3);
    }
  }, 600_000);

  it('accounts for the start-up time up to the program’s first line', async () => {
    const lines: number[] = [];
    const empty: number[] = [];
    const accounted: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      lines.push(printed(node, ['start.js']));
      empty.push(printed(node, ['empty.js']));
      const result = await traced(['start.js']);
      accounted.push(result.tree[0]?.totalMs ?? 0);
    }
    const startUp = fastest(lines) - fastest(empty);
    const total = fastest(accounted);
    expect(total / startUp, `trace ${total.toFixed(1)} ms, first line later by ${startUp.toFixed(1)} ms`).toBeGreaterThan(LOWER);
    expect(total / startUp, `trace ${total.toFixed(1)} ms, first line later by ${startUp.toFixed(1)} ms`).toBeLessThan(upper);
  }, 600_000);

  it('prices an import awaited at the top level and a package a child process requires', async () => {
    const alone = { esm: [] as number[], cjs: [] as number[] };
    const results: Awaited<ReturnType<typeof traceFunction>>[] = [];
    for (let run = 0; run < 3; run += 1) {
      alone.esm.push(printed(node, ['time-import.js', 'many-esm']));
      alone.cjs.push(printed(node, ['time-require.cjs', 'big-cjs']));
      results.push(await traced(['tla.js']));
    }
    const total = (name: string): number => fastest(results.map((result) => result.packages.find((pkg) => pkg.name === name)?.totalMs ?? 0));
    expect(total('many-esm') / fastest(alone.esm)).toBeGreaterThan(LOWER);
    expect(total('big-cjs') / fastest(alone.cjs)).toBeGreaterThan(LOWER);
    // The program's own module keeps neither the price of what it awaited nor the waits that
    // tracing added to it.
    const rootSelf = median(results.map((result) => (result.tree[0] as TraceNode).selfMs));
    expect(rootSelf).toBeLessThan(total('many-esm') / 3);
  }, 600_000);
});
