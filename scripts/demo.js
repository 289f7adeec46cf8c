// `npm run demo`: lint the example app (examples/cli-app, a billing CLI that imports heavy SDKs
// at module level) with the built plugin, then measure what `billing --help` pays at start-up.
// Each step is a function taking the app's directory, so a step can run on a changed copy.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import lazyImports from '../dist/index.js';
import { loadedPackages } from './loaded-packages.js';

/** The repository root: paths in the output are relative to it. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The example app the demo works on. */
export const APP = path.join(ROOT, 'examples', 'cli-app');

/** What the example's team would call heavy: the SDKs `billing --help` should not load. */
export const HEAVY = [
  '@aws-sdk/*',
  'stripe',
  '@anthropic-ai/sdk',
  { name: 'typescript', reason: 'the compiler alone takes about half a second to load' },
];

const RULE = 'lazy-imports/banned-module-level-imports';

/** @param {string} file */
function relative(file) {
  return path.relative(ROOT, file) || '.';
}

/** @param {string} dir @returns {number} the newest modification time of a file under `dir` */
function newestChange(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Compiles the app with the workspace's `tsc` when `dist/cli.js` is missing or older than a
 * source file or the tsconfig.
 * @param {string} appDir
 */
export function buildApp(appDir) {
  const entry = path.join(appDir, 'dist', 'cli.js');
  const sources = Math.max(newestChange(path.join(appDir, 'src')), statSync(path.join(appDir, 'tsconfig.json')).mtimeMs);
  if (existsSync(entry) && statSync(entry).mtimeMs >= sources) {
    console.log(`${relative(appDir)} is built.`);
    return;
  }
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const started = performance.now();
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(appDir, 'tsconfig.json')], { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`tsc failed for ${relative(appDir)}:\n${result.stdout}${result.stderr}`);
  }
  console.log(`Built ${relative(appDir)} in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}

/**
 * The flat config the demo lints with: the plugin's recommended config, the TypeScript parser
 * for .ts files and the heavy list. `extra` config objects come last, to set rule options.
 * @param {import('eslint').Linter.Config[]} [extra]
 * @returns {import('eslint').Linter.Config[]}
 */
export function lintConfig(extra = []) {
  return [
    { files: ['**/*.ts', '**/*.mts', '**/*.cts'], languageOptions: { parser: tsParser } },
    lazyImports.configs.recommended,
    { settings: { 'lazy-imports': { heavy: HEAVY } } },
    ...extra,
  ];
}

/**
 * Lints the app's `src` through ESLint's `ESLint` class, as `eslint src` would with
 * {@link lintConfig}; with `fix`, the results carry the fixed source (see `ESLint.outputFixes`).
 * @param {string} appDir
 * @param {{ fix?: boolean, extra?: import('eslint').Linter.Config[] }} [options]
 * @returns {Promise<import('eslint').ESLint.LintResult[]>}
 */
export async function lint(appDir, { fix = false, extra = [] } = {}) {
  const eslint = new ESLint({ cwd: appDir, overrideConfigFile: true, overrideConfig: lintConfig(extra), fix });
  const results = await eslint.lintFiles(['src']);
  return results.sort((a, b) => a.filePath.localeCompare(b.filePath));
}

/**
 * `text` broken into lines of at most `width` characters, the later ones indented by `indent`.
 * @param {string} text @param {number} width @param {string} indent
 */
function wrap(text, width, indent) {
  const lines = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.join(`\n${indent}`);
}

/** @param {import('eslint').Linter.LintMessage} message */
function remedy(message) {
  if (message.fix) return ' [fixable]';
  if (message.suggestions?.length) return ` [suggestion: ${message.suggestions.map((s) => s.desc).join('; ')}]`;
  return '';
}

/**
 * Prints the findings grouped by file (`line:col  message`) and a summary line.
 * @param {import('eslint').ESLint.LintResult[]} results
 * @returns {{ problems: number, files: number }}
 */
export function printLint(results) {
  const width = Math.max(60, Math.min(process.stdout.columns ?? 110, 110) - 12);
  let problems = 0;
  let files = 0;
  for (const result of results) {
    if (result.messages.length === 0) continue;
    files += 1;
    console.log(`\n${relative(result.filePath)}`);
    for (const message of result.messages) {
      problems += 1;
      const where = `${message.line}:${message.column}`.padStart(7);
      const text = message.ruleId === RULE || message.ruleId === null ? message.message : `${message.message} (${message.ruleId})`;
      console.log(`${where}  ${wrap(text + remedy(message), width, ' '.repeat(9))}`);
    }
  }
  console.log(
    `\n${problems} module-level ${problems === 1 ? 'load' : 'loads'} of heavy packages in ${files} of ${results.length} files.`,
  );
  return { problems, files };
}

/** @param {number[]} values */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * Wall-clock milliseconds of each of `runs` runs of `node <args>`, after one untimed run
 * that warms the file cache.
 * @param {readonly string[]} args @param {number} runs @param {string} cwd
 */
function timeNode(args, runs, cwd) {
  const times = [];
  for (let run = 0; run <= runs; run += 1) {
    const started = performance.now();
    const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
    const elapsed = performance.now() - started;
    if (result.status !== 0) {
      throw new Error(`node ${args.join(' ')} exited with ${result.status}:\n${result.stderr}`);
    }
    if (run > 0) times.push(elapsed);
  }
  return times;
}

/**
 * Which heavy entry a package name falls under: `@aws-sdk/*` takes every package of the
 * scope, any other entry its own name.
 * @param {string} name
 */
function heavyEntryOf(name) {
  for (const entry of HEAVY) {
    const pattern = typeof entry === 'string' ? entry : entry.name;
    if (pattern.endsWith('/*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern) return pattern;
  }
  return undefined;
}

/**
 * @typedef {object} Startup
 * @property {string} command  as a user would type it, from the repository root
 * @property {number[]} times  milliseconds of each run
 * @property {number} median
 * @property {number} bareNode  median milliseconds of `node -e 0`
 * @property {string[]} packages  every package the command loaded
 * @property {Map<string, string[]>} heavy  heavy entry → the packages it matched
 */

/**
 * Runs `node <app>/dist/cli.js --help` `runs` times for its start-up time, and once more
 * with a preload that records which packages it loads.
 * @param {string} appDir
 * @param {{ runs?: number, args?: readonly string[] }} [options]
 * @returns {Promise<Startup>}
 */
export async function measureStartup(appDir, { runs = 7, args = ['--help'] } = {}) {
  const entry = path.join(appDir, 'dist', 'cli.js');
  const times = timeNode([entry, ...args], runs, appDir);
  const bareNode = median(timeNode(['-e', '0'], runs, appDir));
  const loaded = await loadedPackages(process.execPath, [entry, ...args], { cwd: appDir });
  if (loaded.exitCode !== 0) throw new Error(`${relative(entry)} exited with ${loaded.exitCode}:\n${loaded.stderr}`);
  const heavy = new Map();
  for (const name of loaded.packages) {
    const pattern = heavyEntryOf(name);
    if (pattern) heavy.set(pattern, [...(heavy.get(pattern) ?? []), name]);
  }
  return {
    command: `node ${relative(entry)} ${args.join(' ')}`,
    times,
    median: median(times),
    bareNode,
    packages: loaded.packages,
    heavy,
  };
}

/** @param {Startup} startup */
export function printStartup(startup) {
  const ms = (/** @type {number} */ value) => `${Math.round(value)} ms`;
  const heavy = [...startup.heavy].map(([pattern, names]) =>
    names.length === 1 && names[0] === pattern ? pattern : `${pattern} (${names.length} packages)`,
  );
  console.log(`\n${startup.command}`);
  console.log(
    `  ${ms(startup.median)} median of ${startup.times.length} runs ` +
      `(${ms(Math.min(...startup.times))} to ${ms(Math.max(...startup.times))}); node alone: ${ms(startup.bareNode)}`,
  );
  console.log(`  ${startup.packages.length} packages loaded; heavy ones: ${heavy.length > 0 ? heavy.join(', ') : 'none'}`);
}

/** @param {string} title */
function heading(title) {
  console.log(`\n== ${title} ==`);
}

async function main() {
  const started = performance.now();
  heading(`Example: ${relative(APP)} (the "billing" CLI)`);
  buildApp(APP);

  heading(`Lint: ${RULE}`);
  const names = HEAVY.map((entry) => (typeof entry === 'string' ? entry : entry.name));
  console.log(`Heavy: ${names.join(', ')}`);
  printLint(await lint(APP));

  heading('Start-up');
  printStartup(await measureStartup(APP));
  console.log(`\nDemo finished in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
