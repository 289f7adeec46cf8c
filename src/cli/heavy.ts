import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { createHeavyMatcher } from '../analysis/heavy-matcher.js';
import { optionalDependenciesFor, withOptionalEntries } from '../analysis/optional-dependencies.js';
import { isPathSpecifier } from '../analysis/resolve.js';
import { LazyImportsConfigError, parseList, readSettings, type HeavyEntry } from '../analysis/settings.js';
import { errorLine, UsageError } from './usage-error.js';

/**
 * Reads the heavy list the project's ESLint config gives `file`, in a child process (the
 * config is project code) with the project's own ESLint. Prints `{ settings }` for the
 * first candidate file the config applies to, or `{ missing }` saying why there is none.
 */
const READ_CONFIG = `
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
const [cwd, ...files] = JSON.parse(process.argv[1]);
let eslintPath;
try {
  eslintPath = createRequire(path.join(cwd, 'package.json')).resolve('eslint');
} catch {
  console.log(JSON.stringify({ missing: 'ESLint is not installed in ' + cwd }));
  process.exit(0);
}
const api = await import(pathToFileURL(eslintPath).href);
const ESLint = typeof api.loadESLint === 'function' ? await api.loadESLint({ cwd }) : api.ESLint;
const eslint = new ESLint({ cwd });
for (const file of files) {
  let config;
  try {
    config = await eslint.calculateConfigForFile(file);
  } catch (error) {
    const message = String(error && error.message ? error.message : error).split('\\n')[0];
    // No config at all is no heavy list; a config that fails to load is the user's to fix.
    const none = /could not find config file|no eslint configuration found/i.test(message);
    console.log(JSON.stringify(none ? { missing: 'no ESLint config: ' + message } : { error: message }));
    process.exit(0);
  }
  const settings = config && config.settings;
  if (settings && settings['lazy-imports'] !== undefined) {
    console.log(JSON.stringify({ settings: { 'lazy-imports': settings['lazy-imports'] }, file }));
    process.exit(0);
  }
}
console.log(JSON.stringify({ missing: 'the ESLint config has no settings[\\'lazy-imports\\'].heavy for ' + files.join(' or ') }));
`;

/** The heavy list and where it came from. */
export interface HeavyList {
  readonly entries: readonly HeavyEntry[];
  /** `settings['lazy-imports'].eager`: modules that are never heavy, whatever glob covers them. */
  readonly eager?: readonly HeavyEntry[];
  /** `--heavy`, the config file it was read for, or why the config gave none. */
  readonly source: string;
}

/**
 * Parses `--heavy a,b` (or the strings and objects of `trace({ heavy })`) with the same checks
 * as the settings, so a bad entry gets the same message.
 */
export function parseHeavyOption(value: string | readonly (string | HeavyEntry)[]): HeavyEntry[] {
  const list = typeof value === 'string' ? value.split(',').map((name) => name.trim()).filter(Boolean) : value;
  try {
    return parseList(list, '--heavy');
  } catch (error) {
    if (error instanceof LazyImportsConfigError) throw new UsageError(error.message);
    throw error;
  }
}

/**
 * The file whose config decides the heavy list: the first argument of the command that is a
 * file, and, for a build output (`dist/cli.js`), the source it was likely built from, as a
 * config often ignores the build folder.
 */
export function configFiles(command: readonly string[], cwd: string): string[] {
  const entry = command
    .slice(1)
    .map((arg) => path.resolve(cwd, arg))
    .find((file) => /\.[cm]?[jt]sx?$/.test(file) && statSync(file, { throwIfNoEntry: false })?.isFile());
  if (!entry) return [path.join(cwd, 'index.js')];
  const files = [entry];
  const relative = path.relative(cwd, entry).split(path.sep);
  const built = relative.findIndex((part) => part === 'dist' || part === 'build' || part === 'lib' || part === 'out');
  if (built !== -1) {
    const source = [...relative.slice(0, built), 'src', ...relative.slice(built + 1)].join(path.sep);
    const stem = path.join(cwd, source.replace(/\.[cm]?js$/, ''));
    for (const ext of ['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs']) {
      if (existsSync(stem + ext)) files.push(stem + ext);
    }
  }
  return files;
}

/** Reads `settings['lazy-imports'].heavy` of the project's ESLint config, for the command's entry. */
export async function heavyFromEslint(command: readonly string[], cwd: string): Promise<HeavyList> {
  const files = configFiles(command, cwd);
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', READ_CONFIG, JSON.stringify([cwd, ...files])], {
      cwd,
      env: withoutTracing(process.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new UsageError(`could not read the ESLint config: ${errorLine(stderr)}`));
    });
  });
  const answer = JSON.parse(output) as { settings?: Record<string, unknown>; file?: string; missing?: string; error?: string };
  if (answer.error !== undefined) throw new UsageError(`could not read the ESLint config: ${answer.error}`);
  if (!answer.settings) return { entries: [], source: answer.missing ?? 'no ESLint config' };
  try {
    const { heavy, eager, optionalDependencies } = readSettings(answer.settings);
    // The rules' list for the entry file: the optional dependencies of its package come first.
    const optional = optionalDependenciesFor(optionalDependencies, answer.file);
    const entries = withOptionalEntries(heavy, optional, optionalDependencies);
    return { entries, eager, source: path.relative(cwd, answer.file ?? '') };
  } catch (error) {
    if (error instanceof LazyImportsConfigError) throw new UsageError(error.message);
    throw error;
  }
}

/** The environment without this tool's preload, for processes that are not traced. */
export function withoutTracing(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { LAZY_IMPORTS_TRACE_DIR: _dir, ...rest } = env;
  return rest;
}

/** Decides which loaded packages and files are heavy. */
export interface HeavyCheck {
  /** The entry a package name falls under, if any. */
  forPackage(name: string): HeavyEntry | undefined;
  /** The path entry an absolute file falls under, if any. */
  forFile(file: string): HeavyEntry | undefined;
}

/**
 * The plugin's own matcher over `entries` (with the `eager` list over them, as in the rules),
 * asked whether a module is heavy wherever it loads.
 */
export function heavyCheck(entries: readonly HeavyEntry[], cwd: string, eager: readonly HeavyEntry[] = []): HeavyCheck {
  const matcher = createHeavyMatcher(entries, cwd, eager);
  const hasPaths = entries.some((entry) => isPathSpecifier(entry.name));
  const importer = path.join(cwd, 'index.js');
  return {
    forPackage: (name) => (matcher.isEmpty ? undefined : matcher.match(name, importer, true)?.entry),
    forFile(file) {
      if (!hasPaths) return undefined;
      const match = matcher.match(file, file, true);
      return match && !match.carrier ? match.entry : undefined;
    },
  };
}
