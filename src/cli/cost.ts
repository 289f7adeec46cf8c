// `lazy-imports cost`: what importing each package costs a fresh process on this machine, over
// a baseline process that imports an empty module the same way.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageNameOf } from '../analysis/resolve.js';
import { withoutTracing } from './heavy.js';
import { trace } from './trace.js';
import { errorLine, UsageError } from './usage-error.js';

/** One package's cost. */
export interface PackageCost {
  readonly name: string;
  readonly version: string | null;
  /** Median milliseconds that importing it takes a fresh process, over the baseline. */
  readonly extraMs: number;
  /** Modules it loads (ES and CommonJS), its dependencies' included. */
  readonly modules: number;
  /** Median heap in use after the import, over the baseline's, in MB. */
  readonly heapMB: number;
}

/** What `cost --json` prints. */
export interface CostResult {
  /** Median milliseconds of the baseline's import of an empty module. */
  readonly baselineMs: number;
  /** Most expensive first. */
  readonly packages: readonly PackageCost[];
}

/** What to measure and how. */
export interface CostOptions {
  /** Package names (or subpaths); by default the `dependencies` of the project's package.json. */
  readonly packages?: readonly string[];
  readonly cwd?: string;
  /** Timed runs of each process (after one untimed warm-up). Default 5. */
  readonly runs?: number;
  /** Told what is measured now, for a progress line. */
  readonly onProgress?: (text: string) => void;
  /** Told of a dependency left out because it cannot be imported. */
  readonly onSkip?: (name: string, reason: string) => void;
}

// Run with `--input-type=module -e`: imports the package named by the first argument, or an
// empty module for the baseline, and reports how long the import took and the heap. Bare names
// resolve from the working directory. The import is timed inside the process: what starting
// and ending a process costs is the same for both and only adds noise.
const IMPORT = `
const name = process.argv[1];
const started = performance.now();
await import(name ? name : 'data:text/javascript,');
const ms = performance.now() - started;
process.stdout.write(JSON.stringify({ ms, heap: process.memoryUsage().heapUsed }));
`;

// Reports the names that do not resolve from the working directory.
const RESOLVE = `
const missing = [];
for (const name of JSON.parse(process.argv[1])) {
  try { import.meta.resolve(name); } catch { missing.push(name); }
}
process.stdout.write(JSON.stringify(missing));
`;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** The project's `dependencies`, the default set to measure. */
function projectDependencies(cwd: string): string[] {
  let manifest: { dependencies?: Record<string, string> };
  try {
    manifest = JSON.parse(readFileSync(path.join(cwd, 'package.json'), 'utf8')) as typeof manifest;
  } catch {
    throw new UsageError(`no package.json in ${cwd}: name the packages to measure, e.g. lazy-imports cost stripe`);
  }
  const names = Object.keys(manifest.dependencies ?? {});
  if (names.length === 0) throw new UsageError(`package.json in ${cwd} has no dependencies: name the packages to measure`);
  return names;
}

function node(args: readonly string[], cwd: string): { stdout: string; status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, args, { cwd, env: withoutTracing(process.env), encoding: 'utf8' });
  return { stdout: result.stdout, status: result.status, stderr: result.stderr };
}

function importOnce(name: string, cwd: string): { ms: number; heap: number } {
  const result = node(['--input-type=module', '-e', IMPORT, name], cwd);
  if (result.status !== 0) {
    throw new UsageError(`importing '${name}' failed: ${errorLine(result.stderr)}`);
  }
  return JSON.parse(result.stdout) as { ms: number; heap: number };
}


/**
 * Measures each package: processes that import it alternate with the baseline within each
 * round, so that the machine's noise falls on all alike. Throws a {@link UsageError} for a
 * named package that does not resolve or fails to import; of the project's dependencies (the
 * default), such a package is skipped and passed to `onSkip`.
 */
export async function cost(options: CostOptions = {}): Promise<CostResult> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const named = options.packages !== undefined && options.packages.length > 0;
  let names = named ? [...(options.packages ?? [])] : projectDependencies(cwd);
  const runs = options.runs ?? 5;
  const progress = options.onProgress ?? (() => {});
  const skip = (name: string, reason: string): void => {
    names = names.filter((other) => other !== name);
    options.onSkip?.(name, reason);
  };

  const resolved = node(['--input-type=module', '-e', RESOLVE, JSON.stringify(names)], cwd);
  const missing = resolved.status === 0 ? (JSON.parse(resolved.stdout) as string[]) : names;
  if (named && missing.length > 0) {
    throw new UsageError(`cannot resolve ${missing.map((name) => `'${name}'`).join(', ')} from ${cwd}: install it or check the name`);
  }
  // A dependency that does not resolve as a module: types only, a command, not installed.
  for (const name of missing) skip(name, `cannot import it from ${cwd}`);

  // The warm-up round also finds the dependencies that fail to import.
  for (const name of ['', ...names]) {
    progress(`warming up: ${name || 'baseline'}`);
    try {
      importOnce(name, cwd);
    } catch (error) {
      if (named || name === '' || !(error instanceof UsageError)) throw error;
      skip(name, error.message);
    }
  }
  const times = new Map<string, number[]>(['', ...names].map((name) => [name, []]));
  const heaps = new Map<string, number[]>(['', ...names].map((name) => [name, []]));
  for (let round = 1; round <= runs; round += 1) {
    for (const name of ['', ...names]) {
      progress(`run ${round}/${runs}: ${name || 'baseline'}`);
      const { ms, heap } = importOnce(name, cwd);
      times.get(name)?.push(ms);
      heaps.get(name)?.push(heap);
    }
  }
  const baselineMs = median(times.get('') ?? []);
  const baselineHeap = median(heaps.get('') ?? []);

  const packages: PackageCost[] = [];
  for (const name of names) {
    progress(`counting modules: ${name}`);
    const traced = await trace({
      command: [process.execPath, '--input-type=module', '-e', IMPORT, name],
      cwd,
      heavy: [],
      output: 'ignore',
      env: withoutTracing(process.env),
    });
    const count = (nodes: typeof traced.tree): number => nodes.reduce((sum, node) => sum + 1 + count(node.children), 0);
    packages.push({
      name,
      version: traced.packages.find((traced) => traced.name === packageNameOf(name))?.version ?? null,
      extraMs: Math.round(Math.max(0, median(times.get(name) ?? []) - baselineMs) * 10) / 10,
      modules: count(traced.tree),
      heapMB: Math.round(Math.max(0, median(heaps.get(name) ?? []) - baselineHeap) / 1e5) / 10,
    });
  }
  packages.sort((a, b) => b.extraMs - a.extraMs || a.name.localeCompare(b.name));
  return { baselineMs: Math.round(baselineMs * 10) / 10, packages };
}
