// `lazy-imports trace` on a fixture app whose stub packages cost known times: ES modules,
// CommonJS, a createRequire mix, a workspace package, a child process, a top-level await, a
// load after start-up and one that never runs. On every supported Node major.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceResult } from '../../src/cli/trace-model.js';
import { temporaryDir } from '../support/files.js';
import { installedCli, lazyImports, NODES, type InstalledCli } from './support/cli.js';
import { writeApp, writeStubs, type StubPackage } from './support/stubs.js';

const STUBS: StubPackage[] = [
  { name: 'big-esm', module: 'esm', ms: 120, innerMs: 10, loads: [{ name: 'leaf-cjs', kind: 'static' }] },
  { name: 'leaf-cjs', module: 'cjs', ms: 20 },
  { name: 'mid-cjs', module: 'cjs', ms: 60, innerMs: 15 },
  { name: 'mixed-esm', module: 'esm', ms: 5, loads: [{ name: 'small-cjs', kind: 'create-require' }] },
  { name: 'small-cjs', module: 'cjs', ms: 40 },
  { name: 'ws-lib', module: 'esm', ms: 5, workspace: true },
  {
    name: 'lazy-holder',
    module: 'esm',
    ms: 0,
    loads: [
      { name: 'later-pkg', kind: 'later' },
      { name: 'never-pkg', kind: 'never' },
    ],
  },
  { name: 'later-pkg', module: 'esm', ms: 25 },
  { name: 'never-pkg', module: 'esm', ms: 25 },
  { name: 'tla-pkg', module: 'esm', ms: 10 },
  { name: 'child-only', module: 'cjs', ms: 15 },
  { name: 'cjs-later', module: 'cjs', ms: 5 },
  // require() of an ES module (Node 20.19+), which imports one more.
  { name: 'cjs-host', module: 'cjs', ms: 5, loads: [{ name: 'esm-guest', kind: 'static' }] },
  { name: 'esm-guest', module: 'esm', ms: 10, loads: [{ name: 'esm-leaf', kind: 'static' }] },
  { name: 'esm-leaf', module: 'esm', ms: 10 },
];

const APP = `import 'big-esm';
import 'mid-cjs';
import 'mixed-esm';
import 'ws-lib';
import 'cjs-host';
import { later } from 'lazy-holder';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
spawnSync(process.execPath, [fileURLToPath(new URL('./child.cjs', import.meta.url))], { stdio: 'inherit' });
await import('tla-pkg');
console.log('shop ready');
process.exitCode = Number(process.env.SHOP_EXIT ?? 0);
// Runs once the entry has finished evaluating: after start-up.
setTimeout(later, 10);
`;

const HEAVY = 'big-esm,small-cjs,later-pkg,child-only';

let cli: InstalledCli;
let app: string;
let remove: () => void;

beforeAll(async () => {
  cli = await installedCli();
  ({ dir: app, remove } = temporaryDir('trace'));
  writeApp(app, {
    'app.js': APP,
    'child.cjs': `require('child-only');\nsetTimeout(() => require('cjs-later'), 10);\n`,
    // TypeScript that Node 22.18+ runs by stripping the types.
    'ts/main.ts': `import { helper } from './helper.ts';\nconst value: number = helper();\nconsole.log(value);\n`,
    'ts/helper.ts': `import 'mid-cjs';\nexport function helper(): number {\n  return 1;\n}\n`,
  });
  writeStubs(app, STUBS);
}, 600_000);

afterAll(() => remove());

function parseJson(stdout: string): TraceResult {
  return JSON.parse(stdout) as TraceResult;
}

describe.each(NODES)('trace on $label', ({ binary, major }) => {
  let node: string;
  let result: TraceResult;
  /**
   * More runs: a busy machine only ever adds time, so the smallest is the best measure. On a
   * shared machine one process can wait tens of milliseconds for a core, more than once.
   */
  const again: TraceResult[] = [];
  let stderr: string;
  let code: number | null;

  beforeAll(async () => {
    node = await binary();
    const traced = await lazyImports(cli, ['trace', '--json', '--heavy', HEAVY, '--', node, 'app.js'], { cwd: app, node });
    ({ stderr, code } = traced);
    result = parseJson(traced.stdout);
    for (let run = 0; run < 3; run += 1) {
      again.push(parseJson((await lazyImports(cli, ['trace', '--json', '--heavy', HEAVY, '--', node, 'app.js'], { cwd: app, node })).stdout));
    }
  }, 600_000);

  const byName = (name: string) => result.packages.find((pkg) => pkg.name === name);

  it('prints only the JSON shape on stdout, the program’s output on stderr, and passes its status through', () => {
    expect(Object.keys(result)).toEqual(['command', 'exitCode', 'wallMs', 'packages', 'heavyLoaded']);
    expect(result.command).toEqual([node, 'app.js']);
    expect(stderr).toContain('shop ready');
    expect(code).toBe(0);
    expect(result.exitCode).toBe(0);
    expect(result.wallMs).toBeGreaterThan(200);
  });

  it('reports every package that loaded, in every process, and none that did not', () => {
    // Node 20 evaluates an ES module that require() loads without any hook: what it imports is
    // timed as its own, unseen.
    const unseen = major === 20 ? ['never-pkg', 'esm-leaf'] : ['never-pkg'];
    expect(result.packages.map((pkg) => pkg.name).sort()).toEqual(
      STUBS.map((stub) => stub.name)
        .filter((name) => !unseen.includes(name))
        .sort(),
    );
    expect(byName('esm-guest')?.chain).toEqual(['app.js', 'cjs-host', 'esm-guest']);
    if (major !== 20) expect(byName('esm-leaf')?.chain).toEqual(['app.js', 'cjs-host', 'esm-guest', 'esm-leaf']);
    expect(byName('mid-cjs')).toMatchObject({ version: '1.0.0', modules: 2, processes: 1 });
    expect(byName('big-esm')).toMatchObject({ modules: 2 });
    expect(byName('child-only')).toMatchObject({ processes: 1, chain: ['child.cjs', 'child-only'] });
  });

  it('gives the first importer chain from the entry, through ESM, CommonJS and createRequire', () => {
    expect(byName('leaf-cjs')?.chain).toEqual(['app.js', 'big-esm', 'leaf-cjs']);
    expect(byName('small-cjs')?.chain).toEqual(['app.js', 'mixed-esm', 'small-cjs']);
    expect(byName('ws-lib')?.chain).toEqual(['app.js', 'ws-lib']);
    expect(byName('later-pkg')?.chain).toEqual(['app.js', 'lazy-holder', 'later-pkg']);
  });

  it('tells start-up (top-level await included) from later, in ES modules and CommonJS', () => {
    expect(byName('later-pkg')?.phase).toBe('later');
    expect(byName('cjs-later')).toMatchObject({ phase: 'later', chain: ['child.cjs', 'cjs-later'] });
    for (const name of ['big-esm', 'leaf-cjs', 'mid-cjs', 'small-cjs', 'ws-lib', 'tla-pkg', 'child-only']) {
      expect(byName(name)?.phase, name).toBe('start-up');
    }
  });

  it('times each package’s own evaluation within tens of percent, nested loads in the total only', () => {
    // mixed-esm's own time also holds what its require() does before small-cjs evaluates (the
    // CommonJS loader's first resolution): only its total is checked.
    const expected: Record<string, [self: number | undefined, total: number]> = {
      'big-esm': [130, 150],
      'leaf-cjs': [20, 20],
      'mid-cjs': [75, 75],
      'mixed-esm': [undefined, 45],
      'small-cjs': [40, 40],
      'later-pkg': [25, 25],
      'child-only': [15, 15],
    };
    const fastest = (name: string) => {
      const runs = [result, ...again].map((run) => run.packages.find((pkg) => pkg.name === name));
      return {
        selfMs: Math.min(...runs.map((pkg) => pkg?.selfMs ?? Infinity)),
        totalMs: Math.min(...runs.map((pkg) => pkg?.totalMs ?? Infinity)),
      };
    };
    for (const [name, [self, total]] of Object.entries(expected)) {
      const pkg = fastest(name);
      if (self !== undefined) {
        expect(pkg.selfMs, `${name} self`).toBeGreaterThanOrEqual(self * 0.95);
        expect(pkg.selfMs, `${name} self`).toBeLessThanOrEqual(self * 1.35 + 8);
      }
      expect(pkg.totalMs, `${name} total`).toBeGreaterThanOrEqual(total * 0.95);
      expect(pkg.totalMs, `${name} total`).toBeLessThanOrEqual(total * 1.35 + 8);
    }
    const ranked = ['tla-pkg', 'small-cjs', 'big-esm', 'mid-cjs'].sort((a, b) => fastest(b).totalMs - fastest(a).totalMs);
    expect(ranked).toEqual(['big-esm', 'mid-cjs', 'small-cjs', 'tla-pkg']);
  });

  it('lists the heavy packages that loaded, with phase and chain', () => {
    expect([...result.heavyLoaded].sort((a, b) => a.package.localeCompare(b.package))).toEqual([
      { entry: 'big-esm', package: 'big-esm', phase: 'start-up', chain: ['app.js', 'big-esm'] },
      { entry: 'child-only', package: 'child-only', phase: 'start-up', chain: ['child.cjs', 'child-only'] },
      { entry: 'later-pkg', package: 'later-pkg', phase: 'later', chain: ['app.js', 'lazy-holder', 'later-pkg'] },
      { entry: 'small-cjs', package: 'small-cjs', phase: 'start-up', chain: ['app.js', 'mixed-esm', 'small-cjs'] },
    ]);
  });

  it.runIf(major >= 22)('traces TypeScript files that Node strips itself', async () => {
    const { stdout, code } = await lazyImports(cli, ['trace', '--json', '--heavy', 'mid-cjs', '--', node, 'ts/main.ts'], { cwd: app, node });
    expect(code).toBe(0);
    const traced = parseJson(stdout);
    expect(traced.packages.map((pkg) => [pkg.name, pkg.chain])).toEqual([['mid-cjs', ['ts/main.ts', 'ts/helper.ts', 'mid-cjs']]]);
    expect(traced.heavyLoaded).toEqual([{ entry: 'mid-cjs', package: 'mid-cjs', phase: 'start-up', chain: ['ts/main.ts', 'ts/helper.ts', 'mid-cjs'] }]);
  });

  it('--check exits 1 for a heavy load at start-up and names its chain; later loads pass unless --check=any', async () => {
    const failing = await lazyImports(cli, ['trace', '--check', '--heavy', 'small-cjs', '--', node, 'app.js'], { cwd: app, node });
    expect(failing.code).toBe(1);
    expect(failing.stderr).toContain("lazy-imports: heavy 'small-cjs' loaded at start-up: app.js > mixed-esm > small-cjs");
    const later = await lazyImports(cli, ['trace', '--check', '--heavy', 'later-pkg', '--', node, 'app.js'], {
      cwd: app,
      node,
      env: { SHOP_EXIT: '3' },
    });
    expect(later.code).toBe(3);
    const any = await lazyImports(cli, ['trace', '--check=any', '--heavy', 'later-pkg', '--', node, 'app.js'], { cwd: app, node });
    expect(any.code).toBe(1);
    expect(any.stderr).toContain("lazy-imports: heavy 'later-pkg' loaded later: app.js > lazy-holder > later-pkg");
  }, 120_000);
});

describe('trace --html', () => {
  it('writes one self-contained page of the import tree, and names it on stderr under --json', async () => {
    const { stdout, stderr, code } = await lazyImports(
      cli,
      ['trace', '--json', '--html', 'trace.html', '--heavy', 'big-esm', '--', process.execPath, 'app.js'],
      { cwd: app },
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toHaveProperty('packages');
    expect(stderr).toContain('Trace page: trace.html');
    const page = readFileSync(path.join(app, 'trace.html'), 'utf8');
    expect(page).toMatch(/^<!doctype html>/i);
    for (const name of ['app.js', 'big-esm', 'node_modules/mid-cjs/inner.js', 'child.cjs', 'child-only']) expect(page).toContain(name);
    expect(page).not.toMatch(/\b(?:src|href)=["']?(?:https?:)?\/\//i);
  }, 60_000);

  it('makes the folders of the page', async () => {
    const { stderr, code } = await lazyImports(cli, ['trace', '--html', 'no/such/dir/trace.html', '--heavy', 'x', '--', process.execPath, 'app.js'], {
      cwd: app,
    });
    expect(code).toBe(0);
    expect(stderr).not.toContain('lazy-imports:');
    expect(readFileSync(path.join(app, 'no/such/dir/trace.html'), 'utf8')).toMatch(/^<!doctype html>/i);
  }, 60_000);
});

describe('trace, the table', () => {
  it('prints packages with times, phase and chain, and the heavy loads', async () => {
    const { stdout, code } = await lazyImports(cli, ['trace', '--heavy', 'mid-cjs', '--', process.execPath, 'app.js'], {
      cwd: app,
      env: { SHOP_EXIT: '4' },
    });
    expect(code).toBe(4);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/app\.js: exit status 4, \d+\.\d ms, 1[34] packages$/);
    expect(lines[2]).toMatch(/^package\s+version\s+modules\s+self ms\s+total ms\s+phase\s+chain$/);
    expect(lines[3]).toMatch(/^big-esm\s+1\.0\.0\s+2\s+\d+\.\d\s+\d+\.\d\s+start-up\s+app\.js > big-esm$/);
    expect(stdout).toContain('Heavy list: --heavy.');
    expect(stdout).toContain('Heavy mid-cjs loaded at start-up: app.js > mid-cjs');
  }, 60_000);

  it('shows the --top N packages, says how many it leaves out, and only when it leaves some out', async () => {
    const table = async (top: string): Promise<string[]> => {
      const { stdout, code } = await lazyImports(cli, ['trace', '--heavy', 'mid-cjs', '--top', top, '--', process.execPath, 'app.js'], { cwd: app });
      expect(code).toBe(0);
      return stdout.slice(0, stdout.indexOf('\n\nHeavy list:')).split('\n').slice(2);
    };
    const count = Number(/, (\d+) packages\n/.exec((await lazyImports(cli, ['trace', '--heavy', 'mid-cjs', '--', process.execPath, 'app.js'], { cwd: app })).stdout)?.[1]);
    const two = await table('2');
    expect(two).toHaveLength(4);
    expect(two[3]).toBe(`... and ${String(count - 2)} more (--top ${String(count)} or --json for all)`);
    // Nothing shown is not nothing loaded.
    expect(await table('0')).toEqual([`... and ${String(count)} more (--top ${String(count)} or --json for all)`]);
    const all = await table(String(count));
    expect(all).toHaveLength(count + 1);
    expect(all.join('\n')).not.toContain('more');
  }, 60_000);
});
