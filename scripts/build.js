// The build: tsc type-checks and emits dist/ (declarations and modules), then rolldown joins
// the modules into one dist/index.js. A start-up tool must load fast itself, and on Node 20 each
// ES module costs about half a millisecond to load: one file halves the plugin's import time.
// The `lazy-imports` command is a second bundle in dist/command/, which the plugin never loads:
// the bin, the `./trace` entry, and the preload and loader hooks of traced processes (found
// next to the trace entry, so they stay files of their own). Neither bundle loads
// `@typescript-eslint/types`: the AST type names are inlined as strings, and the build fails if
// any other load of the package survives (scripts/inline-ast-types.js).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';
import { inlineAstTypes } from './inline-ast-types.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

const compiled = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);

await build({
  cwd: root,
  input: 'dist/index.js',
  platform: 'node',
  // The runtime dependencies stay packages of their own; picomatch and get-tsconfig are required on first use.
  external: ['get-tsconfig', 'oxc-parser', 'oxc-resolver', 'picomatch'],
  plugins: [inlineAstTypes()],
  logLevel: 'warn',
  output: { file: 'dist/index.js', format: 'esm' },
});

await build({
  cwd: root,
  input: {
    main: 'dist/cli/main.js',
    trace: 'dist/cli/trace.js',
    preload: 'dist/cli/preload.js',
    hooks: 'dist/cli/hooks.js',
  },
  platform: 'node',
  external: ['picomatch'],
  plugins: [inlineAstTypes()],
  logLevel: 'warn',
  output: { dir: 'dist/command', format: 'esm', entryFileNames: '[name].js', chunkFileNames: 'chunk-[name].js' },
});
