import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  candidateFiles,
  isDeclarationFile,
  isPathSpecifier,
  packageNameOf,
  readsWithoutJsx,
  resolvePathSpecifier,
  SOURCE_EXTENSIONS,
  toPosix,
} from '../../src/analysis/resolve.js';

const cwd = fileURLToPath(new URL('../fixtures/matcher/', import.meta.url));
const fromApp = path.join(cwd, 'src/app.ts');

function at(file: string): string {
  return path.join(cwd, file);
}

describe('isPathSpecifier', () => {
  it.each(['.', '..', './x', '../x', './', '../', '/abs/x', './.hidden'])('%s names a file', (specifier) => {
    expect(isPathSpecifier(specifier)).toBe(true);
  });

  it.each(['stripe', '@aws-sdk/client-s3', 'node:fs', 'lodash/fp', '.x', '..x', '@/alias', '~/x', '#internal'])(
    '%s is not a path',
    (specifier) => {
      expect(isPathSpecifier(specifier)).toBe(false);
    },
  );
});

describe('resolvePathSpecifier', () => {
  it.each([
    ['./heavy/ts-file', 'src/heavy/ts-file.ts'],
    ['./heavy/tsx-file', 'src/heavy/tsx-file.tsx'],
    ['./heavy/mts-file', 'src/heavy/mts-file.mts'],
    ['./heavy/cts-file', 'src/heavy/cts-file.cts'],
    ['./heavy/js-file', 'src/heavy/js-file.js'],
    ['./heavy/jsx-file', 'src/heavy/jsx-file.jsx'],
    ['./heavy/mjs-file', 'src/heavy/mjs-file.mjs'],
    ['./heavy/cjs-file', 'src/heavy/cjs-file.cjs'],
  ])('finds %s without its extension', (specifier, file) => {
    expect(resolvePathSpecifier(fromApp, specifier)).toBe(at(file));
  });

  it.each([
    ['./heavy/ts-file.js', 'src/heavy/ts-file.ts'],
    ['./heavy/tsx-file.js', 'src/heavy/tsx-file.tsx'],
    ['./heavy/tsx-file.jsx', 'src/heavy/tsx-file.tsx'],
    ['./heavy/mts-file.mjs', 'src/heavy/mts-file.mts'],
    ['./heavy/cts-file.cjs', 'src/heavy/cts-file.cts'],
    ['./emitted/both.js', 'src/emitted/both.ts'],
  ])('reads %s as the TypeScript source %s', (specifier, file) => {
    expect(resolvePathSpecifier(fromApp, specifier)).toBe(at(file));
  });

  it('finds a file named with its own extension', () => {
    expect(resolvePathSpecifier(fromApp, './heavy/js-file.js')).toBe(at('src/heavy/js-file.js'));
    expect(resolvePathSpecifier(fromApp, './heavy/ts-file.ts')).toBe(at('src/heavy/ts-file.ts'));
  });

  it('finds index files of directories', () => {
    expect(resolvePathSpecifier(fromApp, './heavy/dir')).toBe(at('src/heavy/dir/index.ts'));
    expect(resolvePathSpecifier(fromApp, './heavy/dir/index.js')).toBe(at('src/heavy/dir/index.ts'));
    expect(resolvePathSpecifier(at('src/heavy/dir/x.ts'), '.')).toBe(at('src/heavy/dir/index.ts'));
    expect(resolvePathSpecifier(at('src/heavy/dir/sub/x.ts'), '..')).toBe(at('src/heavy/dir/index.ts'));
  });

  it('reads a trailing slash, `.` and `..` as a directory, as Node does', () => {
    // src/plain.ts and src/plain/index.ts both exist.
    expect(resolvePathSpecifier(fromApp, './plain')).toBe(at('src/plain.ts'));
    expect(resolvePathSpecifier(fromApp, './plain/')).toBe(at('src/plain/index.ts'));
    expect(resolvePathSpecifier(at('src/plain/light.ts'), '.')).toBe(at('src/plain/index.ts'));
    expect(resolvePathSpecifier(at('src/plain/x/y.ts'), '..')).toBe(at('src/plain/index.ts'));
  });

  it('resolves absolute specifiers and parent directories', () => {
    expect(resolvePathSpecifier(fromApp, at('src/sources/load-all'))).toBe(at('src/sources/load-all.ts'));
    expect(resolvePathSpecifier(at('src/heavy/nested/deep.ts'), '../../sources/load-all.js')).toBe(
      at('src/sources/load-all.ts'),
    );
  });

  it('returns undefined when no file exists', () => {
    expect(resolvePathSpecifier(fromApp, './generated/routes')).toBeUndefined();
    expect(resolvePathSpecifier(fromApp, './sources')).toBeUndefined();
    expect(resolvePathSpecifier(fromApp, './heavy/ts-file.mjs')).toBeUndefined();
  });
});

describe('candidateFiles', () => {
  it('lists the source before the file it compiles to, then extensions, then index files', () => {
    const base = at('src/x');
    expect(candidateFiles(fromApp, './x.js')).toEqual([
      `${base}.ts`,
      `${base}.tsx`,
      `${base}.js`,
      ...SOURCE_EXTENSIONS.map((ext) => `${base}.js${ext}`),
      ...SOURCE_EXTENSIONS.map((ext) => path.join(`${base}.js`, `index${ext}`)),
    ]);
  });

  it('lists only index files for a directory specifier', () => {
    expect(candidateFiles(fromApp, './generated/')).toEqual(
      SOURCE_EXTENSIONS.map((ext) => at(`src/generated/index${ext}`)),
    );
  });
});

describe('toPosix', () => {
  it('keeps forward slashes and converts the platform separator', () => {
    expect(toPosix('a/b/c.ts')).toBe('a/b/c.ts');
    expect(toPosix(['a', 'b', 'c.ts'].join(path.sep))).toBe('a/b/c.ts');
  });
});

describe('packageNameOf', () => {
  it.each([
    ['stripe', 'stripe'],
    ['stripe/lib/webhooks', 'stripe'],
    ['@aws-sdk/client-s3', '@aws-sdk/client-s3'],
    ['@aws-sdk/client-s3/dist-cjs/index.js', '@aws-sdk/client-s3'],
    ['node:fs/promises', 'fs'],
  ])('%s is package %s', (specifier, name) => {
    expect(packageNameOf(specifier)).toBe(name);
  });
});

describe('file kinds', () => {
  it('declaration files load nothing', () => {
    expect(['a.d.ts', 'a.d.mts', 'a.d.cts'].map(isDeclarationFile)).toEqual([true, true, true]);
    expect(['a.ts', 'a.mts', 'ad.ts', 'a.d.tsx'].map(isDeclarationFile)).toEqual([false, false, false, false]);
  });
  it('only .ts, .mts and .cts are read without JSX', () => {
    expect(['a.ts', 'a.mts', 'a.cts'].map(readsWithoutJsx)).toEqual([true, true, true]);
    expect(['a.tsx', 'a.js', 'a.jsx', 'a.mjs'].map(readsWithoutJsx)).toEqual([false, false, false, false]);
  });
});
