// `trace()`: runs a command with the preload in NODE_OPTIONS, so every `node` process it starts
// records the modules it evaluates, and joins the records into packages, a tree and the heavy
// loads. Also the `eslint-plugin-lazy-imports/trace` entry point.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { HeavyEntry } from '../analysis/settings.js';
import { CHAINS_COUNTED, CHAINS_KEPT, ImporterGraph } from './chains.js';
import { heavyCheck, heavyFromEslint, parseHeavyOption, withoutTracing, type HeavyCheck } from './heavy.js';
import { PackageLookup, type PackageInfo } from './packages.js';
import { TRACE_DIR_VARIABLE, type ProcessRecord } from './record.js';
import { remeasureLoading } from './remeasure.js';
import type { ChainSet, HeavyLoaded, Phase, TracedPackage, TraceNode, TraceResult } from './trace-model.js';
import { UsageError } from './usage-error.js';

export type { Count } from './counts.js';
export type { ChainSet, HeavyLoaded, ImporterChain, Phase, TracedPackage, TraceNode, TraceResult } from './trace-model.js';
export type { HeavyEntry } from '../analysis/settings.js';
export { UsageError } from './usage-error.js';

/** What to trace and how. */
export interface TraceOptions {
  /** The command and its arguments, e.g. `['node', 'dist/cli.js', '--help']`. */
  readonly command: readonly string[];
  /** Working directory of the command; paths in the result are relative to it. Default: `process.cwd()`. */
  readonly cwd?: string;
  /** The heavy list; by default read from the project's ESLint config for the command's entry file. */
  readonly heavy?: string | readonly (string | HeavyEntry)[];
  /** Environment of the command. Default: `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
  /** Where the command's stdout and stderr go: this process's stderr (default), or nowhere. */
  readonly output?: 'stderr' | 'ignore';
  /** Whether the command reads this process's stdin. Default: no. */
  readonly stdin?: 'inherit' | 'ignore';
}

/** A trace with where its heavy list came from. */
export interface Trace extends TraceResult {
  /** The heavy list the trace was checked against. */
  readonly heavy: readonly HeavyEntry[];
  /** `--heavy`, the file whose ESLint config gave the list, or why there is none. */
  readonly heavySource: string;
  /**
   * Every distinct importer chain that loaded a package (by name) or a file (a path, relative
   * to the working directory or absolute), at most `limit` of them, counted up to 1,000;
   * `undefined` when it did not load. `only` keeps the chains all of whose loads ran at start-up,
   * or those of one process (its index in `tree`).
   */
  chainsTo(target: string, limit: number, only?: ChainFilter): ChainSet | undefined;
}

/** Which chains {@link Trace.chainsTo} keeps. */
export interface ChainFilter {
  /** Only chains all of whose loads ran at start-up. */
  readonly startUp?: boolean;
  /** Only the chains of one process: its index in `tree`. */
  readonly process?: number;
}

const PRELOAD = new URL('./preload.js', import.meta.url);

/**
 * Runs `options.command` to its end and reports every package its `node` processes loaded:
 * times, phase, first importer chain, the heavy ones. Throws a {@link UsageError} when the
 * command cannot start.
 */
export async function trace(options: TraceOptions): Promise<Trace> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const [program, ...args] = options.command;
  if (program === undefined || program === '') throw new UsageError('no command to trace: give one after --, e.g. -- node dist/cli.js');
  const heavy =
    options.heavy === undefined
      ? await heavyFromEslint(options.command, cwd)
      : { entries: parseHeavyOption(options.heavy), source: '--heavy' };

  const script = nodeScript(program, args);
  if (script !== undefined && !isModuleFile(path.resolve(cwd, script))) {
    throw new UsageError(`\`${options.command.join(' ')}\` could not start: no file ${script} in ${cwd}`);
  }

  const dir = mkdtempSync(path.join(tmpdir(), 'lazy-imports-trace-'));
  try {
    const env = { ...(options.env ?? process.env) };
    env.NODE_OPTIONS = [env.NODE_OPTIONS, `--import=${PRELOAD.href}`].filter(Boolean).join(' ');
    env[TRACE_DIR_VARIABLE] = dir;
    const started = performance.now();
    const { exitCode, pid } = await run(program, args, cwd, env, options);
    const wallMs = performance.now() - started;
    const records = readRecords(dir);
    // `node missing.js` runs, but its entry never evaluates: the command could not start.
    const main = records.find((record) => record.pid === pid);
    if (exitCode !== 0 && main?.argv[1] !== undefined && records.every((record) => record.modules.length === 0)) {
      throw new UsageError(`\`${options.command.join(' ')}\` could not start (exit status ${String(exitCode)})`);
    }
    const packages = new ProjectPackages(cwd);
    // The command's own process first, then in the order they started.
    const ordered = [...records].sort((a, b) => Number(b.pid === pid) - Number(a.pid === pid) || a.timeOrigin - b.timeOrigin);
    const priced = await remeasureLoading(ordered, { packageOf: (file) => packages.nameOf(file), env: withoutTracing(options.env ?? process.env) });
    const result = summarize(priced, packages, cwd, heavyCheck(heavy.entries, cwd, heavy.eager));
    return { command: [...options.command], exitCode, wallMs, ...result, heavy: heavy.entries, heavySource: heavy.source };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Node options that take the next argument as their value. */
const VALUE_OPTIONS = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader', '-C', '--conditions', '--input-type', '--env-file', '--title', '--stack-size']);

/** The script a `node` command runs, if the command is one and names a script. */
function nodeScript(program: string, args: readonly string[]): string | undefined {
  if (!/^node(\.exe)?$/.test(path.basename(program)) && program !== process.execPath) return undefined;
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] as string;
    if (arg === '--') return args[index + 1];
    if (['-e', '--eval', '-p', '--print', '-i', '--interactive', '--test', '--run'].includes(arg)) return undefined;
    if (!arg.startsWith('-') || arg === '-') return arg === '-' ? undefined : arg;
    if (VALUE_OPTIONS.has(arg)) index += 1;
  }
  return undefined;
}

/** Whether Node can start from `file`: the file itself, or with what CommonJS adds (an extension, an index). */
function isModuleFile(file: string): boolean {
  const candidates = [file, `${file}.js`, `${file}.mjs`, `${file}.cjs`, `${file}.json`, path.join(file, 'index.js'), path.join(file, 'package.json')];
  return candidates.some((candidate) => statSync(candidate, { throwIfNoEntry: false })?.isFile() === true);
}

function run(
  program: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  options: TraceOptions,
): Promise<{ exitCode: number | null; pid: number | undefined }> {
  return new Promise((resolve, reject) => {
    const output = options.output ?? 'stderr';
    const child = spawn(program, args, {
      cwd,
      env,
      stdio: [options.stdin ?? 'ignore', output === 'ignore' ? 'ignore' : 'pipe', output === 'ignore' ? 'ignore' : 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(new UsageError(`\`${[program, ...args].join(' ')}\` could not start: ${error.code ?? error.message}`));
    });
    // A signal ends the command without a status: `exitCode` is then null.
    child.on('close', (code) => resolve({ exitCode: code, pid: child.pid }));
  });
}

function readRecords(dir: string): ProcessRecord[] {
  const records: ProcessRecord[] = [];
  for (const name of readdirSync(dir)) {
    try {
      records.push(JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as ProcessRecord);
    } catch {
      // A process killed while writing leaves half a record: it is left out.
    }
  }
  return records;
}

interface MutableNode {
  file: string;
  package: string;
  info: PackageInfo | null;
  /** A file of the project in the working directory (or of no package): named by its path in chains. */
  own: boolean;
  selfMs: number;
  evalMs: number;
  totalMs: number;
  phase: Phase;
  heavy: HeavyEntry | undefined;
  chain: string[];
  children: MutableNode[];
  parent: MutableNode | undefined;
  /** Index of its process: the command's own first, then in the order they started. */
  process: number;
}

/** The package of each loaded file, and which files are the project's own (in the working directory's package, or in none). */
class ProjectPackages {
  readonly #lookup = new PackageLookup();
  readonly #project: PackageInfo | null;

  constructor(cwd: string) {
    this.#project = this.#lookup.of(path.join(cwd, 'package.json'));
  }

  /** The package of `file`, or `null` for none. */
  of(file: string): PackageInfo | null {
    return this.#lookup.of(file);
  }

  isOwn(info: PackageInfo | null): boolean {
    return info === null || (this.#project !== null && info.dir === this.#project.dir);
  }

  /** The name of the package of `file`, or `undefined` for a file of the project. */
  nameOf(file: string): string | undefined {
    const info = this.#lookup.of(file);
    return this.isOwn(info) ? undefined : info?.name;
  }
}

/** The records of every process (the command's own first), joined into packages, the tree and the heavy loads. */
function summarize(
  records: readonly ProcessRecord[],
  lookup: ProjectPackages,
  cwd: string,
  heavy: HeavyCheck,
): Pick<TraceResult, 'packages' | 'heavyLoaded' | 'tree'> & Pick<Trace, 'chainsTo'> {
  // A package's name, or a project file's path: how a file appears in a chain.
  const packageOf = (file: string): string | undefined => lookup.nameOf(file);
  // In the tree's order, so that a process has one index in both.
  const importers = new ImporterGraph(records, (file) => packageOf(file) ?? path.relative(cwd, file));
  const ofPackage = (name: string) => (file: string) => packageOf(file) === name;
  // Every chain shown of a package or file comes from here: the table's, `--check`'s and the
  // snapshot's are the shortest of those `--why` lists (of their phase).
  const shortestChain = (isTarget: (file: string) => boolean, phase: Phase, found?: ChainSet): readonly string[] | undefined =>
    (found ?? importers.chains(isTarget, { limit: 1, startUp: phase === 'start-up' })).chains.find(
      (chain) => phase === 'later' || chain.phase === 'start-up',
    )?.chain;
  const roots: MutableNode[] = [];
  const all: MutableNode[] = [];
  records.forEach((record, processIndex) => {
    const nodes: MutableNode[] = [];
    for (const module of record.modules) {
      const info = lookup.of(module.file);
      const own = lookup.isOwn(info);
      const relative = path.relative(cwd, module.file);
      const node: MutableNode = {
        file: relative,
        package: own ? (info?.name ?? '.') : (info?.name ?? relative),
        info,
        own,
        selfMs: module.selfMs,
        evalMs: module.evalMs,
        totalMs: 0,
        phase: module.later ? 'later' : 'start-up',
        heavy: own ? heavy.forFile(module.file) : heavy.forPackage(info?.name ?? ''),
        chain: [],
        children: [],
        parent: undefined,
        process: processIndex,
      };
      // A module loaded from nowhere known (not the entry) hangs under the entry.
      const parent = module.parent >= 0 ? nodes[module.parent] : nodes[0];
      node.parent = parent;
      parent?.children.push(node);
      if (!parent) roots.push(node);
      nodes.push(node);
      all.push(node);
    }
  });
  for (const node of [...all].reverse()) {
    node.totalMs = node.selfMs + node.children.reduce((sum, child) => sum + child.totalMs, 0);
  }
  for (const node of all) {
    const label = node.own ? node.file : node.package;
    const above = node.parent?.chain ?? [];
    node.chain = above.at(-1) === label ? above : [...above, label];
  }

  const packages = new Map<string, { name: string; version: string | null; files: Set<string>; selfMs: number; evalMs: number; totalMs: number; phase: Phase; processes: Set<number>; chain: string[] }>();
  const visit = (node: MutableNode, open: ReadonlySet<string>): void => {
    let inside = open;
    if (!node.own) {
      let entry = packages.get(node.package);
      if (!entry) {
        entry = { name: node.package, version: node.info?.version ?? null, files: new Set(), selfMs: 0, evalMs: 0, totalMs: 0, phase: node.phase, processes: new Set(), chain: node.chain };
        packages.set(node.package, entry);
      }
      entry.files.add(node.file);
      entry.selfMs += node.selfMs;
      entry.evalMs += node.evalMs;
      entry.processes.add(node.process);
      if (node.phase === 'start-up') entry.phase = 'start-up';
      // What a package loads counts once in its total, however often it re-enters itself.
      if (!open.has(node.package)) {
        entry.totalMs += node.totalMs;
        inside = new Set([...open, node.package]);
      }
    }
    for (const child of node.children) visit(child, inside);
  };
  for (const root of roots) visit(root, new Set());

  const round = (ms: number): number => Math.round(ms * 100) / 100;
  const traced = new Map(
    [...packages.values()].map((entry): [string, TracedPackage] => {
      const found = importers.chains(ofPackage(entry.name), { limit: CHAINS_KEPT, countUpTo: CHAINS_COUNTED });
      // The tree's chain only where the search ran out of its bound before it found one.
      const chain = shortestChain(ofPackage(entry.name), entry.phase, found) ?? shortestChain(ofPackage(entry.name), entry.phase) ?? entry.chain;
      return [
        entry.name,
        {
          name: entry.name,
          version: entry.version,
          modules: entry.files.size,
          selfMs: round(entry.selfMs),
          totalMs: round(entry.totalMs),
          evalMs: round(entry.evalMs),
          phase: entry.phase,
          processes: entry.processes.size,
          chain,
          chains: found.chains,
          chainCount: { total: found.total, complete: found.complete },
        },
      ];
    }),
  );

  const heavyLoaded = new Map<string, HeavyLoaded>();
  for (const node of all) {
    if (!node.heavy) continue;
    const name = node.own ? node.file : node.package;
    const key = `${node.heavy.name}\0${name}`;
    const known = heavyLoaded.get(key);
    if (!known || (known.phase === 'later' && node.phase === 'start-up')) {
      // A package's phase is its earliest, as here: its chain is the package's.
      const file = path.resolve(cwd, node.file);
      const chain = node.own ? shortestChain((other) => other === file, node.phase) : traced.get(node.package)?.chain;
      heavyLoaded.set(key, { entry: node.heavy.name, package: name, phase: node.phase, chain: chain ?? node.chain });
    }
  }

  const toTree = (node: MutableNode): TraceNode => ({
    file: node.file,
    package: node.package,
    selfMs: round(node.selfMs),
    totalMs: round(node.totalMs),
    phase: node.phase,
    heavy: node.heavy !== undefined,
    chain: node.chain,
    children: node.children.map(toTree),
  });
  return {
    packages: [...traced.values()].sort((a, b) => b.totalMs - a.totalMs || a.name.localeCompare(b.name)),
    heavyLoaded: [...heavyLoaded.values()],
    tree: roots.map(toTree),
    chainsTo(target, limit, only = {}) {
      const query = { limit, countUpTo: CHAINS_COUNTED, ...only };
      if (packages.has(target)) return importers.chains(ofPackage(target), query);
      const file = path.resolve(cwd, target);
      return importers.loaded(file) ? importers.chains((other) => other === file, query) : undefined;
    },
  };
}
