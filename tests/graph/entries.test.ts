import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { startupEntries } from '../../src/graph/entries.js';
import { EDIT_CHECK_MS } from '../../src/analysis/file-stamp.js';
import { temporaryDir } from '../support/files.js';
import { CHAINS, chainsFile } from './support/chains-fixture.js';

describe('the entries option', () => {
  it('lists a plain path and the files a glob matches, relative to the working directory', () => {
    const entries = startupEntries(chainsFile('src/app.ts'), CHAINS, ['src/cli.ts', 'src/cycle/*.ts', 'src/missing.ts']);
    expect(entries?.files()).toEqual(['src/cli.ts', 'src/cycle/a.ts', 'src/cycle/b.ts', 'src/cycle/c.ts'].map(chainsFile));
  });

  it('matches a file that is not on disk yet', () => {
    const entries = startupEntries(chainsFile('src/app.ts'), CHAINS, ['src/*.ts']);
    expect(entries?.matches(chainsFile('src/new.ts'))).toBe(true);
    expect(entries?.matches(chainsFile('src/commands/index.ts'))).toBe(false);
  });

  it('takes absolute globs too', () => {
    const entries = startupEntries(chainsFile('src/app.ts'), process.cwd(), [path.join(CHAINS, 'src/loop/*.ts')]);
    expect(entries?.files()).toEqual(['src/loop/x.ts', 'src/loop/y.ts'].map(chainsFile));
  });

  it('wins over what package.json names', () => {
    const { dir, write, remove } = temporaryDir('entries-option');
    try {
      write('package.json', JSON.stringify({ bin: './src/cli.ts' }));
      write('src/cli.ts', '');
      const worker = write('src/worker.ts', '');
      expect(startupEntries(worker, dir, ['src/worker.ts'])?.files()).toEqual([worker]);
    } finally {
      remove();
    }
  });
});

describe('entries from package.json', () => {
  const { dir: root, write, remove } = temporaryDir('entries');
  afterAll(remove);
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A package folder under the temporary root, with its package.json and files (relative to it). */
  function project(name: string, manifest: unknown, files: Record<string, string> = {}): (file: string) => string {
    write(`${name}/package.json`, JSON.stringify(manifest));
    for (const [file, text] of Object.entries(files)) write(`${name}/${file}`, text);
    return (file) => path.join(root, name, file);
  }

  it('takes bin, main and every subpath and condition of exports, in their string, object and array forms', () => {
    const at = project(
      'forms',
      {
        bin: { forms: './bin/forms.js', other: 'bin/other.mjs' },
        main: './lib/main.cjs',
        exports: {
          '.': { types: './types/index.d.ts', import: './lib/index.js', require: ['./lib/index.cjs', './lib/fallback.cjs'] },
          './extra': './lib/extra.js',
          './package.json': './package.json',
          './styles.css': './lib/styles.css',
          './hidden': null,
        },
      },
      {
        'bin/forms.js': '',
        'bin/other.mjs': '',
        'lib/main.cjs': '',
        'lib/index.js': '',
        'lib/index.cjs': '',
        'lib/fallback.cjs': '',
        'lib/extra.js': '',
        'lib/styles.css': '',
        'lib/unnamed.js': '',
        'types/index.d.ts': '',
      },
    );
    const entries = startupEntries(at('lib/unnamed.js'), root, undefined);
    expect(entries?.files()).toEqual(
      ['bin/forms.js', 'bin/other.mjs', 'lib/extra.js', 'lib/fallback.cjs', 'lib/index.cjs', 'lib/index.js', 'lib/main.cjs'].map(at),
    );
    expect(entries?.matches(at('lib/unnamed.js'))).toBe(false);
  });

  it('takes a bin given as a string, and an exports given as a string', () => {
    const bin = project('bin-string', { bin: './cli.js' }, { 'cli.js': '' });
    expect(startupEntries(bin('cli.js'), root, undefined)?.files()).toEqual([bin('cli.js')]);
    const exported = project('exports-string', { exports: './index.js' }, { 'index.js': '', 'src/a.js': '' });
    expect(startupEntries(exported('src/a.js'), root, undefined)?.files()).toEqual([exported('index.js')]);
  });

  it('maps build output that is not built to its source, through any tsconfig of the package', () => {
    const at = project(
      'unbuilt',
      { bin: { tool: './dist/cli.js' }, exports: { '.': './dist/index.js', './jsx': './dist/view.js' } },
      {
        'tsconfig.json': JSON.stringify({ compilerOptions: { noEmit: true } }),
        'tsconfig.build.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
        'src/cli.ts': '',
        'src/index.ts': '',
        'src/view.tsx': '',
        'src/other.ts': '',
      },
    );
    expect(startupEntries(at('src/other.ts'), root, undefined)?.files()).toEqual(['src/cli.ts', 'src/index.ts', 'src/view.tsx'].map(at));
  });

  it('takes the source over build output that is there', () => {
    const at = project(
      'built',
      { main: './dist/index.js' },
      {
        'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
        'src/index.ts': '',
        'dist/index.js': '',
      },
    );
    expect(startupEntries(at('src/index.ts'), root, undefined)?.files()).toEqual([at('src/index.ts')]);
  });

  it('matches the sources of a subpath pattern, in nested folders too', () => {
    const at = project(
      'patterns',
      { exports: { './commands/*': './dist/commands/*.js' } },
      {
        'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
        'src/commands/a.ts': '',
        'src/commands/deep/b.tsx': '',
        'src/commands/c.json': '',
        'src/util.ts': '',
      },
    );
    const entries = startupEntries(at('src/util.ts'), root, undefined);
    expect(entries?.files()).toEqual(['src/commands/a.ts', 'src/commands/deep/b.tsx'].map(at));
    expect(entries?.matches(at('src/util.ts'))).toBe(false);
  });

  it('maps build output without rootDir as TypeScript 6 does (from the config folder) and as 5 did (from the folder of the sources)', () => {
    const five = project('rootdir-five', { main: './dist/index.js' }, { 'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist' }, include: ['src/**/*'] }), 'src/index.ts': '' });
    expect(startupEntries(five('src/index.ts'), root, undefined)?.files()).toEqual([five('src/index.ts')]);
    const six = project('rootdir-six', { main: './dist/src/index.js' }, { 'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist' }, include: ['src', 'test'] }), 'src/index.ts': '' });
    expect(startupEntries(six('src/index.ts'), root, undefined)?.files()).toEqual([six('src/index.ts')]);
  });

  it('gives none where no entry point it names is on disk: the source of a build output it cannot tell', () => {
    const at = project('untold', { main: './dist/index.js' }, { 'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist' } }), 'src/index.ts': '' });
    expect(startupEntries(at('src/index.ts'), root, undefined)).toBeUndefined();
  });

  it('matches an entry whose source is not written yet, next to one that is', () => {
    const at = project(
      'new',
      { main: './dist/index.js', bin: './dist/cli.js' },
      { 'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }), 'src/cli.ts': '' },
    );
    const entries = startupEntries(at('src/index.ts'), root, undefined);
    expect(entries?.files()).toEqual([at('src/cli.ts')]);
    expect(entries?.matches(at('src/index.ts'))).toBe(true);
    expect(entries?.matches(at('src/other.ts'))).toBe(false);
  });

  it('gives none where the nearest package.json names none, or there is none', () => {
    const none = project('none', { name: 'none', exports: { './package.json': './package.json' } }, { 'src/a.ts': '' });
    expect(startupEntries(none('src/a.ts'), root, undefined)).toBeUndefined();
    const broken = write('broken/package.json', '{ "bin": ');
    expect(startupEntries(path.join(path.dirname(broken), 'a.ts'), root, undefined)).toBeUndefined();
    // The nearest package.json counts, not one above it.
    project('outer', { bin: './cli.js' }, { 'cli.js': '' });
    const inner = project('outer/inner', { name: 'inner' }, { 'a.js': '' });
    expect(startupEntries(inner('a.js'), root, undefined)).toBeUndefined();
  });

  it('gives none in a folder without a package.json above it', () => {
    expect(startupEntries('/no-package-here.js', '/', undefined)).toBeUndefined();
  });

  it('finds an entry point it named once its file is written', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const at = project('written-later', { bin: './cli.js' }, { 'a.js': '' });
    expect(startupEntries(at('a.js'), root, undefined)).toBeUndefined();
    write('written-later/cli.js', '');
    vi.setSystemTime(Date.now() + EDIT_CHECK_MS);
    expect(startupEntries(at('a.js'), root, undefined)?.files()).toEqual([at('cli.js')]);
  });

  it('reads package.json again once it changed', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const at = project('edited', { main: './a.js' }, { 'a.js': '', 'b.js': '' });
    expect(startupEntries(at('b.js'), root, undefined)?.files()).toEqual([at('a.js')]);
    write('edited/package.json', JSON.stringify({ main: './b.js', bin: './a.js' }));
    vi.setSystemTime(Date.now() + EDIT_CHECK_MS);
    expect(startupEntries(at('b.js'), root, undefined)?.files()).toEqual([at('a.js'), at('b.js')]);
    write('edited/package.json', JSON.stringify({ name: 'edited, no entries left' }));
    vi.setSystemTime(Date.now() + EDIT_CHECK_MS);
    expect(startupEntries(at('b.js'), root, undefined)).toBeUndefined();
  });
});
