// A large monorepo-style code base for the benchmarks: the TypeScript sources of Eclipse Theia
// (an IDE framework of some eighty packages) and of Lumino, the widget toolkit it builds on.
// Their npm packages ship `src/`, and their sources import each other by package name
// (`@theia/core/lib/common`, `@lumino/widgets`), as the packages of a monorepo do. The tarballs
// come from the npm registry through `npm pack` (no dependencies, no install scripts) and are
// laid out as a workspace under `.bench/monorepo/`: one folder a package with its package.json,
// its `src/` and a tsconfig that builds `src/` to `lib/`, and `node_modules/<name>` linking to
// each folder, as `npm install` links workspace packages. The layout is built once and reused.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));
const corpusRoot = path.join(repositoryRoot, '.bench', 'monorepo');

const THEIA_VERSION = '1.74.1';
const THEIA = [
  'ai-anthropic', 'ai-chat', 'ai-chat-ui', 'ai-claude-code', 'ai-code-completion', 'ai-codex', 'ai-copilot',
  'ai-core', 'ai-core-ui', 'ai-editor', 'ai-google', 'ai-history', 'ai-huggingface', 'ai-ide', 'ai-llamafile',
  'ai-mcp', 'ai-mcp-server', 'ai-mcp-ui', 'ai-ollama', 'ai-openai', 'ai-scanoss', 'ai-terminal',
  'application-manager', 'application-package', 'bulk-edit', 'callhierarchy', 'cli', 'collaboration', 'console',
  'core', 'debug', 'dev-container', 'editor', 'editor-preview', 'external-terminal', 'ffmpeg', 'file-search',
  'filesystem', 'getting-started', 'keymaps', 'localization-manager', 'markers', 'memory-inspector', 'messages',
  'metrics', 'mini-browser', 'monaco', 'navigator', 'notebook', 'outline-view', 'output', 'ovsx-client',
  'playwright', 'plugin', 'plugin-dev', 'plugin-ext', 'plugin-ext-headless', 'plugin-ext-vscode', 'plugin-metrics',
  'preferences', 'process', 'property-view', 'remote', 'remote-wsl', 'request', 'scanoss', 'scm', 'scm-extra',
  'search-in-workspace', 'secondary-window', 'task', 'terminal', 'terminal-manager', 'test', 'timeline', 'toolbar',
  'typehierarchy', 'userstorage', 'variable-resolver', 'vsx-registry', 'workspace',
];

/** Pinned package specs: Theia's packages of one release, two that stopped earlier, and Lumino as Theia uses it. */
const SPECS = [
  ...THEIA.map((name) => `@theia/${name}@${THEIA_VERSION}`),
  '@theia/ai-vercel-ai@1.73.1',
  '@theia/preview@1.72.3',
  '@lumino/algorithm@2.0.5', '@lumino/application@2.4.10', '@lumino/collections@2.0.5', '@lumino/commands@2.3.4',
  '@lumino/coreutils@2.2.3', '@lumino/datagrid@2.5.8', '@lumino/disposable@2.1.6', '@lumino/domutils@2.0.5',
  '@lumino/dragdrop@2.1.9', '@lumino/keyboard@2.0.5', '@lumino/messaging@2.0.5', '@lumino/polling@2.1.6',
  '@lumino/properties@2.0.5', '@lumino/signaling@2.1.6', '@lumino/virtualdom@2.0.5', '@lumino/widgets@2.7.5',
];

/** The compiler settings Theia's packages build with (CommonJS, React JSX, decorators), shared by every package. */
const BASE_TSCONFIG = {
  compilerOptions: {
    target: 'ES2019',
    module: 'commonjs',
    moduleResolution: 'node',
    jsx: 'react',
    strict: true,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    esModuleInterop: true,
    skipLibCheck: true,
    declaration: true,
  },
};

const isSource = (file) => /\.tsx?$/.test(file) && !/\.d\.ts$/.test(file);

/** Every file under `dir`, relative to it, with forward slashes. */
function walk(dir) {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((file) => file.split(path.sep).join('/'));
}

/** Downloads the tarballs and lays out the workspace in `target`. */
function build(target) {
  const tarballs = path.join(target, '.tarballs');
  mkdirSync(tarballs, { recursive: true });
  // One `npm pack` for all specs: the ordinary client, its cache, no dependencies and no scripts.
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', tarballs, ...SPECS], {
      cwd: target,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  const packages = [];
  for (const { name, filename } of packed) {
    const folder = name.replace(/^@/, '').replace('/', '-');
    const dir = path.join(target, 'packages', folder);
    mkdirSync(dir, { recursive: true });
    execFileSync('tar', ['-xzf', path.join(tarballs, filename), '-C', dir, '--strip-components=1', 'package/package.json', 'package/src']);
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      `${JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: { rootDir: 'src', outDir: 'lib' }, include: ['src'] }, null, 2)}\n`,
    );
    const link = path.join(target, 'node_modules', name);
    mkdirSync(path.dirname(link), { recursive: true });
    symlinkSync(path.relative(path.dirname(link), dir), link, 'dir');
    packages.push({ name, folder });
  }
  rmSync(tarballs, { recursive: true, force: true });
  writeFileSync(path.join(target, 'tsconfig.base.json'), `${JSON.stringify(BASE_TSCONFIG, null, 2)}\n`);
  writeFileSync(
    path.join(target, 'package.json'),
    `${JSON.stringify({ name: 'theia-lumino-corpus', private: true, workspaces: ['packages/*'] }, null, 2)}\n`,
  );
  // Written last: its presence says the layout is complete.
  writeFileSync(path.join(target, 'corpus.json'), `${JSON.stringify({ specs: SPECS, packages }, null, 2)}\n`);
}

/** The recorded layout in `root`, or undefined when it is missing or was built from other specs. */
function readLayout(root) {
  const manifest = path.join(root, 'corpus.json');
  if (!existsSync(manifest)) return undefined;
  const layout = JSON.parse(readFileSync(manifest, 'utf8'));
  return JSON.stringify(layout.specs) === JSON.stringify(SPECS) ? layout : undefined;
}

/**
 * The monorepo corpus, built on first use (about 15 MB of tarballs from the npm registry) and reused
 * after that from `.bench/monorepo/`.
 *
 * @returns {Promise<{ root: string, files: string[], packages: { name: string, dir: string }[] }>}
 *   `root`: the workspace folder; `files`: absolute paths of every `.ts`/`.tsx` source (no `.d.ts`)
 *   under the packages' `src/`, sorted; `packages`: each package's name and absolute folder.
 */
export async function prepareMonorepoCorpus() {
  let layout = readLayout(corpusRoot);
  if (!layout) {
    // Built beside the final folder and renamed into place, so an interrupted or concurrent build
    // never leaves a half-made corpus where the next run would take it as complete.
    const staging = `${corpusRoot}.${process.pid}.tmp`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    try {
      build(staging);
      rmSync(corpusRoot, { recursive: true, force: true });
      renameSync(staging, corpusRoot);
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
    layout = readLayout(corpusRoot);
    if (!layout) throw new Error(`bench: the monorepo corpus in ${corpusRoot} is incomplete`);
  }
  const packages = layout.packages.map(({ name, folder }) => ({ name, dir: path.join(corpusRoot, 'packages', folder) }));
  const files = packages
    .flatMap(({ dir }) => {
      const src = path.join(dir, 'src');
      return existsSync(src) ? walk(src).filter(isSource).map((file) => path.join(src, file)) : [];
    })
    .toSorted();
  return { root: corpusRoot, files, packages };
}
