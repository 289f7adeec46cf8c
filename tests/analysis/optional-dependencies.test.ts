import { utimesSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import {
  optionalDependenciesFor,
  optionalDependenciesOf,
  optionalEntries,
  withOptionalEntries,
} from '../../src/analysis/optional-dependencies.js';
import { EDIT_CHECK_MS } from '../../src/analysis/file-stamp.js';
import { temporaryDir } from '../support/files.js';

const project = temporaryDir('optional-dependencies');
afterAll(project.remove);
afterEach(() => {
  vi.useRealTimers();
});

function manifest(fields: Record<string, unknown>): string {
  return JSON.stringify(fields, null, 2);
}

describe('optionalDependenciesOf', () => {
  project.write(
    'sdk/package.json',
    manifest({
      name: '@acme/sdk',
      optionalDependencies: { 'fast-native': '^1' },
      peerDependencies: { openai: '^4', zod: '^3', anthropic: '^1' },
      peerDependenciesMeta: { openai: { optional: true }, zod: { optional: false }, anthropic: {}, 'fast-native': { optional: true } },
    }),
  );
  // A nested manifest without a name (it only sets the module type) belongs to the package above it.
  project.write('sdk/src/esm/package.json', manifest({ type: 'module' }));
  project.write('sdk/packages/cli/package.json', manifest({ name: '@acme/cli', dependencies: { openai: '^4' } }));
  project.write('broken/package.json', '{ "name": ');
  const sdkFile = path.join(project.dir, 'sdk/src/esm/index.js');

  it('reads optionalDependencies and the peers marked optional, each once', () => {
    expect(optionalDependenciesOf(sdkFile)).toEqual({
      manifest: path.join(project.dir, 'sdk/package.json'),
      owner: '@acme/sdk',
      dependencies: ['fast-native'],
      peers: ['openai'],
    });
  });

  it('reads the nearest named manifest: a workspace package has its own', () => {
    expect(optionalDependenciesOf(path.join(project.dir, 'sdk/packages/cli/src/main.ts'))).toMatchObject({
      owner: '@acme/cli',
      dependencies: [],
      peers: [],
    });
  });

  it('passes over a manifest that cannot be read', () => {
    expect(optionalDependenciesOf(path.join(project.dir, 'broken/index.js'))?.manifest).not.toBe(path.join(project.dir, 'broken/package.json'));
  });

  it('reads the manifest again once it changed, and not before the edit check is due', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const file = project.write('edited/package.json', manifest({ name: 'edited', optionalDependencies: { a: '1' } }));
    const source = path.join(project.dir, 'edited/src/x.ts');
    expect(optionalDependenciesOf(source)?.dependencies).toEqual(['a']);
    project.write('edited/package.json', manifest({ name: 'edited', optionalDependencies: { a: '1', b: '1' } }));
    // A new modification time, whatever the file system's clock resolution.
    utimesSync(file, new Date(Date.now() + 5000), new Date(Date.now() + 5000));
    expect(optionalDependenciesOf(source)?.dependencies).toEqual(['a']);
    vi.setSystemTime(Date.now() + EDIT_CHECK_MS + 1);
    expect(optionalDependenciesOf(source)?.dependencies).toEqual(['a', 'b']);
  });
});

describe('a package.json added in an editor session', () => {
  it('is seen once the edit check is due: a new package between a file and its named manifest decides', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    project.write('outer/package.json', manifest({ name: 'outer', optionalDependencies: { a: '1' } }));
    const source = path.join(project.dir, 'outer/tools/late/src/x.ts');
    expect(optionalDependenciesOf(source)).toMatchObject({ owner: 'outer', dependencies: ['a'] });
    project.write('outer/tools/late/package.json', manifest({ name: 'late', optionalDependencies: { b: '1' } }));
    expect(optionalDependenciesOf(source)?.owner).toBe('outer');
    vi.setSystemTime(Date.now() + EDIT_CHECK_MS + 1);
    expect(optionalDependenciesOf(source)).toMatchObject({ owner: 'late', dependencies: ['b'] });
  });
});

describe('optionalEntries', () => {
  const found = { manifest: '/p/package.json', owner: '@acme/sdk', dependencies: ['fast-native'], peers: ['openai'] };

  it('makes one entry per optional dependency, saying where it comes from', () => {
    expect(optionalEntries(found, {})).toStrictEqual([
      { name: 'fast-native', optional: { owner: '@acme/sdk', peer: false } },
      { name: 'openai', optional: { owner: '@acme/sdk', peer: true } },
    ]);
  });

  it('gives each the setting’s reason and allowIn', () => {
    expect(optionalEntries(found, { reason: 'a provider', allowIn: ['src/providers/**'] })[1]).toStrictEqual({
      name: 'openai',
      reason: 'a provider',
      allowIn: ['src/providers/**'],
      optional: { owner: '@acme/sdk', peer: true },
    });
  });
});

describe('a file’s heavy list', () => {
  project.write('app/package.json', manifest({ name: 'app', optionalDependencies: { 'fast-native': '1' } }));
  const heavy = [{ name: 'stripe' }];

  it('puts the optional dependencies of the file’s package first, with the setting’s reason, where the setting is on', () => {
    const found = optionalDependenciesFor({ reason: 'optional' }, 'app/src/main.ts', project.dir);
    expect(found?.owner).toBe('app');
    expect(withOptionalEntries(heavy, found, { reason: 'optional' })).toStrictEqual([
      { name: 'fast-native', reason: 'optional', optional: { owner: 'app', peer: false } },
      { name: 'stripe' },
    ]);
  });

  it('is the heavy list itself where the setting is off or no file is known', () => {
    expect(optionalDependenciesFor(undefined, 'app/src/main.ts', project.dir)).toBeUndefined();
    expect(optionalDependenciesFor({}, undefined, project.dir)).toBeUndefined();
    expect(withOptionalEntries(heavy, undefined, {})).toBe(heavy);
    expect(withOptionalEntries(heavy, optionalDependenciesOf(path.join(project.dir, 'app/x.ts')), undefined)).toBe(heavy);
  });
});

