// The example app (examples/cli-app, a billing CLI that imports heavy SDKs at module level) as
// the demo and the start-up benchmark use it: its lint config, building it, converting a copy
// with `eslint --fix`, a floor copy with the heavy loads stubbed out, and timing its start-up.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import { median } from '../bench/stats.js';
import lazyImports from '../dist/index.js';
import { trace } from '../dist/command/trace.js';
import { stubHeavyLoads } from './floor.js';

/** The repository root: paths in the output are relative to it. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The example app. */
export const APP = path.join(ROOT, 'examples', 'cli-app');

/**
 * What the example's team would call heavy: the SDKs `billing --help` should not load.
 * src/storage.ts wraps the S3 client, so it may load the SDK at module level; importing it
 * from elsewhere counts as loading the SDK.
 */
export const HEAVY = [
  { name: '@aws-sdk/*', allowIn: ['src/storage.ts'] },
  'stripe',
  '@anthropic-ai/sdk',
  { name: 'typescript', reason: 'the compiler alone takes about half a second to load' },
];

export const RULE = 'lazy-imports/banned-module-level-imports';

/** The chain rule, and the app's entry point: what `billing` loads before it runs a command. */
export const CHAIN_RULE = 'lazy-imports/banned-import-chains';
export const INEFFECTIVE_RULE = 'lazy-imports/no-ineffective-lazy-imports';
export const ENTRIES = ['src/cli.ts'];

/** {@link HEAVY} in the object form the plugin's analysis takes. */
function heavyEntries() {
  return HEAVY.map((entry) => (typeof entry === 'string' ? { name: entry } : entry));
}

/** @param {string} file */
export function relative(file) {
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
 * source file or the tsconfig. Returns whether it type-checked (with `allowTypeErrors`, tsc
 * still emits JavaScript when it does not).
 * @param {string} appDir
 * @param {{ allowTypeErrors?: boolean, quiet?: boolean }} [options]
 */
export function buildApp(appDir, { allowTypeErrors = false, quiet = false } = {}) {
  const entry = path.join(appDir, 'dist', 'cli.js');
  const sources = Math.max(newestChange(path.join(appDir, 'src')), statSync(path.join(appDir, 'tsconfig.json')).mtimeMs);
  if (existsSync(entry) && statSync(entry).mtimeMs >= sources) return true;
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const started = performance.now();
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(appDir, 'tsconfig.json')], { encoding: 'utf8' });
  if (result.status !== 0 && !allowTypeErrors) {
    throw new Error(`tsc failed for ${relative(appDir)}:\n${result.stdout}${result.stderr}`);
  }
  if (!quiet) console.log(`Built ${relative(appDir)} in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  return result.status === 0;
}

/**
 * The flat config the example is linted with: the plugin's recommended config, the TypeScript
 * parser for .ts files and the heavy list. `extra` config objects come last, to set rule options.
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
 * {@link lintConfig}; with `fix`, writes the fixes, as `eslint --fix src` would.
 * @param {string} appDir
 * @param {{ fix?: boolean, extra?: import('eslint').Linter.Config[] }} [options]
 * @returns {Promise<import('eslint').ESLint.LintResult[]>}
 */
export async function lint(appDir, { fix = false, extra = [] } = {}) {
  const eslint = new ESLint({ cwd: appDir, overrideConfigFile: true, overrideConfig: lintConfig(extra), fix });
  const results = await eslint.lintFiles(['src']);
  if (fix) await ESLint.outputFixes(results);
  return results.sort((a, b) => a.filePath.localeCompare(b.filePath));
}

/**
 * Lints the app's `src` with one graph rule alone (the chain rule by default), from the start-up
 * path of {@link ENTRIES}: with the chain rule, heavy SDKs that `billing` loads through the app's
 * own modules; with {@link INEFFECTIVE_RULE}, lazy loads that an eager load elsewhere undoes.
 * @param {string} appDir
 * @param {string} [rule]
 * @returns {Promise<import('eslint').ESLint.LintResult[]>}
 */
export async function lintChains(appDir, rule = CHAIN_RULE) {
  const rules = { [RULE]: 'off', [rule]: ['error', { entries: ENTRIES }] };
  const eslint = new ESLint({ cwd: appDir, overrideConfigFile: true, overrideConfig: lintConfig([{ rules }]) });
  const results = await eslint.lintFiles(['src']);
  return results.sort((a, b) => a.filePath.localeCompare(b.filePath));
}

/** Copies the app's sources (not its build) to `target`, which is emptied first. */
export function copyApp(target) {
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  for (const entry of readdirSync(APP)) {
    if (entry === 'dist' || entry === 'node_modules') continue;
    cpSync(path.join(APP, entry), path.join(target, entry), { recursive: true });
  }
}

/** `eslint --fix` with `autofix: true`: converts every heavy load that has a lazy form. */
export function fixApp(appDir) {
  return lint(appDir, { fix: true, extra: [{ rules: { [RULE]: ['error', { autofix: true }] } }] });
}

/**
 * `eslint --fix` with the chain rule alone and `autofix: true`: cuts each chain from
 * {@link ENTRIES} at its first link that can load the next module lazily.
 */
export function cutChains(appDir) {
  const rules = { [RULE]: 'off', [CHAIN_RULE]: ['error', { entries: ENTRIES, autofix: true }] };
  return lint(appDir, { fix: true, extra: [{ rules }] });
}

/** Rewrites the app so that every heavy load at start-up reads a stub instead; see floor.js. */
export function stubApp(appDir) {
  const entries = heavyEntries();
  const files = readdirSync(path.join(appDir, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(?:[cm]?ts|[cm]?js)$/.test(file) && !/\.d\.[cm]?ts$/.test(file))
    .map((file) => path.join(appDir, 'src', file));
  for (const file of files) writeFileSync(file, stubHeavyLoads(readFileSync(file, 'utf8'), file, entries, appDir));
}

/**
 * @typedef {object} Variant
 * @property {string} name
 * @property {string} dir
 */

/**
 * Builds the three copies of the app under `.bench/startup/` (inside the repository, so they
 * resolve the installed SDKs): as written, after `eslint --fix` with `autofix: true`, and the
 * floor, the same app with the heavy loads stubbed out (the limit of what lazy loading reaches).
 * @param {(line: string) => void} [log]
 */
export async function prepareVariants(log = () => {}) {
  const base = path.join(ROOT, '.bench', 'startup');
  const dirs = { before: path.join(base, 'before'), after: path.join(base, 'after'), floor: path.join(base, 'floor') };
  log('Building the app as written.');
  copyApp(dirs.before);
  buildApp(dirs.before, { quiet: true });
  log('Converting a copy with eslint --fix (autofix: true).');
  copyApp(dirs.after);
  const fixResults = await fixApp(dirs.after);
  const afterTypeChecks = buildApp(dirs.after, { allowTypeErrors: true, quiet: true });
  log('Building the floor: the same app with the heavy loads stubbed out.');
  copyApp(dirs.floor);
  stubApp(dirs.floor);
  buildApp(dirs.floor, { allowTypeErrors: true, quiet: true });
  /** @type {Variant[]} */
  const variants = [
    { name: 'as written', dir: dirs.before },
    { name: 'after --fix', dir: dirs.after },
    { name: 'floor', dir: dirs.floor },
  ];
  return { variants, afterTypeChecks, fixResults };
}

/** @param {Variant} variant @param {readonly string[]} args */
function runOnce(variant, args) {
  const started = performance.now();
  const result = spawnSync(process.execPath, [path.join(variant.dir, 'dist', 'cli.js'), ...args], {
    cwd: variant.dir,
    encoding: 'utf8',
  });
  const ms = performance.now() - started;
  if (result.status !== 0) {
    throw new Error(`${variant.name}: billing ${args.join(' ')} exited with ${result.status}:\n${result.stderr}`);
  }
  return { ms, stdout: result.stdout };
}

/**
 * Times `billing <args>` for every variant, alternating variants within each run so that
 * machine noise falls on all of them alike, after one untimed warm-up run each. Returns, per
 * command, the median milliseconds of each variant and whether the variants that are meant to
 * behave alike (all but the floor) printed the same output.
 * @param {Variant[]} variants
 * @param {readonly (readonly string[])[]} commands
 * @param {number} runs
 */
export function timeVariants(variants, commands, runs) {
  return commands.map((args) => {
    /** @type {Record<string, number[]>} */
    const samples = Object.fromEntries(variants.map((variant) => [variant.name, []]));
    /** @type {Record<string, string>} */
    const outputs = {};
    for (let run = 0; run <= runs; run += 1) {
      for (const variant of variants) {
        const { ms, stdout } = runOnce(variant, args);
        if (run > 0) samples[variant.name]?.push(ms);
        outputs[variant.name] = stdout;
      }
    }
    const compared = variants.filter((variant) => variant.name !== 'floor').map((variant) => outputs[variant.name]);
    return {
      command: `billing ${args.join(' ')}`,
      ms: Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)])),
      sameOutput: compared.every((output) => output === compared[0]),
    };
  });
}

/** Milliseconds of `node -e 0`: what any Node program pays before its own code runs. */
export function bareNodeMs(runs) {
  const times = [];
  for (let run = 0; run <= runs; run += 1) {
    const started = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    if (run > 0) times.push(performance.now() - started);
  }
  return median(times);
}

/**
 * The heavy entries `billing <args>` loads in a variant, each with the packages it matched, as
 * `lazy-imports trace` records them (the trace itself is returned too).
 * @param {Variant} variant
 * @param {readonly string[]} args
 * @returns {Promise<{ packages: string[], heavy: Map<string, string[]>, trace: import('../src/cli/trace.js').Trace }>}
 */
export async function heavyLoaded(variant, args) {
  const result = await trace({
    command: [process.execPath, path.join('dist', 'cli.js'), ...args],
    cwd: variant.dir,
    heavy: heavyEntries(),
    output: 'ignore',
  });
  if (result.exitCode !== 0) throw new Error(`${variant.name}: billing ${args.join(' ')} exited with ${result.exitCode}`);
  /** @type {Map<string, string[]>} */
  const heavy = new Map();
  // By package name, so that the entries come in a stable order.
  const loads = [...result.heavyLoaded].sort((a, b) => a.package.localeCompare(b.package));
  for (const load of loads) heavy.set(load.entry, [...(heavy.get(load.entry) ?? []), load.package]);
  return { packages: result.packages.map((pkg) => pkg.name).sort(), heavy, trace: result };
}
