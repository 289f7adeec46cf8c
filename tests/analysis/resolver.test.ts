import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { temporaryDir } from '../support/files.js';
import { rememberResolution, resolveLoad } from '../../src/analysis/resolver.js';
import { chainsFile, prepareChainsFixture } from '../graph/support/chains-fixture.js';

prepareChainsFixture();

const app = chainsFile('src/app.ts');

function resolved(specifier: string, importer = app, kind: 'import' | 'require' = 'import'): string | undefined {
  return resolveLoad(importer, specifier, kind)?.project;
}

describe('the fixture monorepo', () => {
  it.each([
    ['./commands/index.js', 'src/commands/index.ts'],
    ['./commands', 'src/commands/index.ts'],
    ['./commands/pay', 'src/commands/pay.ts'],
    ['./legacy/module.mjs', 'src/legacy/module.mts'],
    ['./legacy/client.cjs', 'src/legacy/client.cts'],
    ['./jsx/button.js', 'src/jsx/button.tsx'],
    // tsconfig `paths` from the config it extends (extensionless, JSONC with trailing commas).
    ['@app/commands/pay', 'src/commands/pay.ts'],
    // Package `imports`.
    ['#db', 'src/db/index.ts'],
    // A workspace package through `exports`, with the tsconfig's `customConditions`.
    ['@acme/db', 'packages/db/src/index.ts'],
    // `exports` names a build output that is not there: the source, through outDir → rootDir.
    ['@acme/built/sub', 'packages/built/src/sub.ts'],
    // `paths` win over a workspace package of the same name.
    ['@acme/shadow', 'src/shadow.ts'],
  ])('%s → %s', (specifier, file) => {
    expect(resolved(specifier)).toBe(chainsFile(file));
  });

  it.each([
    // An installed package is not followed, nor a built-in, nor a file that is not there.
    'wrapper',
    'stripe',
    'node:fs',
    'fs',
    './generated/missing.js',
    // A declaration file loads nothing.
    './types.js',
    './types',
  ])('%s is no project module', (specifier) => {
    expect(resolved(specifier)).toBeUndefined();
  });

  it('maps output to source from a JavaScript importer too', () => {
    expect(resolved('./commands/pay.js', chainsFile('src/app.js'), 'require')).toBe(chainsFile('src/commands/pay.ts'));
  });

  it('resolves without a tsconfig whose extends names a package that is not installed, by its own paths', () => {
    expect(resolved('../src/commands/index.js', chainsFile('stale-config/main.ts'))).toBe(chainsFile('src/commands/index.ts'));
    expect(resolved('@stale/commands/index.js', chainsFile('stale-config/main.ts'))).toBe(chainsFile('src/commands/index.ts'));
  });
});

describe('projects laid out on the spot', () => {
  const { dir: root, write, remove } = temporaryDir('resolver');
  afterAll(remove);

  it('reads paths of an extended config relative to that config, through an array of extends', () => {
    write('paths/configs/base.json', JSON.stringify({ compilerOptions: { paths: { '@lib/*': ['../lib/*'] } } }));
    write('paths/configs/jsx.json', JSON.stringify({ compilerOptions: { jsx: 'react-jsx' } }));
    write('paths/tsconfig.json', JSON.stringify({ extends: ['./configs/jsx.json', './configs/base.json'] }));
    const lib = write('paths/lib/util.ts', 'export {};');
    expect(resolveLoad(write('paths/src/main.ts', ''), '@lib/util', 'import')?.project).toBe(lib);
  });

  it('answers from what another thread found, for the folder and the kind of load it was found for', () => {
    write('remembered/tsconfig.json', '{}');
    const shared = write('remembered/lib/shared.ts', 'export {};');
    const main = write('remembered/src/main.ts', '');
    // The specifier names no file here: only the remembered answer can resolve it.
    rememberResolution(main, '@gen/shared', 'import', shared);
    expect(resolveLoad(write('remembered/src/other.ts', ''), '@gen/shared', 'import')?.project).toBe(shared);
    expect(resolveLoad(main, '@gen/shared', 'require')).toBeUndefined();
    expect(resolveLoad(write('remembered/lib/main.ts', ''), '@gen/shared', 'import')).toBeUndefined();
    // An answer found here first stands.
    rememberResolution(main, '@gen/shared', 'import', undefined);
    expect(resolveLoad(main, '@gen/shared', 'import')?.project).toBe(shared);
  });

  it('never maps package exports to a declaration file', () => {
    write('dts/package.json', '{ "name": "dts-app" }');
    write('dts/packages/typed/package.json', JSON.stringify({
      name: '@acme/typed',
      exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
    }));
    write('dts/packages/typed/dist/index.d.ts', 'export declare const x: number;');
    mkdirSync(path.join(root, 'dts/node_modules/@acme'), { recursive: true });
    symlinkSync('../../packages/typed', path.join(root, 'dts/node_modules/@acme/typed'), 'dir');
    expect(resolveLoad(write('dts/src/main.ts', ''), '@acme/typed', 'import')).toBeUndefined();
  });

  it('resolves a package subpath for each package that imports it, where one package imports itself by name', () => {
    write('scopes/tsconfig.json', '{}');
    write('scopes/packages/own/package.json', JSON.stringify({ name: 'own', exports: { './sub': './sub.js' } }));
    const sub = write('scopes/packages/own/sub.js', 'export {};');
    write('scopes/packages/other/package.json', JSON.stringify({ name: 'other' }));
    expect(resolveLoad(write('scopes/packages/other/main.ts', ''), 'own/sub', 'import')).toBeUndefined();
    expect(resolveLoad(write('scopes/packages/own/main.ts', ''), 'own/sub', 'import')?.project).toBe(sub);
    expect(resolveLoad(write('scopes/packages/other/lib/main.ts', ''), 'own/sub', 'import')).toBeUndefined();
  });

  it('resolves a package subpath through the node_modules folder nearest to each importer', () => {
    for (const version of ['one', 'two']) {
      write(`nearest/packages/${version}/package.json`, JSON.stringify({ name: 'lib', exports: { './sub': './sub.js' } }));
      write(`nearest/packages/${version}/sub.js`, 'export {};');
    }
    mkdirSync(path.join(root, 'nearest/node_modules'), { recursive: true });
    mkdirSync(path.join(root, 'nearest/app/node_modules'), { recursive: true });
    symlinkSync('../packages/one', path.join(root, 'nearest/node_modules/lib'), 'dir');
    symlinkSync('../../packages/two', path.join(root, 'nearest/app/node_modules/lib'), 'dir');
    expect(resolveLoad(write('nearest/main.ts', ''), 'lib/sub', 'import')?.project).toBe(path.join(root, 'nearest/packages/one/sub.js'));
    expect(resolveLoad(write('nearest/app/main.ts', ''), 'lib/sub', 'import')?.project).toBe(path.join(root, 'nearest/packages/two/sub.js'));
  });

  it('keeps the custom conditions a tsconfig sets itself when its extends cannot be found', () => {
    write('stale/tsconfig.json', JSON.stringify({ extends: '@tsconfig/not-installed', compilerOptions: { customConditions: ['source'] } }));
    write('stale/package.json', JSON.stringify({ name: 'stale', workspaces: ['packages/*'] }));
    write('stale/packages/lib/package.json', JSON.stringify({ name: 'lib', exports: { source: './src/index.ts', default: './dist/index.js' } }));
    const source = write('stale/packages/lib/src/index.ts', 'export {};');
    expect(resolveLoad(write('stale/src/main.ts', ''), 'lib', 'import')?.project).toBe(source);
  });

  it("reads a path into a build output folder as its source, through any tsconfig of the package, built or not", () => {
    write('cli/package.json', JSON.stringify({ name: 'cli', bin: './bin/cli.js' }));
    write('cli/tsconfig.json', JSON.stringify({ compilerOptions: { noEmit: true } }));
    write('cli/tsconfig.build.json', JSON.stringify({ extends: './tsconfig.json', compilerOptions: { outDir: 'dist', rootDir: 'src' } }));
    const main = write('cli/src/commands/main.ts', 'export {};');
    const table = write('cli/src/commands/index.ts', 'export {};');
    const bin = write('cli/bin/cli.js', '');
    expect(resolveLoad(bin, '../dist/commands/main.js', 'import')?.project).toBe(main);
    expect(resolveLoad(bin, '../dist/commands', 'require')?.project).toBe(table);
    expect(resolveLoad(bin, path.join(root, 'cli/dist/commands/main.js'), 'import')?.project).toBe(main);
    // Built: the graph still follows the source, which is what is linted.
    write('cli/dist/commands/main.js', 'export {};');
    expect(resolveLoad(write('cli/bin/other.js', ''), '../dist/commands/main.js', 'import')?.project).toBe(main);
    // A path the output folder holds but no source is built to.
    expect(resolveLoad(bin, '../dist/missing.js', 'import')).toBeUndefined();
    // A path outside every output folder is what it names.
    expect(resolveLoad(bin, '../src/commands/main.js', 'import')?.project).toBe(main);
  });

  it('takes a built output that no source is built from as it is', () => {
    write('orphan/package.json', JSON.stringify({ name: 'orphan' }));
    write('orphan/tsconfig.json', JSON.stringify({ compilerOptions: { outDir: 'lib', rootDir: 'src' } }));
    const built = write('orphan/lib/generated.js', 'export {};');
    expect(resolveLoad(write('orphan/bin/run.js', ''), '../lib/generated.js', 'import')?.project).toBe(built);
  });

  it('follows require conditions for require()', () => {
    write('conditions/packages/dual/package.json', JSON.stringify({
      name: 'dual',
      exports: { import: './esm.mjs', require: './cjs.cjs' },
    }));
    const esm = write('conditions/packages/dual/esm.mjs', 'export {};');
    const cjs = write('conditions/packages/dual/cjs.cjs', 'module.exports = {};');
    mkdirSync(path.join(root, 'conditions/node_modules'), { recursive: true });
    symlinkSync('../packages/dual', path.join(root, 'conditions/node_modules/dual'), 'dir');
    const main = write('conditions/src/main.js', '');
    expect(resolveLoad(main, 'dual', 'import')?.project).toBe(esm);
    expect(resolveLoad(main, 'dual', 'require')?.project).toBe(cjs);
  });
});
