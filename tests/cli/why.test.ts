// `lazy-imports trace --why`: every importer chain that loaded a package, where Node itself
// keeps only the first. The package `shared` is loaded by an ES module of the app, an ES
// package, a CommonJS package (require() of an ES module) and createRequire, at start-up, and
// by an import() after it; a second entry reaches it through a dozen files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImporterChain, TracedPackage } from '../../src/cli/trace-model.js';
import { temporaryDir } from '../support/files.js';
import { installedCli, lazyImports, NODES, type InstalledCli } from './support/cli.js';
import { writeApp, writeStubs } from './support/stubs.js';

let cli: InstalledCli;
let app: string;
let remove: () => void;

const MANY = 12;

beforeAll(async () => {
  cli = await installedCli();
  ({ dir: app, remove } = temporaryDir('why'));
  const many = Array.from({ length: MANY }, (_, index) => `src/m${String(index + 1).padStart(2, '0')}.js`);
  writeApp(app, {
    'app.js': `import './src/own.js';\nimport 'via-esm';\nimport 'via-cjs';\nimport 'via-mixed';\nimport { later } from 'holder';\nsetTimeout(later, 5);\n`,
    'src/own.js': `import 'shared';\n`,
    'many.js': many.map((file) => `import './${file}';\n`).join(''),
    ...Object.fromEntries(many.map((file) => [file, `import 'shared';\n`])),
    // `deep` is loaded first through two files, then by the entry itself; `behind` by a file of
    // `loop-a` that only `loop-b` loads.
    'detour.js': `import './src/d1.js';\nimport 'loop-a';\nimport 'deep';\n`,
    'src/d1.js': `import './d2.js';\n`,
    'src/d2.js': `import 'deep';\n`,
    ...packageFiles('loop-a', { 'index.js': `import 'loop-b';\n`, 'sub.js': `import 'behind';\n` }),
    ...packageFiles('loop-b', { 'index.js': `import 'loop-a/sub.js';\n` }),
  });
  writeStubs(app, [
    { name: 'shared', module: 'esm', ms: 0 },
    { name: 'via-esm', module: 'esm', ms: 0, loads: [{ name: 'shared', kind: 'static' }] },
    { name: 'via-cjs', module: 'cjs', ms: 0, loads: [{ name: 'shared', kind: 'static' }] },
    { name: 'via-mixed', module: 'esm', ms: 0, loads: [{ name: 'shared', kind: 'create-require' }] },
    { name: 'holder', module: 'esm', ms: 0, loads: [{ name: 'shared', kind: 'later' }] },
    { name: 'deep', module: 'esm', ms: 0 },
    { name: 'behind', module: 'esm', ms: 0 },
  ]);
}, 600_000);

afterAll(() => remove());

/** The files of an ES package under the app's node_modules, for `writeApp`. */
function packageFiles(name: string, files: Readonly<Record<string, string>>): Record<string, string> {
  return {
    [`node_modules/${name}/package.json`]: JSON.stringify({ name, version: '1.0.0', type: 'module', exports: { '.': './index.js', './*': './*' } }),
    ...Object.fromEntries(Object.entries(files).map(([file, text]) => [`node_modules/${name}/${file}`, text])),
  };
}

/** The chains that `--why` prints, one a line, after its heading. */
function whyLines(stdout: string, target: string): string[] {
  return stdout.slice(stdout.indexOf(`'${target}' loaded through`)).trim().split('\n').slice(1);
}

const STARTUP_CHAINS = [
  ['app.js', 'src/own.js', 'shared'],
  ['app.js', 'via-esm', 'shared'],
  ['app.js', 'via-cjs', 'shared'],
  ['app.js', 'via-mixed', 'shared'],
];

describe.each(NODES)('trace --why on $label', ({ binary }) => {
  let node: string;

  beforeAll(async () => {
    node = await binary();
  }, 600_000);

  it('prints every importer chain of a package, start-up and later, shortest first', async () => {
    const { stdout, code } = await lazyImports(cli, ['trace', '--heavy', 'shared', '--why', 'shared', '--', node, 'app.js'], { cwd: app, node });
    expect(code).toBe(0);
    const why = stdout.slice(stdout.indexOf("'shared' loaded through"));
    const lines = why.trim().split('\n');
    expect(lines[0]).toBe("'shared' loaded through 5 chains:");
    expect(lines.slice(1, 5).sort()).toEqual(STARTUP_CHAINS.map((chain) => `  start-up  ${chain.join(' > ')}`).sort());
    expect(lines.slice(5)).toEqual(['  later     app.js > holder > shared']);
  });

  it('gives every chain of each package in --json', async () => {
    const { stdout, code } = await lazyImports(cli, ['trace', '--heavy', 'shared', '--json', '--', node, 'app.js'], { cwd: app, node });
    expect(code).toBe(0);
    const { packages } = JSON.parse(stdout) as { packages: TracedPackage[] };
    const shared = packages.find((pkg) => pkg.name === 'shared');
    expect(shared?.chains.slice(0, 4).map((chain) => chain.chain)).toEqual(expect.arrayContaining(STARTUP_CHAINS));
    expect(shared?.chains.slice(0, 4).every((chain) => chain.phase === 'start-up')).toBe(true);
    expect(shared?.chains[4]).toEqual({ phase: 'later', chain: ['app.js', 'holder', 'shared'] });
    expect(packages.find((pkg) => pkg.name === 'via-cjs')?.chains).toEqual([{ phase: 'start-up', chain: ['app.js', 'via-cjs'] }]);
  });

  it('caps the list with how many more there are, and gives them in --json', async () => {
    const text = await lazyImports(cli, ['trace', '--heavy', 'shared', '--why', 'shared', '--', node, 'many.js'], { cwd: app, node });
    expect(text.code).toBe(0);
    const lines = text.stdout.slice(text.stdout.indexOf("'shared' loaded through")).trim().split('\n');
    expect(lines[0]).toBe(`'shared' loaded through ${String(MANY)} chains:`);
    expect(lines.slice(1, 11).every((line) => /^ {2}start-up {2}many\.js > src\/m\d\d\.js > shared$/.test(line))).toBe(true);
    expect(lines.slice(11)).toEqual([`  ... and ${String(MANY - 10)} more (--json lists all)`]);
    const json = await lazyImports(cli, ['trace', '--heavy', 'shared', '--why', 'shared', '--json', '--', node, 'many.js'], { cwd: app, node });
    const { why } = JSON.parse(json.stdout) as { why: { target: string; total: number; complete: boolean; chains: ImporterChain[] } };
    expect(why.target).toBe('shared');
    expect(why.total).toBe(MANY);
    expect(why.complete).toBe(true);
    expect(new Set(why.chains.map((chain) => chain.chain[1]))).toHaveLength(MANY);
  });

  it('has the chain that --check, the table and --json name for a package: the shortest at start-up', async () => {
    const args = (why: string, ...more: string[]) => ['trace', '--check', '--heavy', 'deep,behind', ...more, '--why', why, '--', node, 'detour.js'];
    const deep = await lazyImports(cli, args('deep'), { cwd: app, node });
    expect(deep.code).toBe(1);
    expect(whyLines(deep.stdout, 'deep')).toEqual(['  start-up  detour.js > deep', '  start-up  detour.js > src/d1.js > src/d2.js > deep']);
    expect(deep.stderr).toContain("lazy-imports: heavy 'deep' loaded at start-up: detour.js > deep\n");
    expect(deep.stdout).toMatch(/^deep +1\.0\.0 .* start-up {2}detour\.js > deep$/m);
    // A package whose own file loads it through another package: that package is named once.
    const behind = await lazyImports(cli, args('behind', '--json'), { cwd: app, node });
    const { packages, heavyLoaded, why } = JSON.parse(behind.stdout) as {
      packages: TracedPackage[];
      heavyLoaded: { package: string; chain: string[] }[];
      why: { chains: ImporterChain[] };
    };
    expect(why.chains).toEqual([{ phase: 'start-up', chain: ['detour.js', 'loop-a', 'behind'] }]);
    expect(heavyLoaded.find((load) => load.package === 'behind')?.chain).toEqual(['detour.js', 'loop-a', 'behind']);
    expect(packages.find((pkg) => pkg.name === 'behind')?.chain).toEqual(['detour.js', 'loop-a', 'behind']);
    expect(behind.stderr).toContain("lazy-imports: heavy 'behind' loaded at start-up: detour.js > loop-a > behind\n");
  });

  it('answers for a file too, and says when the package did not load', async () => {
    const file = await lazyImports(cli, ['trace', '--heavy', 'shared', '--why', 'src/own.js', '--', node, 'app.js'], { cwd: app, node });
    expect(file.stdout).toContain("'src/own.js' loaded through 1 chain:\n  start-up  app.js > src/own.js\n");
    const none = await lazyImports(cli, ['trace', '--heavy', 'shared', '--why', 'not-loaded', '--', node, 'app.js'], { cwd: app, node });
    expect(none.code).toBe(0);
    expect(none.stdout).toContain("'not-loaded' did not load.");
  });
});
