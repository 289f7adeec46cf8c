// `lazy-imports cost`: stub packages of known cost, measured against the baseline process.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostResult } from '../../src/cli/cost.js';
import { run } from '../integration/support/run.js';
import { temporaryDir } from '../support/files.js';
import { installedCli, lazyImports, NODES, type InstalledCli } from './support/cli.js';
import { writeApp, writeStubs } from './support/stubs.js';

let cli: InstalledCli;
let app: string;
let remove: () => void;

beforeAll(async () => {
  cli = await installedCli();
  ({ dir: app, remove } = temporaryDir('cost'));
  writeApp(app, {});
  writeStubs(app, [
    { name: 'heavy-sdk', module: 'cjs', ms: 140, innerMs: 10 },
    { name: 'mid-sdk', module: 'esm', ms: 60, loads: [{ name: 'light-lib', kind: 'static' }] },
    { name: 'light-lib', module: 'esm', ms: 0 },
  ]);
  writeFileSync(
    path.join(app, 'package.json'),
    JSON.stringify({
      name: 'cost-app',
      version: '1.0.0',
      private: true,
      dependencies: { 'heavy-sdk': '1.0.0', 'light-lib': '1.0.0', 'types-only': '1.0.0', 'throws-on-import': '1.0.0' },
    }),
  );
  // Dependencies that are no module to import: types only, and one whose import fails.
  mkdirSync(path.join(app, 'node_modules', 'types-only'));
  writeFileSync(path.join(app, 'node_modules', 'types-only', 'package.json'), JSON.stringify({ name: 'types-only', types: 'index.d.ts' }));
  mkdirSync(path.join(app, 'node_modules', 'throws-on-import'));
  writeFileSync(path.join(app, 'node_modules', 'throws-on-import', 'package.json'), JSON.stringify({ name: 'throws-on-import', main: 'index.js' }));
  writeFileSync(path.join(app, 'node_modules', 'throws-on-import', 'index.js'), "throw new Error('needs a browser');\n");
  // Two builds that cost apart: 100 ms for import(), nothing for require().
  const dual = path.join(app, 'node_modules', 'dual');
  mkdirSync(dual);
  writeFileSync(
    path.join(dual, 'package.json'),
    JSON.stringify({ name: 'dual', version: '2.0.0', exports: { import: './slow.mjs', require: './fast.cjs' } }),
  );
  writeFileSync(path.join(dual, 'slow.mjs'), '{ const end = performance.now() + 100; while (performance.now() < end); }\nexport default 1;\n');
  writeFileSync(path.join(dual, 'fast.cjs'), 'module.exports = 1;\n');
  // A package that require() cannot load: its exports have no require condition.
  mkdirSync(path.join(app, 'node_modules', 'import-only'));
  writeFileSync(
    path.join(app, 'node_modules', 'import-only', 'package.json'),
    JSON.stringify({ name: 'import-only', version: '3.0.0', type: 'module', exports: { import: './index.js' } }),
  );
  writeFileSync(path.join(app, 'node_modules', 'import-only', 'index.js'), 'export default 1;\n');
  // Projects under the app, resolving from its node_modules: an ES module one, and a CLI most of
  // whose dependencies are heavy.
  mkdirSync(path.join(app, 'esm-project'));
  writeFileSync(path.join(app, 'esm-project', 'package.json'), JSON.stringify({ name: 'esm-project', type: 'module', dependencies: { dual: '2.0.0' } }));
  mkdirSync(path.join(app, 'cli-project'));
  writeFileSync(
    path.join(app, 'cli-project', 'package.json'),
    JSON.stringify({ name: 'cli-project', dependencies: { 'heavy-sdk': '1.0.0', 'mid-sdk': '1.0.0', 'light-lib': '1.0.0' } }),
  );
}, 600_000);

afterAll(() => remove());

describe.each(NODES)('cost on $label', ({ binary }) => {
  it('ranks packages by the time they add over the baseline, with modules and heap', async () => {
    const node = await binary();
    const { stdout, stderr, code } = await lazyImports(cli, ['cost', '--json', '--runs', '2', '--load', 'import', 'light-lib', 'mid-sdk', 'heavy-sdk'], {
      cwd: app,
      node,
    });
    expect(code).toBe(0);
    // Piped: no progress line.
    expect(stderr).toBe('');
    const result = JSON.parse(stdout) as CostResult;
    expect(Object.keys(result)).toEqual(['baselineMs', 'load', 'packages']);
    // Node 20 runs no loader hook inside require() of an ES module, so the modules that mid-sdk
    // imports are counted where import() loads it.
    expect(result.load).toBe('import');
    expect(result.packages.map((pkg) => pkg.load)).toEqual(['import', 'import', 'import']);
    expect(result.baselineMs).toBeGreaterThan(0);
    expect(result.packages.map((pkg) => pkg.name)).toEqual(['heavy-sdk', 'mid-sdk', 'light-lib']);
    const [heavy, mid, light] = result.packages;
    expect(heavy).toMatchObject({ version: '1.0.0', modules: 2 });
    expect(mid).toMatchObject({ modules: 2 });
    expect(light).toMatchObject({ modules: 1 });
    // The stubs busy-wait 150 ms, 60 ms and not at all. A shared machine adds noise to every
    // process, baseline included, so the order is what is asserted, with room around the waits.
    expect(heavy?.extraMs).toBeGreaterThan(150 * 0.6);
    expect(mid?.extraMs).toBeGreaterThan(60 * 0.6);
    expect((heavy?.extraMs ?? 0) - (mid?.extraMs ?? 0)).toBeGreaterThan(90 * 0.5);
    expect((mid?.extraMs ?? 0) - (light?.extraMs ?? 0)).toBeGreaterThan(60 * 0.5);
    expect(Object.keys(heavy ?? {})).toEqual(['name', 'version', 'load', 'extraMs', 'modules', 'heapMB']);
  }, 300_000);

  it('loads as --load says, and measures with import() what require() cannot load', async () => {
    const node = await binary();
    const measure = async (load: string) => {
      const { stdout, stderr, code } = await lazyImports(cli, ['cost', '--json', '--runs', '3', '--load', load, 'dual', 'import-only'], { cwd: app, node });
      expect(code).toBe(0);
      return { result: JSON.parse(stdout) as CostResult, stderr };
    };
    const required = await measure('require');
    expect(required.result.load).toBe('require');
    const dualRequired = required.result.packages.find((pkg) => pkg.name === 'dual');
    expect(dualRequired).toMatchObject({ load: 'require', version: '2.0.0' });
    expect(required.result.packages.find((pkg) => pkg.name === 'import-only')).toMatchObject({ load: 'import', version: '3.0.0', modules: 1 });
    expect(required.stderr.trim()).toBe("lazy-imports: 'import-only' cannot be require()d (ERR_PACKAGE_PATH_NOT_EXPORTED): measured with import()");
    const imported = await measure('import');
    expect(imported.result.load).toBe('import');
    expect(imported.stderr).toBe('');
    const dualImported = imported.result.packages.find((pkg) => pkg.name === 'dual');
    expect(dualImported?.load).toBe('import');
    // import() loads the build that waits 100 ms; require() the one that does not.
    expect((dualImported?.extraMs ?? 0) - (dualRequired?.extraMs ?? 0)).toBeGreaterThan(100 * 0.5);
  }, 300_000);
});

describe('cost', () => {
  // util-linux's `script` runs the command on a pseudo-terminal, as a user's shell does.
  it.runIf(existsSync('/usr/bin/script'))('shows progress on a terminal, and clears it', async () => {
    const command = [process.execPath, cli.bin, 'cost', '--runs', '1', 'light-lib'].map((arg) => `'${arg}'`).join(' ');
    const { stdout, code } = await run('/usr/bin/script', ['-qec', command, '/dev/null'], { cwd: app });
    expect(code).toBe(0);
    expect(stdout).toContain('\r\u001B[2Kmeasuring run 1/1: light-lib');
    expect(stdout).toMatch(/\r\u001B\[2KBaseline: /);
  }, 60_000);

  it('loads with import() in a "type": "module" project, and says so', async () => {
    const { stdout, code } = await lazyImports(cli, ['cost', '--runs', '1'], { cwd: path.join(app, 'esm-project') });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Baseline: a fresh process import\(\)s an empty module in \d+\.\d ms\n/);
    expect(stdout).toMatch(/^package\s+version\s+load\s+extra ms\s+modules\s+heap MB$/m);
    expect(stdout).toMatch(/^dual\s+2\.0\.0\s+import\s+\d+\.\d\s+1\s+\d+\.\d$/m);
  }, 120_000);

  it('run from a subfolder, measures the dependencies of the package.json that decides the form', async () => {
    // No package.json of its own: the project's decides both what is measured and how.
    const commands = path.join(app, 'esm-project', 'src', 'commands');
    mkdirSync(commands, { recursive: true });
    const { stdout, stderr, code } = await lazyImports(cli, ['cost', '--json', '--runs', '1'], { cwd: commands });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as CostResult;
    expect(result.load).toBe('import');
    expect(result.packages.map((pkg) => [pkg.name, pkg.load, pkg.version])).toEqual([['dual', 'import', '2.0.0']]);
  }, 120_000);

  it('names the package.json it read when it lists no dependencies to measure', async () => {
    const empty = path.join(app, 'no-dependencies');
    mkdirSync(path.join(empty, 'src'), { recursive: true });
    writeFileSync(path.join(empty, 'package.json'), JSON.stringify({ name: 'no-dependencies', type: 'module' }));
    const { stdout, stderr, code } = await lazyImports(cli, ['cost'], { cwd: path.join(empty, 'src') });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim()).toBe(`lazy-imports: package.json in ${empty} has no dependencies: name the packages to measure`);
  }, 60_000);

  it('says which package.json cannot be read, in one line', async () => {
    const broken = path.join(app, 'broken-manifest');
    mkdirSync(broken, { recursive: true });
    writeFileSync(path.join(broken, 'package.json'), '{ "name": ');
    const { stdout, stderr, code } = await lazyImports(cli, ['cost'], { cwd: broken });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim()).toBe(`lazy-imports: package.json in ${broken} cannot be read: name the packages to measure, e.g. lazy-imports cost stripe`);
  }, 60_000);

  it('prints the heavy list as everything but the light packages when most dependencies are heavy', async () => {
    const { stdout, code } = await lazyImports(cli, ['cost', '--runs', '2'], { cwd: path.join(app, 'cli-project') });
    expect(code).toBe(0);
    expect(stdout).toContain(
      [
        "settings['lazy-imports'].heavy: 2 of 3 dependencies add 20 ms or more, so every package is heavy but these:",
        'heavy: [',
        "  { name: '**', except: ['light-lib'] },",
        '],',
      ].join('\n'),
    );
  }, 120_000);

  it('measures the project’s dependencies by default, with require() where the project is CommonJS, skipping those that do not load, and prints a heavy list to paste', async () => {
    const { stdout, stderr, code } = await lazyImports(cli, ['cost', '--runs', '2'], { cwd: app });
    expect(code).toBe(0);
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^lazy-imports: skipped 'types-only': cannot import it from /),
      "lazy-imports: skipped 'throws-on-import': requiring 'throws-on-import' failed: Error: needs a browser",
    ]);
    expect(stdout).not.toMatch(/^(types-only|throws-on-import) /m);
    expect(stdout).toMatch(/^Baseline: a fresh process require\(\)s an empty module in \d+\.\d ms\n/);
    expect(stdout).toMatch(/^package\s+version\s+load\s+extra ms\s+modules\s+heap MB$/m);
    expect(stdout).toMatch(/^heavy-sdk\s+1\.0\.0\s+require\s+\d+\.\d\s+2\s+\d+\.\d$/m);
    expect(stdout).toMatch(/^light-lib\s+1\.0\.0\s+require\s+\d+\.\d\s+1\s+\d+\.\d$/m);
    expect(stdout).toMatch(/^ {2}\{ name: 'heavy-sdk', reason: 'adds ~\d+ ms to start-up' \},$/m);
    expect(stdout).not.toContain("name: 'light-lib'");
  }, 120_000);
});
