// The package a traced file belongs to, and its version: nested package.json files of subpath
// packages have a name but often no version.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PackageLookup } from '../../src/cli/packages.js';
import { temporaryDir } from '../support/files.js';

const { dir, write, remove } = temporaryDir('packages');
afterAll(() => remove());

const manifest = (at: string, fields: Record<string, string>): void => {
  write(path.join(at, 'package.json'), JSON.stringify(fields));
};
manifest('node_modules/@angular-devkit/schematics', { name: '@angular-devkit/schematics', version: '19.2.1' });
manifest('node_modules/@angular-devkit/schematics/tools', { name: '@angular-devkit/schematics/tools' });
manifest('node_modules/@angular-devkit/schematics/tasks/node', { name: '@angular-devkit/schematics/tasks/node', version: '1.0.0-own' });
manifest('node_modules/@angular-devkit/schematics/node_modules/bundled', { name: 'bundled' });
manifest('node_modules/unversioned', { name: 'unversioned' });

describe('PackageLookup', () => {
  const lookup = new PackageLookup();
  const of = (file: string) => lookup.of(path.join(dir, file));

  it('gives a nested package.json without a version the version of the package that holds it', () => {
    expect(of('node_modules/@angular-devkit/schematics/tools/index.js')).toEqual({
      name: '@angular-devkit/schematics/tools',
      version: '19.2.1',
      dir: path.join(dir, 'node_modules/@angular-devkit/schematics/tools'),
    });
  });

  it('keeps a nested package’s own version', () => {
    expect(of('node_modules/@angular-devkit/schematics/tasks/node/index.js')?.version).toBe('1.0.0-own');
  });

  it('does not lend a version to a package installed inside another, nor invent one', () => {
    expect(of('node_modules/@angular-devkit/schematics/node_modules/bundled/index.js')).toMatchObject({ name: 'bundled', version: null });
    expect(of('node_modules/unversioned/lib/a.js')).toMatchObject({ name: 'unversioned', version: null });
  });

  it('names the holder for its own files', () => {
    expect(of('node_modules/@angular-devkit/schematics/src/index.js')).toMatchObject({ name: '@angular-devkit/schematics', version: '19.2.1' });
  });
});
