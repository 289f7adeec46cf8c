// Where a traced process's loader hooks ran on a thread of their own (`module.register`, Node 20),
// every module it loaded cost its main thread a round trip to that thread, and a package of
// hundreds of small ES modules shows up to twice what it costs untraced. For such a process, the
// packages it loaded are loaded again after the command, in a fresh untraced process of the same
// Node, loading options and folder: each package's entry files in the order the traced process evaluated
// them (so what a package loads is loaded before it), each timed around its `import()` or
// `require()` (as the traced process loaded it), as `cost` times a package. A package's ES
// loading is then set so that its own time is what loading it took there: the evaluation and
// `require()` times the trace measured stay as they are.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { median } from './median.js';
import type { ModuleRecord, ProcessRecord } from './record.js';

/** What {@link remeasureLoading} needs besides the records. */
export interface RemeasureOptions {
  /** The package a module file belongs to, or `undefined` for a file of the project (never loaded again: that would run the program). */
  readonly packageOf: (file: string) => string | undefined;
  /** Environment of the measuring processes: the command's, without tracing. */
  readonly env: NodeJS.ProcessEnv;
}

/** Measuring processes for each traced process; each file's median is taken. */
const RUNS = 3;

/** How many distinct processes are measured again; the others keep their traced loading. */
const PROCESSES_REMEASURED = 4;

/** A measuring process that takes longer than this is stopped, and its process keeps its traced loading. */
const TIMEOUT_MS = 60_000;

// Run with `--input-type=module -e`: loads each file of the list (a JSON file, the first
// argument: [file, imported] pairs) in turn, with `import()` or `require()` as the traced process
// did (importing CommonJS also scans its exports, and what it re-exports), and writes how long
// each took (null when it threw) to the second. An empty module first, so that what the first
// import() of a process sets up is no file's.
const MEASURE = `
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
const [list, out] = process.argv.slice(1);
const times = [];
await import('data:text/javascript,');
for (const [file, imported] of JSON.parse(readFileSync(list, 'utf8'))) {
  const started = performance.now();
  try {
    if (imported) await import(pathToFileURL(file).href);
    else createRequire(file)(file);
    times.push(performance.now() - started);
  } catch {
    times.push(null);
  }
}
writeFileSync(out, JSON.stringify(times));
process.exit(0);
`;

/** What the trace measured of a package's modules in one process. */
interface TracedPackage {
  /** Their ES loading shares (`loadMs`). */
  loadMs: number;
  /** The rest of their own times: evaluation, and what their `require()`s took. */
  otherMs: number;
  /** How many of them an ES import loaded. */
  imported: number;
}

/** A file a package was entered through. */
interface PackageEntry {
  readonly file: string;
  /** Whether an import loaded it in the traced process (else a `require()`). */
  readonly imported: boolean;
  readonly name: string;
}

/** What a process's packages are loaded through, and what the trace measured of them. */
interface Plan {
  /** Files to load, in the order the traced process evaluated them. */
  readonly entries: readonly PackageEntry[];
  /** The package of each module (by index), `undefined` for what is never loaded again. */
  readonly names: readonly (string | undefined)[];
  /** Of each package, the ES loading share of its modules' own times (`loadMs`), and the rest. */
  readonly traced: ReadonlyMap<string, TracedPackage>;
}

/**
 * The records with the ES loading of each package measured again where the hooks ran off the
 * main thread. Records are taken in the order given (the command's own first); after the first
 * {@link PROCESSES_REMEASURED} distinct ones, and where a measuring process fails, the traced
 * loading stays.
 */
export async function remeasureLoading(records: readonly ProcessRecord[], options: RemeasureOptions): Promise<ProcessRecord[]> {
  const measured = new Map<string, ReadonlyMap<string, number> | undefined>();
  const result: ProcessRecord[] = [];
  for (const record of records) {
    const plan = record.loadsOffThread ? planOf(record, options.packageOf) : undefined;
    if (plan === undefined) {
      result.push(record);
      continue;
    }
    const key = JSON.stringify([record.execPath, record.execArgv, record.cwd, plan.entries]);
    if (!measured.has(key) && measured.size < PROCESSES_REMEASURED) measured.set(key, await measure(record, plan, options.env));
    const prices = measured.get(key);
    result.push(prices === undefined ? record : withMeasuredLoading(record, plan, prices));
  }
  return result;
}

/**
 * The files a record's packages were entered through, or `undefined` when no ES import loaded any
 * package (nothing to correct). The process's own script is never one, even inside a package
 * (`npx tool`, a bin in node_modules): loading it again would run the command again.
 */
function planOf(record: ProcessRecord, packageOf: (file: string) => string | undefined): Plan | undefined {
  const entries: PackageEntry[] = [];
  const traced = new Map<string, TracedPackage>();
  const script = record.argv[1] === undefined ? undefined : realFile(path.resolve(record.cwd, record.argv[1]));
  const names = record.modules.map((module) => (module.file === script ? undefined : packageOf(module.file)));
  const seen = new Set<string>();
  for (const index of loadedFirst(record.modules)) {
    const module = record.modules[index] as ModuleRecord;
    const name = names[index];
    if (name === undefined) continue;
    const sums = traced.get(name) ?? { loadMs: 0, otherMs: 0, imported: 0 };
    sums.loadMs += module.loadMs;
    sums.otherMs += module.selfMs - module.loadMs;
    if (module.imported) sums.imported += 1;
    traced.set(name, sums);
    // An entry of its package: loaded from outside it, or the process's entry.
    const loader = module.parent >= 0 ? names[module.parent] : undefined;
    if ((module.parent < 0 || loader !== name) && !seen.has(module.file)) {
      seen.add(module.file);
      entries.push({ file: module.file, imported: module.imported, name });
    }
  }
  return [...traced.values()].some((sums) => sums.imported > 0) ? { entries, names, traced } : undefined;
}

/** The real path of a file, or the path itself where it cannot be read. */
function realFile(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

/**
 * Indexes of the modules with each module after every module it loaded (records list a module
 * before what it loads, in the order their evaluation started).
 */
function loadedFirst(modules: readonly ModuleRecord[]): number[] {
  const children = modules.map((): number[] => []);
  const roots: number[] = [];
  modules.forEach((module, index) => {
    if (module.parent >= 0 && module.parent < index) children[module.parent]?.push(index);
    else roots.push(index);
  });
  const order: number[] = [];
  // Depth first, without recursion: an import tree can be thousands of modules deep.
  const stack = roots.reverse().map((index) => ({ index, next: 0 }));
  while (stack.length > 0) {
    const top = stack.at(-1) as { index: number; next: number };
    const child = children[top.index]?.[top.next];
    if (child === undefined) {
      order.push(top.index);
      stack.pop();
    } else {
      top.next += 1;
      stack.push({ index: child, next: 0 });
    }
  }
  return order;
}

/** Milliseconds that loading each package took in untraced processes (median of the runs), or `undefined` when they failed. */
async function measure(record: ProcessRecord, plan: Plan, env: NodeJS.ProcessEnv): Promise<ReadonlyMap<string, number> | undefined> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lazy-imports-remeasure-'));
  try {
    const list = path.join(dir, 'files.json');
    writeFileSync(list, JSON.stringify(plan.entries.map(({ file, imported }) => [file, imported])));
    const runs: (number | null)[][] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const out = path.join(dir, `run-${String(run)}.json`);
      if (!(await runMeasure(record, [list, out], env))) return undefined;
      runs.push(JSON.parse(readFileSync(out, 'utf8')) as (number | null)[]);
    }
    const prices = new Map<string, number>();
    const failed = new Set<string>();
    plan.entries.forEach(({ name }, index) => {
      const times = runs.map((times) => times[index]);
      if (times.some((ms) => typeof ms !== 'number')) failed.add(name);
      else prices.set(name, (prices.get(name) ?? 0) + median(times as number[]));
    });
    for (const name of failed) prices.delete(name);
    return prices;
  } catch {
    // A measuring process that wrote no result, or half of one: the traced loading stays.
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Node options that change how modules load or what they find. */
const LOADING_OPTIONS = /^(?:-r|-C|--require|--import|--loader|--experimental-[\w-]+|--no-experimental-[\w-]+|--conditions|--preserve-symlinks(?:-main)?|--enable-source-maps|--env-file(?:-if-exists)?|--no-addons|--no-deprecation|--no-warnings|--disable-warning|--stack-size|--max-old-space-size|--max-semi-space-size|--harmony[\w-]*|--expose-gc|--frozen-intrinsics|--disable-proto)$/;

/**
 * The traced process's options that a measuring process takes too: those that change how modules
 * load (conditions, preloads, loaders, experimental features, memory). Not what the process ran
 * (`-e`, `--test`), nor what would keep or make anything else (`--inspect-brk`, `--watch`,
 * `--cpu-prof`, reports). An option's value may follow it as an argument of its own: `execArgv`
 * holds no script, so an argument that is no option is the value of the one before it.
 */
function loadingOptions(execArgv: readonly string[]): string[] {
  const kept: string[] = [];
  let keeping = false;
  for (const arg of execArgv) {
    if (arg.startsWith('-')) keeping = LOADING_OPTIONS.test(arg.split('=', 1)[0] as string);
    if (keeping) kept.push(arg);
  }
  return kept;
}

/** Runs one measuring process; whether it ended well in time. */
function runMeasure(record: ProcessRecord, args: readonly string[], env: NodeJS.ProcessEnv): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(record.execPath, [...loadingOptions(record.execArgv), '--input-type=module', '-e', MEASURE, ...args], {
      cwd: record.cwd,
      env,
      stdio: 'ignore',
      timeout: TIMEOUT_MS,
    });
    child.on('error', () => resolve(false));
    child.on('close', (code) => resolve(code === 0));
  });
}

/**
 * The record with each measured package's loading set to what loading the package took, less
 * what the trace measured of it besides loading (its evaluation, its `require()`s). Off the main
 * thread the loader's marks are not only too long: main-thread work that takes long (a big
 * CommonJS file's scan for its exports) can fall between the marks of other files, so a package's
 * traced loading may be off either way. It only says how the package's loading splits among its
 * modules (evenly among those an import loaded, where it shows none).
 */
function withMeasuredLoading(record: ProcessRecord, plan: Plan, prices: ReadonlyMap<string, number>): ProcessRecord {
  const loading = new Map<string, number>();
  for (const [name, ms] of prices) {
    const traced = plan.traced.get(name);
    // A package that only require() loaded has no ES loading: the trace timed it whole.
    if (traced !== undefined && traced.imported > 0) loading.set(name, Math.max(0, ms - traced.otherMs));
  }
  const modules = record.modules.map((module, index): ModuleRecord => {
    const name = plan.names[index];
    const total = name === undefined ? undefined : loading.get(name);
    const traced = name === undefined ? undefined : plan.traced.get(name);
    if (total === undefined || traced === undefined) return module;
    const share = traced.loadMs > 0 ? module.loadMs / traced.loadMs : module.imported ? 1 / traced.imported : 0;
    const loadMs = total * share;
    return { ...module, selfMs: module.selfMs - module.loadMs + loadMs, loadMs };
  });
  return { ...record, modules };
}
