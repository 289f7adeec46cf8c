import { execFile } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { allSites, HEAVY, moduleText, runFile, sourceFile, type Project, type Site } from './project.js';

const execFileAsync = promisify(execFile);
const RUNNER = new URL('observe-run.mjs', import.meta.url).pathname;

/** A node of the graph Node's run shows: a project module (its index) or an installed package. */
export type RunNode = number | string;

/** What running the program showed: for each module, what its evaluation loaded directly. */
export interface RunGraph {
  /** Direct loads of each module at start-up, by module index. */
  readonly edges: ReadonlyMap<number, ReadonlySet<RunNode>>;
}

/** An installed package's file as a node: the package, or its `extra` subpath. */
function packageNodeOf(file: string): string | undefined {
  const match = /[\\/]node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)[\\/](.*)$/.exec(file);
  if (!match?.[1]) return undefined;
  return match[2]?.startsWith('extra.') ? `${match[1]}/extra` : match[1];
}

/** The package a node of an installed package belongs to. */
export function packageOf(node: string): string {
  return node.replace(/\/extra$/, '');
}

/**
 * Runs every module of the program written at `runRoot` in Node and returns the loads each
 * module's evaluation performed, read from Node's own resolution of them.
 */
export async function observeRun(project: Project, runRoot: string, log: string): Promise<RunGraph> {
  const files = project.modules.map((_, index) => realpathSync(path.join(runRoot, runFile(project.modules, index))));
  const byFile = new Map(files.map((file, index) => [file, index]));
  await execFileAsync(process.execPath, ['--no-warnings', RUNNER, log, ...files], { cwd: runRoot, timeout: 30_000 });
  const edges = new Map<number, Set<RunNode>>(project.modules.map((_, index) => [index, new Set<RunNode>()]));
  for (const line of readFileSync(log, 'utf8').split('\n')) {
    if (!line) continue;
    const [parent, loaded] = JSON.parse(line) as [string, string];
    const from = byFile.get(realpathSync(parent));
    if (from === undefined) continue;
    const real = realpathSync(loaded);
    const to = byFile.get(real) ?? packageNodeOf(real);
    if (to === undefined) throw new Error(`The run loaded ${real}, which is neither a module of the project nor a package`);
    edges.get(from)?.add(to);
  }
  return { edges };
}

const HEAVY_NAMES: ReadonlySet<string> = new Set(HEAVY);

/**
 * What heavy thing a node of the run is: a heavy package (by name, whichever of its files), the
 * module a path entry names, or nothing.
 */
export function heavyOf(project: Project, node: RunNode): string | undefined {
  if (typeof node === 'number') return node === project.heavyModule ? `./${sourceFile(project.modules, node)}` : undefined;
  const name = packageOf(node);
  return HEAVY_NAMES.has(name) ? name : undefined;
}

/**
 * The shortest chain of start-up loads from `start` to something heavy that does not pass
 * through `avoid` (a chain back through the importing file is that file's own business), or
 * `undefined`; and every heavy thing reached. Breadth-first, so the chain is a shortest one.
 * Installed packages are not followed, and a heavy load ends a chain.
 */
export function heavyReach(
  project: Project,
  graph: RunGraph,
  start: number,
  avoid: number,
): { chain: RunNode[]; heavy: Set<string>; modules: Set<number> } | undefined {
  const previous = new Map<RunNode, RunNode | undefined>([[start, undefined]]);
  const queue: RunNode[] = [start];
  const heavy = new Set<string>();
  const modules = new Set<number>();
  let first: RunNode | undefined;
  while (queue.length > 0) {
    const node = queue.shift() as RunNode;
    const heavyName = node === start ? undefined : heavyOf(project, node);
    if (heavyName !== undefined) {
      heavy.add(heavyName);
      first ??= node;
    }
    if (typeof node === 'string' || heavyName !== undefined) continue;
    modules.add(node);
    for (const next of graph.edges.get(node) ?? []) {
      if (next === avoid || previous.has(next)) continue;
      previous.set(next, node);
      queue.push(next);
    }
  }
  if (first === undefined) return undefined;
  const chain: RunNode[] = [];
  for (let node: RunNode | undefined = first; node !== undefined; node = previous.get(node)) chain.unshift(node);
  return { chain, heavy, modules };
}

/**
 * Every module the entries load at start-up, the entries included, up to heavy loads: what a
 * module the heavy list names loads is that entry's weight, reported where the entry is loaded.
 */
export function startupClosure(project: Project, graph: RunGraph, entries: readonly number[]): Set<number> {
  const seen = new Set<number>(entries);
  const queue = [...entries];
  while (queue.length > 0) {
    const node = queue.shift() as number;
    for (const next of graph.edges.get(node) ?? []) {
      if (typeof next === 'number' && !seen.has(next) && heavyOf(project, next) === undefined) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

/** A finding the run says the rule must give. */
export interface ExpectedFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The module whose load it is, and the module loaded. */
  readonly importer: number;
  readonly target: number;
  /** Heavy packages (and the heavy module) the load's target reaches. */
  readonly heavy: readonly string[];
  /** The modules of the target's start-up closure, without the importer and past no heavy load. */
  readonly closure: readonly number[];
  /** The length of a shortest chain, its files and the heavy load, from the target to something heavy. */
  readonly chainLength: number;
}

/**
 * What `banned-import-chains` must report: every load of a project module that ran at start-up
 * (Node's run performed it) and whose target reaches a heavy package at start-up without passing
 * back through the importer, in files on the start-up path of the entries when there are any.
 */
export function expectedFindings(project: Project, graph: RunGraph): ExpectedFinding[] {
  const checked = project.entries ? startupClosure(project, graph, project.entries) : undefined;
  const sites = project.modules.flatMap((_, index) => moduleText(project, index, false).sites);
  return sites.flatMap((site: Site) => {
    const { target } = site.load;
    // Loads of heavy packages, of the module a path entry names, and of a vendor module from
    // outside its `allowIn` are the direct rule's.
    if (!('module' in target) || target.module === project.heavyModule || target.module === project.vendor) return [];
    if (checked && !checked.has(site.importer)) return [];
    if (!graph.edges.get(site.importer)?.has(target.module)) return [];
    const reach = heavyReach(project, graph, target.module, site.importer);
    if (!reach) return [];
    return [
      {
        file: sourceFile(project.modules, site.importer),
        line: site.line,
        column: site.column,
        importer: site.importer,
        target: target.module,
        heavy: [...reach.heavy].sort(),
        closure: [...reach.modules],
        chainLength: reach.chain.length,
      },
    ];
  });
}

/** A load inside a function that `import-outside-toplevel` must report. */
export interface ExpectedLazyFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

const LAZY_KINDS: ReadonlySet<string> = new Set(['lazyImport', 'lazyRequire']);

/**
 * What `import-outside-toplevel` must report, in agreement with the chain rule: every load
 * inside a function, except of a heavy package, of the module a path entry names, of a vendor
 * module, and of a module whose start-up closure, as run, reaches something heavy.
 */
export function expectedLazyFindings(project: Project, graph: RunGraph): ExpectedLazyFinding[] {
  const sites = project.modules.flatMap((_, index) => moduleText(project, index, false).sites);
  return sites.flatMap((site: Site) => {
    if (!LAZY_KINDS.has(site.load.kind)) return [];
    const { target } = site.load;
    if ('package' in target) {
      if (heavyOf(project, target.subpath ? `${target.package}/extra` : target.package) !== undefined) return [];
    } else if (
      target.module === project.heavyModule ||
      target.module === project.vendor ||
      heavyReach(project, graph, target.module, -1) !== undefined
    ) {
      return [];
    }
    return [{ file: sourceFile(project.modules, site.importer), line: site.line, column: site.column }];
  });
}

/**
 * Every node the run of `entry` loads at start-up, the entry included: files of the project
 * (heavy ones too, and what they load) and packages.
 */
function everythingAtStartup(graph: RunGraph, entry: number): Set<RunNode> {
  const seen = new Set<RunNode>([entry]);
  const queue: RunNode[] = [entry];
  for (let head = 0; head < queue.length; head += 1) {
    const node = queue[head] as RunNode;
    if (typeof node === 'string') continue;
    for (const next of graph.edges.get(node) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

/** A lazy load `no-ineffective-lazy-imports` must report. */
export interface ExpectedIneffectiveFinding extends ExpectedLazyFinding {
  readonly importer: number;
  /** What the load loads, as a node of the run. */
  readonly loads: RunNode;
  /** Heavy things behind the loaded module that the run loaded at start-up; empty when the module itself did. */
  readonly heavyAtStartup: readonly string[];
  /** What the entries that judge the load loaded at start-up, each by entry. */
  readonly startup: ReadonlyMap<number, ReadonlySet<RunNode>>;
}

/**
 * The entry points of a module's program: the `entries` option, else those of its package.json:
 * the workspace package exports each of its modules, the root package names none.
 */
function entriesOf(project: Project, module: number): readonly number[] {
  if (project.entries) return project.entries;
  if (project.modules[module]?.location !== 'lib') return [];
  return project.modules.flatMap((candidate, index) => (candidate.location === 'lib' ? [index] : []));
}

/**
 * What `no-ineffective-lazy-imports` must report: every load inside a function of a module that
 * the run of an entry loaded at start-up, or of a project module behind which a heavy thing the
 * run of an entry loaded at start-up lies. A module on the start-up path of some entries is
 * judged by those entries alone; any other by all of them.
 */
export function expectedIneffectiveFindings(project: Project, graph: RunGraph): ExpectedIneffectiveFinding[] {
  const closureOf = new Map<number, Set<RunNode>>();
  return allSites(project).flatMap((site: Site) => {
    if (!LAZY_KINDS.has(site.load.kind)) return [];
    const closures = new Map(
      entriesOf(project, site.importer).map((entry) => {
        const closure = closureOf.get(entry) ?? everythingAtStartup(graph, entry);
        closureOf.set(entry, closure);
        return [entry, closure] as const;
      }),
    );
    const containing = [...closures].filter(([, closure]) => closure.has(site.importer));
    const judged = new Map(containing.length > 0 ? containing : closures);
    const { target } = site.load;
    const loads: RunNode = 'module' in target ? target.module : target.subpath ? `${target.package}/extra` : target.package;
    let heavyAtStartup: string[] = [];
    if (![...judged.values()].some((closure) => closure.has(loads))) {
      if (typeof loads === 'string') return [];
      const behind = heavyReach(project, graph, loads, -1)?.heavy ?? new Set<string>();
      const startupHeavy = new Set([...judged.values()].flatMap((closure) => [...closure].map((node) => heavyOf(project, node))));
      heavyAtStartup = [...behind].filter((name) => startupHeavy.has(name)).sort();
      if (heavyAtStartup.length === 0) return [];
    }
    return [
      {
        file: sourceFile(project.modules, site.importer),
        line: site.line,
        column: site.column,
        importer: site.importer,
        loads,
        heavyAtStartup,
        startup: judged,
      },
    ];
  });
}
