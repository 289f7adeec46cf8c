// `lazy-imports cost`: what loading each package costs a fresh process on this machine, over
// a baseline process that loads an empty module the same way: `import()` or `require()`, as the
// program does (importing CommonJS from an ES module adds Node's scan of its exports).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { nearestManifest, readManifest, type Manifest } from '../analysis/manifest.js';
import { packageNameOf } from '../analysis/resolve.js';
import { withoutTracing } from './heavy.js';
import { median } from './median.js';
import { trace } from './trace.js';
import { errorLine, UsageError } from './usage-error.js';

/** How a package is loaded: `import()` from an ES module, or `require()` from CommonJS. */
export type LoadForm = 'import' | 'require';

/** One package's cost. */
export interface PackageCost {
  readonly name: string;
  readonly version: string | null;
  /** How it was measured: the form asked for, or `import` for a package that cannot be `require()`d. */
  readonly load: LoadForm;
  /** Median milliseconds that importing it takes a fresh process, over the baseline. */
  readonly extraMs: number;
  /** Modules it loads (ES and CommonJS), its dependencies' included. */
  readonly modules: number;
  /** Median heap in use after the import, over the baseline's, in MB. */
  readonly heapMB: number;
}

/** What `cost --json` prints. */
export interface CostResult {
  /** Median milliseconds of the baseline's load of an empty module, in the form asked for. */
  readonly baselineMs: number;
  /** The form asked for (or the project's own). */
  readonly load: LoadForm;
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
  /** How to load the packages. Default: the project's own form (see {@link projectLoad}). */
  readonly load?: LoadForm;
  /** Told what is measured now, for a progress line. */
  readonly onProgress?: (text: string) => void;
  /** Told of a dependency left out because it cannot be imported. */
  readonly onSkip?: (name: string, reason: string) => void;
  /** Told of a package measured with `import()` because it cannot be `require()`d. */
  readonly onImportInstead?: (name: string, reason: string) => void;
}

// Run with `--input-type=module -e`: imports the package named by the first argument, or an
// empty module for the baseline, and reports how long the import took and the heap. Bare names
// resolve from the working directory. The load is timed inside the process: what starting
// and ending a process costs is the same for both and only adds noise.
const IMPORT = `
const name = process.argv[1];
const started = performance.now();
await import(name ? name : 'data:text/javascript,');
const ms = performance.now() - started;
process.stdout.write(JSON.stringify({ ms, heap: process.memoryUsage().heapUsed }));
`;

// The same in CommonJS (-e): requires the package, or the empty file named by the second
// argument. A package that require() cannot load says so instead of failing.
const REQUIRE = `
const name = process.argv[1];
const started = performance.now();
try {
  require(name || process.argv[2]);
} catch (error) {
  if (!name || !${JSON.stringify(['ERR_REQUIRE_ESM', 'ERR_REQUIRE_ASYNC_MODULE', 'ERR_PACKAGE_PATH_NOT_EXPORTED'])}.includes(error.code)) throw error;
  process.stdout.write(JSON.stringify({ cannotRequire: error.code }));
  process.exit(0);
}
const ms = performance.now() - started;
process.stdout.write(JSON.stringify({ ms, heap: process.memoryUsage().heapUsed }));
`;

// Reports the names that resolve neither for import() nor for require() from the working directory.
const RESOLVE = `
import { createRequire } from 'node:module';
const require = createRequire(process.cwd() + '/');
const missing = [];
for (const name of JSON.parse(process.argv[1])) {
  try { import.meta.resolve(name); } catch {
    try { require.resolve(name); } catch { missing.push(name); }
  }
}
process.stdout.write(JSON.stringify(missing));
`;

/** The project's package.json: the nearest one at or above the working directory, and its fields. */
interface ProjectManifest {
  readonly file: string;
  /** `undefined` where it cannot be read. */
  readonly fields: Manifest | undefined;
}

function projectManifest(cwd: string): ProjectManifest | undefined {
  const file = nearestManifest(cwd);
  return file === undefined ? undefined : { file, fields: readManifest(file) };
}

/** The project's `dependencies`, the default set to measure. */
function projectDependencies(cwd: string, project: ProjectManifest | undefined): string[] {
  if (project?.fields === undefined) {
    const where = project ? `package.json in ${path.dirname(project.file)} cannot be read` : `no package.json in ${cwd} or above it`;
    throw new UsageError(`${where}: name the packages to measure, e.g. lazy-imports cost stripe`);
  }
  const { dependencies } = project.fields;
  const names = dependencies !== null && typeof dependencies === 'object' ? Object.keys(dependencies) : [];
  if (names.length === 0) throw new UsageError(`package.json in ${path.dirname(project.file)} has no dependencies: name the packages to measure`);
  return names;
}

function node(args: readonly string[], cwd: string): { stdout: string; status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, args, { cwd, env: withoutTracing(process.env), encoding: 'utf8' });
  return { stdout: result.stdout, status: result.status, stderr: result.stderr };
}

/**
 * The project's own form: `import` when its package.json (the nearest one at or above `cwd`,
 * which also lists the dependencies measured by default) says `"type": "module"`, `require`
 * otherwise (Node's default, CommonJS).
 */
function projectLoad(cwd: string, project = projectManifest(cwd)): LoadForm {
  return project?.fields?.type === 'module' ? 'import' : 'require';
}

/** The `node` arguments that load `name` (the empty module for '') in one form. */
function loadArgs(name: string, load: LoadForm, empty: string): string[] {
  return load === 'import' ? ['--input-type=module', '-e', IMPORT, name] : ['-e', REQUIRE, name, empty];
}

type Measure = { ms: number; heap: number } | { cannotRequire: string };

function loadOnce(name: string, load: LoadForm, cwd: string, empty: string): Measure {
  const result = node(loadArgs(name, load, empty), cwd);
  if (result.status !== 0) {
    throw new UsageError(`${load === 'import' ? 'importing' : 'requiring'} '${name}' failed: ${errorLine(result.stderr)}`);
  }
  return JSON.parse(result.stdout) as Measure;
}


/**
 * Measures each package: processes that load it alternate with the baseline within each round,
 * so that the machine's noise falls on all alike. Throws a {@link UsageError} for a named
 * package that does not resolve or fails to load; of the project's dependencies (the default),
 * such a package is skipped and passed to `onSkip`.
 */
export async function cost(options: CostOptions = {}): Promise<CostResult> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const named = options.packages !== undefined && options.packages.length > 0;
  const project = projectManifest(cwd);
  let names = named ? [...(options.packages ?? [])] : projectDependencies(cwd, project);
  const runs = options.runs ?? 5;
  const load = options.load ?? projectLoad(cwd, project);
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

  // The baseline of require() loads an empty file: the only kind of module it loads.
  const emptyDir = mkdtempSync(path.join(tmpdir(), 'lazy-imports-cost-'));
  const empty = path.join(emptyDir, 'empty.cjs');
  writeFileSync(empty, '');
  try {
    // The warm-up round also finds the packages that fail to load, or that require() cannot load.
    const forms = new Map<string, LoadForm>();
    for (const name of ['', ...names]) {
      progress(`warming up: ${name || 'baseline'}`);
      try {
        const measured = loadOnce(name, load, cwd, empty);
        forms.set(name, load);
        if ('cannotRequire' in measured) {
          forms.set(name, 'import');
          options.onImportInstead?.(name, measured.cannotRequire);
          loadOnce(name, 'import', cwd, empty);
        }
      } catch (error) {
        if (named || name === '' || !(error instanceof UsageError)) throw error;
        skip(name, error.message);
      }
    }
    // A baseline for each form in use, alternating with the packages like them.
    const baselines = [...new Set(names.map((name) => forms.get(name) ?? load))].filter((form) => form !== load);
    const runsOf: [string, LoadForm][] = [['', load], ...baselines.map((form): [string, LoadForm] => ['', form]), ...names.map((name): [string, LoadForm] => [name, forms.get(name) ?? load])];
    const times = new Map<string, number[]>();
    const heaps = new Map<string, number[]>();
    for (let round = 1; round <= runs; round += 1) {
      for (const [name, form] of runsOf) {
        progress(`run ${round}/${runs}: ${name || 'baseline'}`);
        const measured = loadOnce(name, form, cwd, empty);
        if ('cannotRequire' in measured) throw new UsageError(`requiring '${name}' failed: ${measured.cannotRequire}`);
        const key = `${form}\0${name}`;
        times.set(key, [...(times.get(key) ?? []), measured.ms]);
        heaps.set(key, [...(heaps.get(key) ?? []), measured.heap]);
      }
    }
    const over = (samples: Map<string, number[]>, name: string, form: LoadForm): number =>
      median(samples.get(`${form}\0${name}`) ?? []) - median(samples.get(`${form}\0`) ?? []);

    const packages: PackageCost[] = [];
    for (const name of names) {
      const form = forms.get(name) ?? load;
      progress(`counting modules: ${name}`);
      const traced = await trace({
        command: [process.execPath, ...loadArgs(name, form, empty)],
        cwd,
        heavy: [],
        output: 'ignore',
        env: withoutTracing(process.env),
      });
      // Node runs a CommonJS -e script as a module of its own, `[eval]-wrapper`: not one the package loads.
      const count = (nodes: typeof traced.tree): number =>
        nodes.reduce((sum, node) => sum + (node.file.startsWith('[eval]') ? 0 : 1) + count(node.children), 0);
      packages.push({
        name,
        version: traced.packages.find((traced) => traced.name === packageNameOf(name))?.version ?? null,
        load: form,
        extraMs: Math.round(Math.max(0, over(times, name, form)) * 10) / 10,
        modules: count(traced.tree),
        heapMB: Math.round(Math.max(0, over(heaps, name, form)) / 1e5) / 10,
      });
    }
    packages.sort((a, b) => b.extraMs - a.extraMs || a.name.localeCompare(b.name));
    return { baselineMs: Math.round(median(times.get(`${load}\0`) ?? []) * 10) / 10, load, packages };
  } finally {
    rmSync(emptyDir, { recursive: true, force: true });
  }
}
