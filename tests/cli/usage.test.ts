// The command as a user meets it: the bin, the heavy list from the project's ESLint config, the
// programmatic entry, and every kind of bad use, which exits 2 with one line and no stack.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../integration/support/run.js';
import { temporaryDir } from '../support/files.js';
import { installedCli, lazyImports, NODES, type InstalledCli } from './support/cli.js';
import { writeApp, writeStubs } from './support/stubs.js';

let cli: InstalledCli;
let app: string;
let remove: () => void;

beforeAll(async () => {
  cli = await installedCli();
  ({ dir: app, remove } = temporaryDir('usage'));
  writeApp(app, { 'app.js': `import 'slow';\nconsole.log('ran');\n` });
  writeStubs(app, [{ name: 'slow', module: 'esm', ms: 5 }]);
}, 600_000);

afterAll(() => remove());

describe.each(NODES)('bad use exits 2 with one clear line, on $label', ({ binary }) => {
  let node: string;

  beforeAll(async () => {
    node = await binary();
  }, 600_000);

  const cases: [string, (node: string) => string[], RegExp][] = [
    ['no command', () => [], /^lazy-imports: no command: use trace or cost/],
    ['an unknown command', () => ['profile'], /^lazy-imports: unknown command 'profile'/],
    ['an unknown flag', (node) => ['trace', '--fast', '--', node, 'app.js'], /^lazy-imports: Unknown option '--fast'/],
    ['nothing to trace', () => ['trace', '--heavy', 'slow'], /^lazy-imports: no command to trace/],
    ['a command before --', (node) => ['trace', node, 'app.js'], /^lazy-imports: put the command after --/],
    ['a bad --check value', (node) => ['trace', '--check=all', '--', node, 'app.js'], /^lazy-imports: --check takes no value or 'any'/],
    ['a bad heavy entry', (node) => ['trace', '--heavy', '@aws-sdk', '--', node, 'app.js'], /^lazy-imports: --heavy\[0\] names a scope/],
    ['a command that does not exist', () => ['trace', '--heavy', 'slow', '--', 'no-such-command-here'], /^lazy-imports: `no-such-command-here` could not start: ENOENT/],
    ['an entry that does not exist', (node) => ['trace', '--heavy', 'slow', '--', node, 'missing.js'], /^lazy-imports: `.+ missing\.js` could not start: no file missing\.js in /],
    ['a package that does not resolve', () => ['cost', 'no-such-package'], /^lazy-imports: cannot resolve 'no-such-package' from /],
    ['a bad --runs', () => ['cost', 'slow', '--runs', 'many'], /^lazy-imports: --runs takes a whole number/],
    ['a bad --load', () => ['cost', 'slow', '--load', 'eval'], /^lazy-imports: --load takes import or require, got 'eval'$/],
    ['an empty --why', (node) => ['trace', '--why', '', '--', node, 'app.js'], /^lazy-imports: --why takes a package name or a file$/],
    ['--update-snapshot without a file', (node) => ['trace', '--update-snapshot', '--', node, 'app.js'], /^lazy-imports: --update-snapshot needs --snapshot FILE$/],
    ['a flag without its value', (node) => ['trace', '--why', '--', node, 'app.js'], /^lazy-imports: Option '--why <value>' argument missing \(see lazy-imports --help\)$/],
    ['--check any, without =', (node) => ['trace', '--check', 'any', '--', node, 'app.js'], /^lazy-imports: --check takes its value after =: --check=any$/],
    ['an empty --html', (node) => ['trace', '--html=', '--', node, 'app.js'], /^lazy-imports: --html takes a file$/],
    ['an empty --snapshot', (node) => ['trace', '--snapshot=', '--', node, 'app.js'], /^lazy-imports: --snapshot takes a file$/],
    ['a bad --top', (node) => ['trace', '--top', 'all', '--', node, 'app.js'], /^lazy-imports: --top takes a whole number, got 'all'$/],
    ['a bad --min-ms', () => ['cost', 'slow', '--min-ms', '-'], /^lazy-imports: --min-ms takes a whole number, got '-'$/],
    ['a value for a flag that takes none', () => ['cost', 'slow', '--json=yes'], /^lazy-imports: Option '--json' does not take an argument \(see lazy-imports --help\)$/],
  ];

  it.each(cases)('%s', async (_, args, message) => {
    const result = await lazyImports(cli, args(node), { cwd: app, node });
    expect(result.code).toBe(2);
    const own = result.stderr.trim().split('\n').filter((line) => line.startsWith('lazy-imports:'));
    expect(own).toHaveLength(1);
    expect(own[0]).toMatch(message);
    expect(result.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(result.stdout).toBe('');
  });
});

describe('the package', () => {
  it('installs the lazy-imports bin', async () => {
    const bin = path.join(cli.project, 'node_modules', '.bin', 'lazy-imports');
    expect(existsSync(bin)).toBe(true);
    const result = await run(bin, ['--help'], { cwd: app });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage:\n {2}lazy-imports trace/);
    for (const command of ['trace', 'cost']) {
      const help = await lazyImports(cli, [command, '--help'], { cwd: app });
      expect(help.code).toBe(0);
      expect(help.stdout).toBe(result.stdout);
    }
  });

  it('prints its version', async () => {
    const manifest = JSON.parse(readFileSync(path.join(cli.project, 'node_modules', 'eslint-plugin-lazy-imports', 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) {
      const result = await lazyImports(cli, [flag], { cwd: app });
      expect([result.code, result.stdout]).toEqual([0, `${manifest.version}\n`]);
    }
  });

  it('documents every flag it accepts on its page, and accepts every flag the page shows', async () => {
    const { stdout: help } = await lazyImports(cli, ['--help'], { cwd: app });
    const page = readFileSync(new URL('../../docs/cli.md', import.meta.url), 'utf8');
    const flags = (text: string): string[] => [...new Set(text.match(/--[a-z][a-z-]*/g))].sort();
    // The usage lines of --help, and the page's synopsis blocks.
    const usage = help.slice(0, help.indexOf('\n\n'));
    const synopses = [...page.matchAll(/^```\n(lazy-imports [\s\S]*?)```$/gm)].map((match) => match[1]).join('\n');
    expect(flags(synopses)).toEqual(flags(usage).filter((flag) => flag !== '--help' && flag !== '--version'));
    // Each is explained in the page's text, not only listed.
    const prose = page.replace(/^```[\s\S]*?^```$/gm, '');
    for (const flag of flags(usage)) expect(prose).toMatch(new RegExp(`\`[^\`]*${flag}(?![a-z-])`));
  });

  it('exports trace() for tests, with path entries in the heavy list', async () => {
    const script = `
      import { trace } from 'eslint-plugin-lazy-imports/trace';
      const result = await trace({ command: [process.execPath, ${JSON.stringify(path.join(app, 'app.js'))}], cwd: ${JSON.stringify(app)}, heavy: ['slow', './app.js'], output: 'ignore' });
      console.log(JSON.stringify({ packages: result.packages.map((pkg) => pkg.name), heavy: result.heavyLoaded, root: result.tree[0]?.file }));
    `;
    const result = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: cli.project });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      packages: ['slow'],
      heavy: [
        { entry: './app.js', package: 'app.js', phase: 'start-up', chain: ['app.js'] },
        { entry: 'slow', package: 'slow', phase: 'start-up', chain: ['app.js', 'slow'] },
      ],
      root: 'app.js',
    });
  });
});

describe('the heavy list from the project’s ESLint config', () => {
  let project: string;
  let removeProject: () => void;

  beforeAll(() => {
    ({ dir: project, remove: removeProject } = temporaryDir('eslint-config'));
    // The installed fixture project: ESLint 10, the plugin, and a config whose heavy list names stripe.
    cpSync(cli.project, project, { recursive: true, verbatimSymlinks: true });
    writeFileSync(path.join(project, 'app.js'), `import 'stripe';\n`);
  });

  afterAll(() => removeProject());

  it('reads settings[lazy-imports].heavy for the entry file, in a child process', async () => {
    const result = await lazyImports(cli, ['trace', '--check', '--', process.execPath, 'app.js'], { cwd: project });
    expect(result.stdout).toContain('Heavy list: app.js.');
    expect(result.stderr).toContain("lazy-imports: heavy 'stripe' loaded at start-up: app.js > stripe");
    expect(result.code).toBe(1);
  });

  it('asks the source file when the config ignores the build output', async () => {
    writeFileSync(
      path.join(project, 'eslint.config.js'),
      "export default [{ ignores: ['dist/'] }, { files: ['src/**/*.js'], settings: { 'lazy-imports': { heavy: ['stripe'] } } }];\n",
    );
    mkdirSync(path.join(project, 'dist'), { recursive: true });
    mkdirSync(path.join(project, 'src'), { recursive: true });
    writeFileSync(path.join(project, 'dist', 'app.js'), `import 'stripe';\n`);
    writeFileSync(path.join(project, 'src', 'app.js'), `import 'stripe';\n`);
    const result = await lazyImports(cli, ['trace', '--check', '--', process.execPath, 'dist/app.js'], { cwd: project });
    expect(result.stdout).toContain(`Heavy list: ${path.join('src', 'app.js')}.`);
    expect(result.stderr).toContain("lazy-imports: heavy 'stripe' loaded at start-up: dist/app.js > stripe");
    expect(result.code).toBe(1);
  });

  it('exits 2 with the config’s own error when it fails to load', async () => {
    writeFileSync(path.join(project, 'eslint.config.js'), "throw new Error('broken config');\n");
    const result = await lazyImports(cli, ['trace', '--check', '--', process.execPath, 'app.js'], { cwd: project });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('lazy-imports: could not read the ESLint config: broken config');
  });

  it('says when there is no config to read, and --check has nothing to check', async () => {
    const result = await lazyImports(cli, ['trace', '--check', '--', process.execPath, 'app.js'], { cwd: app });
    expect(result.stdout).toMatch(/Heavy list: ESLint is not installed in /);
    expect(result.stderr).toMatch(/^lazy-imports: --check has no heavy list: ESLint is not installed in /m);
    expect(result.code).toBe(0);
  });
});
