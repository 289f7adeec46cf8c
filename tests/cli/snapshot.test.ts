// `lazy-imports trace --snapshot`: a start-up guard by package names. The app loads `alpha` and
// `beta` at start-up (beta through a top-level await), starts a child process that loads
// `gamma`, and loads `late` after start-up; environment variables drop beta or add `extra`.
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporaryDir } from '../support/files.js';
import { installedCli, lazyImports, type InstalledCli } from './support/cli.js';
import { writeApp, writeStubs } from './support/stubs.js';

let cli: InstalledCli;
let app: string;
let remove: () => void;

const APP = `import 'alpha';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
if (!process.env.DROP_BETA) await import('beta');
if (process.env.ADD_EXTRA) await import('./src/extra.js');
if (process.env.ADD_BOTH) {
  await import('./src/via.js');
  await import('extra');
}
spawnSync(process.execPath, [fileURLToPath(new URL('./child.cjs', import.meta.url))], { stdio: 'inherit' });
setTimeout(() => import('late'), 5);
process.exitCode = Number(process.env.APP_EXIT ?? 0);
`;

beforeAll(async () => {
  cli = await installedCli();
  ({ dir: app, remove } = temporaryDir('snapshot'));
  writeApp(app, { 'app.js': APP, 'child.cjs': `require('gamma');\n`, 'src/extra.js': `import 'extra';\n`, 'src/via.js': `import './extra.js';\n` });
  writeStubs(app, ['alpha', 'beta', 'gamma', 'late', 'extra'].map((name) => ({ name, module: 'esm' as const, ms: 0 })));
}, 600_000);

afterAll(() => remove());

/** Runs `trace --snapshot <file>` on the app, with the given environment. */
function guard(file: string, env: Record<string, string> = {}, extra: readonly string[] = []) {
  return lazyImports(cli, ['trace', '--heavy', 'alpha', '--snapshot', file, ...extra, '--', process.execPath, 'app.js'], { cwd: app, env });
}

const EXPECTED = { 'app.js': ['alpha', 'beta'], 'child.cjs': ['gamma'] };

describe('trace --snapshot', () => {
  const file = 'guard/start-up.json';

  it('writes the snapshot when there is none, making its folder, and exits with the command’s status', async () => {
    const { stdout, code } = await guard(file, { APP_EXIT: '3' });
    expect(code).toBe(3);
    expect(stdout).toContain(`Start-up snapshot written: ${file} (3 packages, 2 processes)`);
    const written = JSON.parse(readFileSync(path.join(app, file), 'utf8')) as { about: string; processes: unknown };
    expect(Object.keys(written)).toEqual(['about', 'processes']);
    expect(written.processes).toEqual(EXPECTED);
    // One name a line, for a readable diff in review.
    expect(readFileSync(path.join(app, file), 'utf8')).toContain('  "processes": {\n    "app.js": [\n      "alpha",\n      "beta"\n    ],');
  });

  it('passes when the same packages load', async () => {
    const before = readFileSync(path.join(app, file), 'utf8');
    const { stdout, stderr, code } = await guard(file);
    expect(code).toBe(0);
    expect(stdout).toContain(`Start-up matches the snapshot ${file}.`);
    expect(stderr).not.toContain('lazy-imports:');
    expect(readFileSync(path.join(app, file), 'utf8')).toBe(before);
  });

  it('fails on a package that is new at start-up, printing it with its chain', async () => {
    const { stderr, code } = await guard(file, { ADD_EXTRA: '1' });
    expect(code).toBe(1);
    expect(stderr.split('\n').filter((line) => line.startsWith('lazy-imports:'))).toEqual([
      `lazy-imports: 'extra' loaded at start-up of app.js, not in ${file}: app.js > src/extra.js > extra`,
      'lazy-imports: load it later, or accept it with --update-snapshot',
    ]);
  });

  it('prints the shortest start-up chain of the new package, the first that --why lists', async () => {
    // Loaded first through src/via.js > src/extra.js, then by the entry itself.
    const { stdout, stderr, code } = await guard(file, { ADD_BOTH: '1' }, ['--why', 'extra']);
    expect(code).toBe(1);
    expect(stderr).toContain(`lazy-imports: 'extra' loaded at start-up of app.js, not in ${file}: app.js > extra\n`);
    expect(stdout).toContain("'extra' loaded through 2 chains:\n  start-up  app.js > extra\n  start-up  app.js > src/via.js > src/extra.js > extra\n");
  });

  it('hints at packages that no longer load at start-up, and passes', async () => {
    const { stdout, code } = await guard(file, { DROP_BETA: '1' });
    expect(code).toBe(0);
    expect(stdout).toContain(`Start-up snapshot ${file} lists packages that no longer load at start-up: beta (app.js). Tighten it with --update-snapshot.`);
  });

  it('is rewritten with --update-snapshot', async () => {
    const { code } = await guard(file, { ADD_EXTRA: '1', DROP_BETA: '1' }, ['--update-snapshot']);
    expect(code).toBe(0);
    expect((JSON.parse(readFileSync(path.join(app, file), 'utf8')) as { processes: unknown }).processes).toEqual({
      'app.js': ['alpha', 'extra'],
      'child.cjs': ['gamma'],
    });
    expect((await guard(file, { ADD_EXTRA: '1', DROP_BETA: '1' })).code).toBe(0);
  });

  it('keeps a process that loads no package, with an empty list', async () => {
    writeFileSync(path.join(app, 'bare.js'), `console.log('bare');\n`);
    const { code } = await lazyImports(cli, ['trace', '--heavy', 'alpha', '--snapshot', 'bare.json', '--', process.execPath, 'bare.js'], { cwd: app });
    expect(code).toBe(0);
    expect((JSON.parse(readFileSync(path.join(app, 'bare.json'), 'utf8')) as { processes: unknown }).processes).toEqual({ 'bare.js': [] });
  });

  it('is the same file from another install of the app, with other versions, in another folder', async () => {
    const { dir: other, remove: removeOther } = temporaryDir('snapshot-other');
    try {
      cpSync(app, other, { recursive: true, verbatimSymlinks: true });
      for (const name of ['alpha', 'beta', 'gamma']) {
        const manifest = path.join(other, 'node_modules', name, 'package.json');
        writeFileSync(manifest, JSON.stringify({ ...(JSON.parse(readFileSync(manifest, 'utf8')) as object), version: '9.9.9' }));
      }
      const run = (cwd: string) =>
        lazyImports(cli, ['trace', '--heavy', 'alpha', '--snapshot', 'fresh.json', '--', process.execPath, 'app.js'], { cwd });
      expect((await run(app)).code).toBe(0);
      expect((await run(other)).code).toBe(0);
      expect(readFileSync(path.join(other, 'fresh.json'), 'utf8')).toBe(readFileSync(path.join(app, 'fresh.json'), 'utf8'));
    } finally {
      removeOther();
    }
  });
});

describe('outputs are checked before the command runs', () => {
  const ran = (): boolean => existsSync(path.join(app, 'ran.log'));
  /** The app logs each stub it loads to ran.log: proof that the command ran. */
  const traceWith = (args: readonly string[]) =>
    lazyImports(cli, ['trace', '--heavy', 'alpha', ...args, '--', process.execPath, 'app.js'], {
      cwd: app,
      env: { STUB_LOG: path.join(app, 'ran.log') },
    });

  beforeAll(() => {
    writeFileSync(path.join(app, 'a-file'), '');
  });

  it.each([
    ['--html under a file', ['--html', 'a-file/page.html'], /^lazy-imports: cannot write a-file\/page\.html: a file stands where a folder of its path should be \(E(EXIST|NOTDIR)\)$/],
    ['--html on a folder', ['--html', 'guard'], /^lazy-imports: cannot write guard: it is a folder \(EISDIR\)$/],
    ['--snapshot under a file', ['--snapshot', 'a-file/s.json'], /^lazy-imports: cannot write a-file\/s\.json: a file stands where/],
    ['a snapshot that is not JSON', ['--snapshot', 'a-file'], /^lazy-imports: a-file is not a start-up snapshot \(not JSON\): fix it, or delete it to write a new one$/],
    ['--update-snapshot alone', ['--update-snapshot'], /^lazy-imports: --update-snapshot needs --snapshot FILE$/],
  ])('%s: exit 2, one line, nothing run', async (_, args, message) => {
    const { stderr, stdout, code } = await traceWith(args);
    expect(code).toBe(2);
    expect(stderr.trim()).toMatch(message);
    expect(stdout).toBe('');
    expect(ran()).toBe(false);
  });

  it('ends in one line, exit 2, when the command itself takes the place of the snapshot', async () => {
    const { stderr, code } = await lazyImports(
      cli,
      ['trace', '--heavy', 'alpha', '--snapshot', 'taken/snap.json', '--', process.execPath, '-e', "require('fs').mkdirSync('taken/snap.json')"],
      { cwd: app },
    );
    expect(code).toBe(2);
    expect(stderr.trim().split('\n').filter((line) => line.startsWith('lazy-imports:'))).toEqual([
      expect.stringMatching(/^lazy-imports: cannot write taken\/snap\.json: .*EISDIR/),
    ]);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('makes the folders of --html', async () => {
    const { stdout, code } = await traceWith(['--html', 'reports/deep/trace.html']);
    expect(code).toBe(0);
    expect(stdout).toContain('Trace page: reports/deep/trace.html');
    expect(readFileSync(path.join(app, 'reports/deep/trace.html'), 'utf8')).toMatch(/^<!doctype html>/);
    // The proof of a run that the cases above did not leave.
    expect(ran()).toBe(true);
  });
});
