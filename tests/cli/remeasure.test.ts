// Where the loader hooks run on a thread of their own (Node 20), each module a traced process
// loads costs its main thread a round trip, so `trace` loads the packages again in a fresh
// untraced process and prices their loading from that. A package of hundreds of tiny ES
// modules, whose price is nearly all round trips when traced, must show about what importing it
// costs an untraced process; the project's own files never run again, and a package that cannot
// be imported alone keeps its traced price.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { trace as traceFunction } from '../../src/cli/trace.js';
import { userEnvironment } from '../integration/support/run.js';
import { temporaryDir, writeFile } from '../support/files.js';
import { installedTrace } from './support/cli.js';
import { TIME_IMPORT, writeParseHeavy } from './support/heavy-sources.js';

const MODULES = 300;
const RUNS = 5;

let trace: typeof traceFunction;
let app: string;
let remove: () => void;

beforeAll(async () => {
  trace = await installedTrace();
  ({ dir: app, remove } = temporaryDir('remeasure'));
  writeFile(path.join(app, 'package.json'), JSON.stringify({ name: 'remeasure-app', version: '1.0.0', type: 'module', private: true }));
  // Tiny modules in a tree, each importing up to three more: loading them is all round trips.
  const pkg = path.join(app, 'node_modules', 'many-tiny');
  writeFile(path.join(pkg, 'package.json'), JSON.stringify({ name: 'many-tiny', version: '1.0.0', type: 'module', main: 'm0.js' }));
  for (let index = 0; index < MODULES; index += 1) {
    const children = [1, 2, 3].map((k) => index * 3 + k).filter((child) => child < MODULES);
    const imports = children.map((child) => `import { value as v${child} } from './m${child}.js';`);
    writeFile(path.join(pkg, `m${index}.js`), `${imports.join('\n')}\nexport const value = ${index};\n`);
  }
  // A package that only loads after the program set it up: imported alone, it throws.
  const needsSetup = path.join(app, 'node_modules', 'needs-setup');
  writeFile(path.join(needsSetup, 'package.json'), JSON.stringify({ name: 'needs-setup', version: '1.0.0', type: 'module', main: 'index.js' }));
  writeFile(path.join(needsSetup, 'index.js'), `import 'many-tiny';\nif (!globalThis.setUp) throw new Error('not set up');\nexport const ready = true;\n`);
  writeFile(path.join(app, 'set-up.js'), `import { appendFileSync } from 'node:fs';\nappendFileSync(new URL('./ran.txt', import.meta.url), 'ran\\n');\nglobalThis.setUp = true;\n`);
  writeFile(path.join(app, 'main.js'), `import './set-up.js';\nimport 'needs-setup';\n`);
  // A command that is a package's own script (`npx tool`, a bin in node_modules), which notes each run.
  const tool = path.join(app, 'node_modules', 'tool');
  writeFile(path.join(tool, 'package.json'), JSON.stringify({ name: 'tool', version: '1.0.0', type: 'module', bin: 'cli.js' }));
  writeFile(path.join(tool, 'cli.js'), `import { appendFileSync } from 'node:fs';\nimport 'many-tiny';\nappendFileSync(${JSON.stringify(path.join(app, 'tool-runs.txt'))}, 'ran\\n');\n`);
  writeFile(path.join(app, 'alone.js'), `import 'many-tiny';\n`);
  // A big CommonJS file imported beside a package whose index imports hundreds of tiny modules
  // at once: Node scans the file for its exports on the main thread while the loader's thread
  // goes on loading the tiny modules, whose marks fall inside that scan.
  const flat = path.join(app, 'node_modules', 'many-flat');
  writeFile(path.join(flat, 'package.json'), JSON.stringify({ name: 'many-flat', version: '1.0.0', type: 'module', main: 'index.js' }));
  for (let index = 0; index < MODULES; index += 1) writeFile(path.join(flat, `m${index}.js`), `export const value = ${index};\n`);
  writeFile(path.join(flat, 'index.js'), Array.from({ length: MODULES }, (_, index) => `export { value as v${index} } from './m${index}.js';`).join('\n'));
  writeParseHeavy(app, { name: 'big-cjs', form: 'cjs', modules: 100, kilobytes: 40 });
  writeFile(path.join(app, 'beside.js'), `import 'many-flat';\nimport 'big-cjs';\n`);
  writeFile(path.join(app, 'time-import.js'), TIME_IMPORT);
}, 600_000);

afterAll(() => remove());

const offThread = !('registerHooks' in Module);

describe.runIf(offThread)('loading measured again where the hooks run off the main thread', () => {
  const traced = (...args: string[]) => trace({ command: [process.execPath, ...args], cwd: app, heavy: [], output: 'ignore', env: userEnvironment() });

  /**
   * `name`'s total in traces of `program` over what importing it alone takes an untraced process,
   * each the fastest of alternating runs (a busy machine only ever adds time), and both times.
   */
  async function tracedOverAlone(name: string, program: readonly string[]): Promise<{ ratio: number; text: string }> {
    const alone: number[] = [];
    const totals: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const result = spawnSync(process.execPath, ['time-import.js', name], { cwd: app, encoding: 'utf8', env: userEnvironment() });
      alone.push(Number(result.stdout.trim()));
      totals.push((await traced(...program)).packages.find((pkg) => pkg.name === name)?.totalMs ?? 0);
    }
    const [total, untraced] = [Math.min(...totals), Math.min(...alone)];
    return { ratio: total / untraced, text: `trace ${total.toFixed(1)} ms, alone ${untraced.toFixed(1)} ms` };
  }

  it('gives a package of hundreds of tiny ES modules about what importing it costs an untraced process', async () => {
    const { ratio, text } = await tracedOverAlone('many-tiny', ['alone.js']);
    expect(ratio, text).toBeGreaterThan(0.5);
    expect(ratio, text).toBeLessThan(1.5);
  }, 300_000);

  it('gives a big CommonJS file imported beside many ES modules the price of importing it alone', async () => {
    const { ratio, text } = await tracedOverAlone('big-cjs', ['beside.js']);
    // Its scan is a quarter of its price: a trace that lost it shows less than 0.8 of it.
    expect(ratio, text).toBeGreaterThan(0.85);
    expect(ratio, text).toBeLessThan(1.3);
  }, 300_000);

  it('measures with the options that change loading, and none that run or make anything else', async () => {
    // A program given with -e (measured all the same), whose options write a CPU profile.
    const profiles = path.join(app, 'profiles');
    const program = ['--cpu-prof', `--cpu-prof-dir=${profiles}`, '--input-type=module', '-e', `import 'many-tiny';`];
    const { ratio, text } = await tracedOverAlone('many-tiny', program);
    expect(ratio, text).toBeLessThan(1.5);
    // Two profiles for each traced run (its main thread, and the loader hooks' thread), none for
    // the processes that measured again.
    expect(readdirSync(profiles).filter((name) => name.endsWith('.cpuprofile'))).toHaveLength(2 * RUNS);
  }, 300_000);

  it('never runs a file of the project again, and keeps the traced price of a package that cannot load alone', async () => {
    const result = await traced('main.js');
    expect(readFileSync(path.join(app, 'ran.txt'), 'utf8')).toBe('ran\n');
    expect(result.exitCode).toBe(0);
    const needsSetup = result.packages.find((pkg) => pkg.name === 'needs-setup');
    const manyTiny = result.packages.find((pkg) => pkg.name === 'many-tiny');
    // Its own loading stays as traced (a round trip or more), above its evaluation alone.
    expect(needsSetup?.selfMs ?? 0).toBeGreaterThan(needsSetup?.evalMs ?? Number.POSITIVE_INFINITY);
    expect(manyTiny?.totalMs ?? 0).toBeGreaterThan(0);
  }, 120_000);

  it('never runs the command again when its script is a package’s', async () => {
    const result = await traced('node_modules/tool/cli.js');
    expect(result.exitCode).toBe(0);
    expect(readFileSync(path.join(app, 'tool-runs.txt'), 'utf8')).toBe('ran\n');
    expect(result.packages.map((pkg) => pkg.name)).toEqual(expect.arrayContaining(['tool', 'many-tiny']));
  }, 120_000);
});
