import { mkdirSync, rmSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EDIT_CHECK_MS } from '../../src/analysis/file-stamp.js';
import { forgetManifestFolders, manifestsAbove, nearestManifest, readManifest } from '../../src/analysis/manifest.js';
import { temporaryDir } from '../support/files.js';

const { dir, write, remove } = temporaryDir('manifest');
afterAll(remove);

const at = (relative: string): string => path.join(dir, relative);

/**
 * A time past every check made so far: the folders and files asked about are all looked at
 * again then, whatever earlier cases cached.
 */
let clock = Date.now();
function checksDue(): number {
  clock += 100 * EDIT_CHECK_MS;
  return clock;
}

/** A new modification time for a file just written, whatever the file system's clock resolution. */
function touchLater(file: string): void {
  const later = new Date(Math.ceil(Date.now() / 1000) * 1000 + 2000);
  utimesSync(file, later, later);
}

describe('nearestManifest', () => {
  write('repo/package.json', '{ "name": "repo" }');
  write('repo/packages/a/package.json', '{ "name": "a" }');
  write('repo/packages/a/src/esm/package.json', '{ "type": "module" }');
  mkdirSync(at('repo/packages/a/src/deep/er'), { recursive: true });
  // A folder named package.json is no manifest.
  mkdirSync(at('repo/packages/b/package.json'), { recursive: true });

  it('finds the nearest package.json at or above a folder, nested ones included', () => {
    expect(nearestManifest(at('repo/packages/a/src/deep/er'))).toBe(at('repo/packages/a/package.json'));
    expect(nearestManifest(at('repo/packages/a'))).toBe(at('repo/packages/a/package.json'));
    expect(nearestManifest(at('repo/packages/a/src/esm'))).toBe(at('repo/packages/a/src/esm/package.json'));
    expect(nearestManifest(at('repo/packages'))).toBe(at('repo/package.json'));
  });

  it('passes over a folder named package.json', () => {
    expect(nearestManifest(at('repo/packages/b'))).toBe(at('repo/package.json'));
  });

  it('sees a package.json added between a folder and its answer once the check is due, and one removed', () => {
    const folder = at('repo/packages/c/src/commands');
    mkdirSync(folder, { recursive: true });
    const start = checksDue();
    expect(nearestManifest(folder, start)).toBe(at('repo/package.json'));
    const added = write('repo/packages/c/package.json', '{ "name": "c" }');
    // Within the interval of the last check, the folders are not looked at again.
    expect(nearestManifest(folder, start + EDIT_CHECK_MS - 1)).toBe(at('repo/package.json'));
    expect(nearestManifest(folder, start + EDIT_CHECK_MS)).toBe(added);
    // A sibling folder asked for the first time finds it at once.
    mkdirSync(at('repo/packages/c/test'), { recursive: true });
    expect(nearestManifest(at('repo/packages/c/test'), start + EDIT_CHECK_MS)).toBe(added);
    rmSync(added);
    expect(nearestManifest(folder, start + 2 * EDIT_CHECK_MS)).toBe(at('repo/package.json'));
  });

  it('sees it at once after the folders are forgotten', () => {
    const folder = at('repo/packages/d/src');
    mkdirSync(folder, { recursive: true });
    const start = checksDue();
    expect(nearestManifest(folder, start)).toBe(at('repo/package.json'));
    const added = write('repo/packages/d/package.json', '{ "name": "d" }');
    forgetManifestFolders();
    expect(nearestManifest(folder, start)).toBe(added);
  });
});

describe('manifestsAbove', () => {
  write('chain/package.json', '{ "name": "root", "workspaces": ["packages/*"] }');
  write('chain/packages/sdk/package.json', '{ "name": "sdk" }');
  write('chain/packages/sdk/dist/esm/package.json', '{ "type": "module" }');

  it('lists every package.json above a folder, nearest first', () => {
    const found = [...manifestsAbove(at('chain/packages/sdk/dist/esm/lib'))];
    // Folders above the temporary one may hold manifests of their own: only ours are asked about.
    expect(found.slice(0, 3)).toEqual([
      at('chain/packages/sdk/dist/esm/package.json'),
      at('chain/packages/sdk/package.json'),
      at('chain/package.json'),
    ]);
    expect(found.slice(3).every((manifest) => !manifest.startsWith(dir))).toBe(true);
  });
});

describe('readManifest', () => {
  it('gives the fields of a package.json, the same object until the file changes and the check is due', () => {
    const file = write('read/package.json', '{ "name": "read", "type": "module" }');
    const start = checksDue();
    const first = readManifest(file, start);
    expect(first).toEqual({ name: 'read', type: 'module' });
    expect(readManifest(file, start + EDIT_CHECK_MS)).toBe(first);
    write('read/package.json', '{ "name": "read", "type": "commonjs" }');
    touchLater(file);
    expect(readManifest(file, start + EDIT_CHECK_MS + 1)).toBe(first);
    expect(readManifest(file, start + 2 * EDIT_CHECK_MS + 1)).toEqual({ name: 'read', type: 'commonjs' });
  });

  it.each([
    ['not JSON', '{ "name": '],
    ['an array', '["name"]'],
    ['null', 'null'],
    ['a string', '"name"'],
  ])('gives undefined for a package.json that is %s, and its fields once it is mended', (what, text) => {
    const file = write(`broken-${what.replaceAll(' ', '-')}/package.json`, text);
    const start = checksDue();
    expect(readManifest(file, start)).toBeUndefined();
    write(path.relative(dir, file), '{ "name": "mended" }');
    touchLater(file);
    expect(readManifest(file, start + EDIT_CHECK_MS)).toEqual({ name: 'mended' });
  });

  it('gives undefined for a package.json that is not there, or is a folder', () => {
    expect(readManifest(at('nowhere/package.json'))).toBeUndefined();
    mkdirSync(at('folder/package.json'), { recursive: true });
    expect(readManifest(at('folder/package.json'))).toBeUndefined();
  });
});
