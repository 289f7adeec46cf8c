import { rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { importSemanticsFor, jsxFactoriesFor, semanticsOfOptions } from '../../src/analysis/compile-semantics.js';
import { tsconfigFor } from '../../src/analysis/tsconfig.js';
import { EDIT_CHECK_MS } from '../../src/analysis/file-stamp.js';
import { temporaryDir } from '../support/files.js';

const scratch = temporaryDir('tsconfig');
afterAll(scratch.remove);

/** Writes files under the folder `name` of the scratch folder and returns that folder. */
function project(name: string, files: Record<string, string>): string {
  for (const [file, text] of Object.entries(files)) scratch.write(path.join(name, file), text);
  return path.join(scratch.dir, name);
}

const verbatim = JSON.stringify({ compilerOptions: { verbatimModuleSyntax: true } });

describe('semanticsOfOptions', () => {
  it.each([
    [{}, 'elided'],
    [{ isolatedModules: true }, 'elided'],
    [{ verbatimModuleSyntax: false }, 'elided'],
    [{ verbatimModuleSyntax: true }, 'kept'],
    [{ importsNotUsedAsValues: 'preserve' }, 'kept'],
    [{ importsNotUsedAsValues: 'Error' }, 'kept'],
    [{ importsNotUsedAsValues: 'remove' }, 'elided'],
    [{ preserveValueImports: true, isolatedModules: true }, 'kept'],
  ] as const)('%j → %s', (options, semantics) => {
    expect(semanticsOfOptions(options as never)).toBe(semantics);
  });
});

describe('importSemanticsFor', () => {
  it('reads the nearest tsconfig, with comments and trailing commas', () => {
    const dir = project('jsonc', {
      'tsconfig.json': '{\n  // the build\n  "compilerOptions": { "verbatimModuleSyntax": true, },\n}',
      'src/a.ts': '',
      'src/inner/tsconfig.json': '{ "compilerOptions": { "isolatedModules": true } }',
      'src/inner/b.ts': '',
    });
    expect(importSemanticsFor(path.join(dir, 'src/a.ts'), undefined)).toBe('kept');
    expect(importSemanticsFor(path.join(dir, 'src/inner/b.ts'), undefined)).toBe('elided');
  });

  it('follows extends: relative, extensionless, arrays, and packages in node_modules', () => {
    const dir = project('extends', {
      'node_modules/@acme/tsconfig/package.json': '{ "name": "@acme/tsconfig" }',
      'node_modules/@acme/tsconfig/base.json': verbatim,
      'base.json': '{ "compilerOptions": { "verbatimModuleSyntax": false } }',
      'from-package/tsconfig.json': '{ "extends": "@acme/tsconfig/base.json" }',
      'from-package/a.ts': '',
      'switched-off/tsconfig.json': '{ "extends": ["@acme/tsconfig/base.json", "../base"] }',
      'switched-off/a.mts': '',
      'switched-on/tsconfig.json': '{ "extends": ["../base.json", "@acme/tsconfig/base.json"] }',
      'switched-on/a.cts': '',
    });
    expect(importSemanticsFor(path.join(dir, 'from-package/a.ts'), undefined)).toBe('kept');
    expect(importSemanticsFor(path.join(dir, 'switched-off/a.mts'), undefined)).toBe('elided');
    expect(importSemanticsFor(path.join(dir, 'switched-on/a.cts'), undefined)).toBe('kept');
  });

  it('reads a file with no tsconfig, or one whose extends cannot be found, as kept', () => {
    const dir = project('missing', {
      'tsconfig.json': '{ "extends": "@acme/not-installed/base.json", "compilerOptions": { "verbatimModuleSyntax": false } }',
      'a.ts': '',
    });
    expect(importSemanticsFor(path.join(dir, 'a.ts'), undefined)).toBe('kept');
    const config = tsconfigFor(path.join(dir, 'a.ts'));
    expect(config?.problem).toMatch(/not-installed/);
    // What the config sets itself stands, as `tsc` goes on without the missing base; the
    // semantics stay kept, what the base would have set being unknown.
    expect(config?.compilerOptions).toEqual({ verbatimModuleSyntax: false });
    // The file system root has no tsconfig.json.
    expect(importSemanticsFor(path.join(path.parse(scratch.dir).root, 'no-project', 'a.ts'), undefined)).toBe('kept');
  });

  it('keeps JavaScript files whatever the tsconfig or the setting says', () => {
    const dir = project('javascript', { 'tsconfig.json': '{}', 'a.js': '', 'b.tsx': '' });
    for (const file of ['a.js', 'a.mjs', 'a.cjs', 'a.jsx']) {
      expect(importSemanticsFor(path.join(dir, file), undefined)).toBe('kept');
      expect(importSemanticsFor(path.join(dir, file), false)).toBe('kept');
    }
    expect(importSemanticsFor(path.join(dir, 'b.tsx'), undefined)).toBe('elided');
  });

  it('lets the setting override the tsconfig', () => {
    const dir = project('override', { 'tsconfig.json': verbatim, 'a.ts': '' });
    expect(importSemanticsFor(path.join(dir, 'a.ts'), false)).toBe('elided');
    expect(importSemanticsFor(path.join(dir, 'a.ts'), true)).toBe('kept');
    expect(importSemanticsFor(path.join(scratch.dir, 'none', 'a.ts'), false)).toBe('elided');
  });
});

describe('tsconfigFor', () => {
  // The clock is moved by hand: a read config is trusted for a while before its files are checked.
  beforeEach(() => vi.useFakeTimers({ toFake: ['Date'] }));
  afterEach(() => vi.useRealTimers());
  const later = (): void => void vi.setSystemTime(Date.now() + EDIT_CHECK_MS);

  it('returns the merged options and the config path, and paths relative to the config that declared them', () => {
    const dir = project('merged', {
      'configs/base.json': '{ "compilerOptions": { "paths": { "#lib/*": ["./lib/*"] }, "jsx": "react-jsx", "outDir": "out" } }',
      'app/tsconfig.json': '{ "extends": "../configs/base.json", "compilerOptions": { "strict": true } }',
      'app/src/a.ts': '',
    });
    const config = tsconfigFor(path.join(dir, 'app/src/a.ts'));
    expect(config?.path).toBe(path.join(dir, 'app/tsconfig.json').replaceAll('\\', '/'));
    expect(config?.compilerOptions).toMatchObject({ strict: true, jsx: 'react-jsx', outDir: '../configs/out' });
    expect(config?.pathsMatcher()?.('#lib/x')).toEqual([path.join(dir, 'configs/lib/x').replaceAll('\\', '/')]);
    expect(tsconfigFor(path.join(dir, 'app/src/a.ts'))).toBe(config);
  });

  it('sees an edit to any config of the chain once the recheck interval has passed', () => {
    const dir = project('edited', {
      'base.json': verbatim,
      'tsconfig.json': '{ "extends": "./base.json" }',
      'a.ts': '',
    });
    const file = path.join(dir, 'a.ts');
    expect(importSemanticsFor(file, undefined)).toBe('kept');
    writeFileSync(path.join(dir, 'base.json'), '{ "compilerOptions": {} }');
    // Same size and a later time, as an editor's save may leave it.
    utimesSync(path.join(dir, 'base.json'), new Date(), new Date(Date.now() + 2000));
    // Within the interval the config read before still answers, without a look at its files.
    expect(importSemanticsFor(file, undefined)).toBe('kept');
    later();
    expect(importSemanticsFor(file, undefined)).toBe('elided');
    writeFileSync(path.join(dir, 'tsconfig.json'), '{ "compilerOptions": { "verbatimModuleSyntax": true } }');
    later();
    expect(importSemanticsFor(file, undefined)).toBe('kept');
  });

  it('reads a chain again once the package it extends is installed', () => {
    const dir = project('installed-later', {
      'tsconfig.json': '{ "extends": "@acme/later/base.json" }',
      'a.ts': '',
    });
    const file = path.join(dir, 'a.ts');
    expect(tsconfigFor(file)?.problem).toBeDefined();
    project('installed-later', {
      'node_modules/@acme/later/package.json': '{ "name": "@acme/later" }',
      'node_modules/@acme/later/base.json': '{ "compilerOptions": { "isolatedModules": true } }',
    });
    later();
    expect(tsconfigFor(file)?.problem).toBeUndefined();
    expect(importSemanticsFor(file, undefined)).toBe('elided');
  });

  it('falls back to a farther config when the nearest is removed', () => {
    const dir = project('removed', {
      'tsconfig.json': verbatim,
      'inner/tsconfig.json': '{}',
      'inner/a.ts': '',
    });
    const file = path.join(dir, 'inner/a.ts');
    expect(importSemanticsFor(file, undefined)).toBe('elided');
    rmSync(path.join(dir, 'inner/tsconfig.json'));
    later();
    expect(importSemanticsFor(file, undefined)).toBe('kept');
    expect(tsconfigFor(file)?.path).toBe(path.join(dir, 'tsconfig.json').replaceAll('\\', '/'));
  });
});

describe('jsxFactoriesFor', () => {
  it('adds the roots of the configured factories to React', () => {
    const dir = project('jsx', {
      'tsconfig.json': '{ "compilerOptions": { "jsx": "react", "jsxFactory": "preact.h", "jsxFragmentFactory": "Fragment" } }',
      'a.tsx': '',
    });
    expect(jsxFactoriesFor(path.join(dir, 'a.tsx'))).toEqual(['React', 'preact', 'Fragment']);
    expect(jsxFactoriesFor(path.join(dir, 'a.jsx'))).toEqual(['React']);
  });
});
