import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveLoad } from '../../src/analysis/resolver.js';
import { declaredWorkspacePackage, pnpmWorkspacePatterns } from '../../src/analysis/workspaces.js';
import { temporaryDir } from '../support/files.js';

describe('pnpm-workspace.yaml', () => {
  it('reads the block form, quoted or not, with comments, and skips other keys', () => {
    const yaml = [
      '# The packages of the repository',
      'packages:',
      "  - 'packages/*'",
      '  - "apps/**" # every app',
      '  - tools/cli',
      '',
      "  - '!**/test/**'",
      'catalog:',
      '  - not-a-package',
      'onlyBuiltDependencies:',
      '  - esbuild',
    ].join('\n');
    expect(pnpmWorkspacePatterns(yaml)).toEqual(['packages/*', 'apps/**', 'tools/cli', '!**/test/**']);
  });

  it('reads the flow form', () => {
    expect(pnpmWorkspacePatterns("packages: ['packages/*', \"apps/*\", tools/cli]\r\n")).toEqual(['packages/*', 'apps/*', 'tools/cli']);
  });

  it('reads no packages where none are listed', () => {
    expect(pnpmWorkspacePatterns('catalog:\n  react: ^19\n')).toEqual([]);
  });
});

describe('workspace packages without node_modules links', () => {
  const { dir: root, write, remove } = temporaryDir('workspaces');
  afterAll(remove);

  /** A workspace package under `repo`, with package.json fields and files (relative to the package). */
  function pkg(repo: string, folder: string, manifest: Record<string, unknown>, files: Record<string, string>): void {
    write(`${repo}/${folder}/package.json`, JSON.stringify(manifest));
    for (const [file, text] of Object.entries(files)) write(`${repo}/${folder}/${file}`, text);
  }

  function resolved(repo: string, importer: string, specifier: string, kind: 'import' | 'require' = 'import'): string | undefined {
    const file = resolveLoad(write(`${repo}/${importer}`, ''), specifier, kind)?.project;
    return file && path.relative(path.join(root, repo), file).split(path.sep).join('/');
  }

  it.each([
    ['package.json workspaces', 'npm', { 'package.json': JSON.stringify({ name: 'repo', workspaces: ['packages/*'] }) }],
    ['package.json workspaces.packages', 'yarn', { 'package.json': JSON.stringify({ name: 'repo', workspaces: { packages: ['packages/*'] } }) }],
    ['pnpm-workspace.yaml', 'pnpm', { 'package.json': '{ "name": "repo" }', 'pnpm-workspace.yaml': "packages:\n  - 'packages/*'\n" }],
  ])('follows the packages of %s through their exports, their subpaths and conditions', (_label, repo, files) => {
    for (const [file, text] of Object.entries(files)) write(`${repo}/${file}`, text);
    pkg(repo, 'packages/db', { name: '@acme/db', exports: { '.': './src/index.js', './client': { require: './src/client.cjs', import: './src/client.js' } } }, {
      'src/index.ts': '',
      'src/client.ts': '',
      'src/client.cts': '',
    });
    expect(resolved(repo, 'apps/web/main.ts', '@acme/db')).toBe('packages/db/src/index.ts');
    expect(resolved(repo, 'apps/web/main.ts', '@acme/db/client')).toBe('packages/db/src/client.ts');
    expect(resolved(repo, 'apps/web/main.ts', '@acme/db/client', 'require')).toBe('packages/db/src/client.cts');
    // From another package of the workspace too.
    expect(resolved(repo, 'packages/db/../other/src/x.ts', '@acme/db')).toBe('packages/db/src/index.ts');
    expect(resolved(repo, 'apps/web/main.ts', '@acme/missing')).toBeUndefined();
  });

  it('maps exports that name a build output not built to the source, by any tsconfig of the package', () => {
    write('built/package.json', JSON.stringify({ workspaces: ['packages/*'] }));
    pkg('built', 'packages/server', { name: 'server', exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } } }, {
      'tsconfig.json': JSON.stringify({ compilerOptions: { noEmit: true } }),
      'tsconfig.build.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
      'src/index.ts': '',
    });
    expect(resolved('built', 'src/main.ts', 'server')).toBe('packages/server/src/index.ts');
  });

  it('maps unbuilt exports through a tsconfig without rootDir, to the folder its include names', () => {
    write('included/package.json', JSON.stringify({ workspaces: ['packages/*'] }));
    pkg('included', 'packages/api', { name: 'api', exports: './dist/index.js' }, {
      'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist' }, include: ['src'] }),
      'src/index.ts': '',
    });
    expect(resolved('included', 'src/main.ts', 'api')).toBe('packages/api/src/index.ts');
  });

  it('reads a package without exports as a folder: its main and its files', () => {
    write('plain/package.json', JSON.stringify({ workspaces: ['libs/*'] }));
    pkg('plain', 'libs/util', { name: 'acme-util', main: './lib/main.js' }, { 'lib/main.js': '', 'lib/extra.ts': '' });
    expect(resolved('plain', 'src/main.ts', 'acme-util')).toBe('libs/util/lib/main.js');
    expect(resolved('plain', 'src/main.ts', 'acme-util/lib/extra.js')).toBe('libs/util/lib/extra.ts');
  });

  it('takes the folders the patterns name, deeper ones and plain paths too, but not excluded ones', () => {
    write('globs/pnpm-workspace.yaml', "packages:\n  - 'apps/**'\n  - tools/cli\n  - '!**/fixtures/**'\n");
    pkg('globs', 'apps/group/web', { name: 'web', exports: './index.js' }, { 'index.ts': '' });
    pkg('globs', 'tools/cli', { name: 'cli', exports: './index.js' }, { 'index.ts': '' });
    pkg('globs', 'apps/web/fixtures/fake', { name: 'fake', exports: './index.js' }, { 'index.ts': '' });
    pkg('globs', 'other/lib', { name: 'lib', exports: './index.js' }, { 'index.ts': '' });
    expect(resolved('globs', 'src/main.ts', 'web')).toBe('apps/group/web/index.ts');
    expect(resolved('globs', 'src/main.ts', 'cli')).toBe('tools/cli/index.ts');
    expect(resolved('globs', 'src/main.ts', 'fake')).toBeUndefined();
    expect(resolved('globs', 'src/main.ts', 'lib')).toBeUndefined();
  });

  it('leaves a file outside every workspace alone', () => {
    write('outside/packages/a/package.json', JSON.stringify({ name: 'a', exports: './index.js' }));
    write('outside/packages/a/index.ts', '');
    expect(resolved('outside', 'src/main.ts', 'a')).toBeUndefined();
  });
});

describe('declaredWorkspacePackage', () => {
  const { dir: root, write, remove } = temporaryDir('declared-workspaces');
  afterAll(remove);
  const declaration = write('package.json', JSON.stringify({ name: 'repo', private: true, workspaces: ['packages/*', 'tools/cli'] }));
  write(
    'packages/db/package.json',
    JSON.stringify({ name: '@acme/db', exports: { '.': './src/index.js', './client': { import: './src/client.js', require: './src/client.cjs' } } }),
  );
  write('packages/flags/package.json', JSON.stringify({ name: '@acme/flags', exports: './src/index.js' }));
  write('packages/ui/package.json', JSON.stringify({ name: '@acme/ui', main: './src/index.js' }));
  write('tools/cli/package.json', JSON.stringify({ name: '@acme/cli', exports: { './bin': './bin/cli.js' } }));
  const importer = write('apps/web/src/main.ts', '');

  it('finds a package whose exports map names its entry points: it imports itself through them', () => {
    expect(declaredWorkspacePackage(importer, '@acme/db')).toEqual({ folder: path.join(root, 'packages/db'), hasExports: true, declaration });
    expect(declaredWorkspacePackage(importer, '@acme/cli')).toEqual({ folder: path.join(root, 'tools/cli'), hasExports: true, declaration });
  });

  it('takes exports as a string for a map too, and a package without them as a folder', () => {
    expect(declaredWorkspacePackage(importer, '@acme/flags')?.hasExports).toBe(true);
    expect(declaredWorkspacePackage(importer, '@acme/ui')).toEqual({ folder: path.join(root, 'packages/ui'), hasExports: false, declaration });
  });

  it('finds no package the workspace does not declare, by its name only', () => {
    expect(declaredWorkspacePackage(importer, '@acme/db/client')).toBeUndefined();
    expect(declaredWorkspacePackage(importer, 'db')).toBeUndefined();
  });
});
