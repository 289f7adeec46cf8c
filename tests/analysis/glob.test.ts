import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { globCandidates, globTest, isGlob } from '../../src/analysis/glob.js';
import { temporaryDir } from '../support/files.js';

describe('isGlob', () => {
  it.each(['@aws-sdk/*', '**', 'src/**/*.ts', 'file?.js', '[ab].js', '{a,b}', '!x'])('%s is a glob', (text) => {
    expect(isGlob(text)).toBe(true);
  });

  it.each(['stripe', '@aws-sdk/client-s3', 'lodash/fp', './src/load-all.ts', 'node:fs', 'src/(group)/page.ts'])('%s is not', (text) => {
    expect(isGlob(text)).toBe(false);
  });
});

describe('globTest', () => {
  it('tests one value against any of the patterns, with picomatch options', () => {
    const test = globTest(['src/*.ts', 'bin/**'], { dot: true });
    expect(['src/a.ts', 'bin/.hidden/x.js', 'src/a/b.ts'].map(test)).toEqual([true, true, false]);
    expect(globTest('src/*')('src/.hidden')).toBe(false);
  });

  it('takes no second argument: called by Array#some, the index does not ask for details', () => {
    expect(['other', 'stripe'].some(globTest('stripe'))).toBe(true);
    // The second value is called with index 1: details, an object, would read as a match.
    expect(['other', 'another'].some(globTest('stripe'))).toBe(false);
  });
});

describe('globCandidates', () => {
  const { dir, write, remove } = temporaryDir('glob');
  afterAll(remove);
  write('packages/a/package.json', '{}');
  write('packages/a/src/index.ts', '');
  write('packages/a/node_modules/dep/index.js', '');
  write('packages/.hidden/index.ts', '');
  write('tools/cli/main.ts', '');
  const at = (...files: string[]): string[] => files.map((file) => path.join(dir, file));

  it('names the path of a pattern without glob characters, whether it exists or not', () => {
    const { named, tree } = globCandidates(dir, ['tools/cli/main.ts', 'tools/missing']);
    expect(named).toEqual(at('tools/cli/main.ts', 'tools/missing'));
    expect(tree).toEqual({ folders: [], files: [] });
  });

  it('lists the project under the fixed part of each glob: no node_modules, no hidden folders, down to a depth', () => {
    const { named, tree } = globCandidates(dir, ['packages/*/src/**/*.ts']);
    expect(named).toEqual([]);
    expect(tree.files.toSorted()).toEqual(at('packages/a/package.json', 'packages/a/src/index.ts'));
    expect(tree.folders.toSorted()).toEqual(at('packages/a', 'packages/a/src'));
    expect(globCandidates(dir, ['packages/**'], 0).tree).toEqual({ folders: at('packages/a'), files: [] });
  });

  it('lists from the root for a glob without a fixed part', () => {
    const { tree } = globCandidates(dir, ['**/main.ts']);
    expect(tree.files).toContain(path.join(dir, 'tools/cli/main.ts'));
  });
});
