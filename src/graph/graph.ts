import { performance } from 'node:perf_hooks';
import { importSemanticsFor } from '../analysis/compile-semantics.js';
import type { HeavyMatcher } from '../analysis/heavy-matcher.js';
import type { LoadKind, ModuleLoad } from '../analysis/module-loads.js';
import { isPathSpecifier, packageNameOf, withoutNodePrefix } from '../analysis/resolve.js';
import { EDIT_CHECK_MS, fileStamp } from '../analysis/file-stamp.js';
import { clearResolverCaches, rememberResolution, resolveLoad, resolverConfigGeneration } from '../analysis/resolver.js';
import { PeerReadings } from './peer-readings.js';
import { readProjectFile, targetsOf, type ProjectFile } from './project-file.js';
import { scanFile, scanText, type EagerLoad, type FileReading, type ScanOptions } from './scanner.js';

/**
 * An eager edge of the graph: to a heavy module (ends a chain), or to a file of the project.
 * A heavy edge keeps the specifier as imported (what a message shows), the package or file it
 * names (what counts as one heavy module), and, for a path entry, the file of the project.
 */
type HeavyEdge = { readonly heavy: string; readonly key: string; readonly target: string | undefined };
type Edge = HeavyEdge | { readonly file: string };

interface FileNode {
  readonly edges: readonly Edge[];
  /** Every eager load, heavy or not, and the file of the project each resolves to: what start-up closures follow. */
  readonly eager: readonly EagerLoad[];
  readonly targets: readonly (string | undefined)[];
  /** What the file looked like on disk when it was read, to notice an edit. */
  readonly stamp: string;
  /** The loads the edges were made from, to notice a lint that changed nothing. */
  readonly signature: string;
  /** The reading of the file from disk the edges were made from, when they were. */
  readonly reading?: FileReading;
  /** The loads of the functions the file calls while it evaluates, where the reading found them. */
  readonly start?: readonly EagerLoad[];
}

/** Where a file's shortest chain to heavy goes, and what its closure reaches. */
interface Reach {
  readonly component: number;
  /** Edges from the file to the nearest heavy load; `Infinity` when its closure reaches none. */
  readonly distance: number;
  /** The first edge of that shortest chain. */
  readonly next: Edge | undefined;
  /** Every heavy module its eager closure loads. */
  readonly heavy: ReadonlySet<string>;
}

/** A heavy module reached from a load, through files of the project. */
export interface ChainFinding {
  /** The heavy module as the last file of the chain imports it (a path entry: the file). */
  readonly heavy: string;
  /** The files of the shortest chain, from the load's target to the file that loads `heavy`. */
  readonly files: readonly string[];
  /** How many other heavy modules the closure reaches. */
  readonly moreHeavy: number;
  /** Modules in the largest import cycle the chain runs through, or 0 when it runs through none. */
  readonly cycle: number;
}

/**
 * While lints follow each other without a pause (a command-line run, which no edit overtakes),
 * checking for edits takes at most one part in this many of the time between checks. After a
 * pause of `EDIT_CHECK_MS` (an editor waiting for its user), the next lint checks.
 */
const CHECK_SHARE = 500;

/** How the graph reads an entry file: with what its start function loads. */
const ENTRY_SCAN: ScanOptions = { startFunctions: true };

function signatureOf(loads: readonly EagerLoad[]): string {
  return loads.map((load) => `${load.kind} ${load.specifier}`).join('\n');
}

/**
 * The eager import graph of a project, for one heavy list: built as files are linted or
 * reached, shared by every file of the run, and kept correct as files change.
 */
export class ProjectGraph {
  private readonly nodes = new Map<string, FileNode>();
  /** Files of the project that a path entry makes heavy: a chain must not come back to one through its importer. */
  private readonly heavyFiles = new Set<string>();
  private reach = new Map<string, Reach>();
  private componentSizes: number[] = [];
  private readonly startup = new Map<string, ReadonlySet<string>>();
  /** What each entry file runs through its start function, by its node: a new reading of the file finds it again. */
  private readonly startLoads = new WeakMap<FileNode, StartupLoads>();
  private lastCheck = Date.now();
  /** When a lint last asked for a check: a longer pause than `EDIT_CHECK_MS` makes the next one check. */
  private lastAsked = Date.now();
  private revalidateEvery = EDIT_CHECK_MS;
  private configGeneration = resolverConfigGeneration();
  /**
   * The other threads of the run that build the same graph (ESLint's `--concurrency`), which
   * share what they read: joined on the first read, left on the first edit.
   */
  private peers: PeerReadings | undefined;
  private peersJoined = false;

  /**
   * @param matcher the heavy list
   * @param verbatimModuleSyntax the setting that overrides each tsconfig's import semantics
   */
  constructor(
    private readonly matcher: HeavyMatcher,
    private readonly verbatimModuleSyntax: boolean | undefined,
  ) {}

  /**
   * Edges of a file's eager loads: heavy where the specifier matches an entry, else to a
   * project file. `targets` holds what each load resolves to.
   */
  private edgesOf(file: string, loads: readonly EagerLoad[], targets: readonly (string | undefined)[]): Edge[] {
    const edges: Edge[] = [];
    for (let index = 0; index < loads.length; index += 1) {
      const load = loads[index] as EagerLoad;
      const match = this.matcher.match(load.specifier, file, true);
      if (match && !match.carrier) {
        // A path entry names files of the project, however the specifier reaches them (relative, alias, `#imports`).
        const target = isPathSpecifier(match.entry.name) ? targets[index] : undefined;
        if (target) this.heavyFiles.add(target);
        edges.push({ heavy: load.specifier, key: target ?? packageNameOf(load.specifier), target });
        continue;
      }
      const target = targets[index];
      if (target) edges.push({ file: target });
    }
    return edges;
  }

  private peersOf(): PeerReadings | undefined {
    if (!this.peersJoined) {
      this.peersJoined = true;
      this.peers = PeerReadings.join(this.verbatimModuleSyntax);
    }
    return this.peers;
  }

  /** The node of a file, read on first use (`options`: what else to find then, {@link ScanOptions}). */
  private nodeOf(file: string, options?: ScanOptions): FileNode {
    const known = this.nodes.get(file);
    if (known) return known;
    const peers = this.peersOf();
    const made = peers?.take(file);
    if (made) return this.adopt(made);
    const project = readProjectFile(file, this.verbatimModuleSyntax, options);
    const node = this.keep(project);
    peers?.readHere(project);
    return node;
  }

  /** Keeps a file as another thread read it, with what its loads resolve to. */
  private adopt(sent: ProjectFile): FileNode {
    sent.eager.forEach((load, index) => {
      rememberResolution(sent.file, load.specifier, load.kind, sent.targets[index]);
    });
    return this.keep(sent);
  }

  /** Keeps a file as read, here or by another thread. */
  private keep({ file, stamp, eager, targets, reading, start }: ProjectFile): FileNode {
    const node: FileNode = {
      edges: this.edgesOf(file, eager, targets),
      eager,
      targets,
      stamp,
      signature: signatureOf(eager),
      ...(reading && { reading }),
      ...(start && { start }),
    };
    this.nodes.set(file, node);
    return node;
  }

  private forgetDerived(): void {
    this.reach = new Map();
    this.componentSizes = [];
    this.startup.clear();
    this.closures.clear();
    this.cutSets.clear();
  }

  /**
   * The loads of the file being linted that the build keeps, as the graph's reading of the
   * file from disk found them (this thread's, or one another thread has sent), when ESLint
   * lints the same text and finds the same loads (by where they start): the file is then not
   * analysed a second time. `undefined` otherwise.
   */
  keptLoadsFromReading(file: string, text: string, loads: readonly ModuleLoad[]): ModuleLoad[] | undefined {
    // Under `--concurrency`, another thread may have read the file already.
    const sent = this.nodes.has(file) ? undefined : this.peersOf()?.sentAlready(file);
    if (sent) this.adopt(sent);
    const reading = this.nodes.get(file)?.reading;
    if (reading?.text !== text || reading.found.size !== loads.length) return undefined;
    if (!loads.every((load) => reading.found.has(load.node.range[0]))) return undefined;
    return loads.filter((load) => reading.kept.has(load.node.range[0]));
  }

  /** The graph's reading of a file from disk, while the file is as it was when read (looked at now); else `undefined`. */
  currentReadingOf(file: string): FileReading | undefined {
    const node = this.nodes.get(file);
    return node?.reading && fileStamp(file) === node.stamp ? node.reading : undefined;
  }

  /**
   * Feeds the eager loads of the file being linted (from its own AST, as ESLint parsed it).
   * Loads that differ from what the graph knew of the file change every answer after.
   */
  feed(file: string, loads: readonly EagerLoad[]): void {
    const signature = signatureOf(loads);
    const known = this.nodes.get(file);
    if (known?.signature === signature) return;
    const project: ProjectFile = {
      file,
      stamp: fileStamp(file),
      eager: loads,
      targets: targetsOf(file, loads),
      reading: undefined,
      start: undefined,
    };
    this.keep(project);
    if (known) this.forgetDerived();
    // Other threads would otherwise read the file from disk; a file that changed since they
    // could have is not theirs to take.
    else this.peersOf()?.share(project);
  }

  /**
   * Drops files that changed on disk since they were read, at most once a second: on the
   * first lint after a pause, or, while lints follow each other, when checking has become a
   * small enough share of the time. An edit in one file shows in another file's finding on
   * its next lint (a file the editor lints feeds its own loads).
   */
  revalidate(now = Date.now()): void {
    const paused = now - this.lastAsked >= EDIT_CHECK_MS;
    this.lastAsked = now;
    const since = now - this.lastCheck;
    if (since < EDIT_CHECK_MS || (!paused && since < this.revalidateEvery)) return;
    const started = performance.now();
    let changed = false;
    for (const [file, node] of this.nodes) {
      if (fileStamp(file) !== node.stamp) {
        this.nodes.delete(file);
        changed = true;
      }
    }
    // An edited tsconfig may change what every specifier resolves to, and what each file loads.
    const generation = resolverConfigGeneration();
    if (generation !== this.configGeneration) {
      this.configGeneration = generation;
      this.nodes.clear();
      changed = true;
    }
    if (changed) {
      // A new or removed file may change what a specifier resolves to. What other threads read
      // may be stale: the graph reads on by itself.
      this.peers?.close();
      this.peers = undefined;
      clearResolverCaches();
      this.forgetDerived();
    }
    this.lastCheck = now;
    this.revalidateEvery = Math.max(EDIT_CHECK_MS, CHECK_SHARE * (performance.now() - started));
  }

  /** Strongly connected components from `start` (Tarjan, iterative), each with its reach. */
  private explore(start: string): void {
    if (this.reach.has(start)) return;
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const frames: { file: string; edges: readonly Edge[]; next: number }[] = [];
    let counter = 0;

    const open = (file: string): void => {
      index.set(file, counter);
      low.set(file, counter);
      counter += 1;
      stack.push(file);
      onStack.add(file);
      frames.push({ file, edges: this.nodeOf(file).edges, next: 0 });
    };

    open(start);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1] as (typeof frames)[number];
      if (frame.next < frame.edges.length) {
        const edge = frame.edges[frame.next] as Edge;
        frame.next += 1;
        if (!('file' in edge) || this.reach.has(edge.file)) continue;
        if (!index.has(edge.file)) {
          open(edge.file);
        } else if (onStack.has(edge.file)) {
          low.set(frame.file, Math.min(low.get(frame.file) as number, index.get(edge.file) as number));
        }
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent.file, Math.min(low.get(parent.file) as number, low.get(frame.file) as number));
      if (low.get(frame.file) === index.get(frame.file)) {
        const members: string[] = [];
        let member: string | undefined;
        do {
          member = stack.pop() as string;
          onStack.delete(member);
          members.push(member);
        } while (member !== frame.file);
        this.settle(members);
      }
    }
  }

  /** The reach of one component, whose successors outside it are all settled. */
  private settle(members: readonly string[]): void {
    const component = this.componentSizes.length;
    const inside = new Set(members);
    this.componentSizes.push(members.length === 1 && !this.loadsItself(members[0] as string) ? 0 : members.length);
    const heavy = new Set<string>();
    const distance = new Map<string, number>();
    const next = new Map<string, Edge>();
    for (const file of members) {
      let best = Infinity;
      let bestEdge: Edge | undefined;
      for (const edge of this.nodeOf(file).edges) {
        if ('heavy' in edge) {
          heavy.add(edge.key);
          if (1 < best) [best, bestEdge] = [1, edge];
        } else if (!inside.has(edge.file)) {
          const target = this.reach.get(edge.file) as Reach;
          for (const name of target.heavy) heavy.add(name);
          if (target.distance + 1 < best) [best, bestEdge] = [target.distance + 1, edge];
        }
      }
      distance.set(file, best);
      if (bestEdge) next.set(file, bestEdge);
    }
    // Shortest chains inside the cycle: relax along its edges until nothing improves.
    if (members.length > 1) {
      let improved = true;
      while (improved) {
        improved = false;
        for (const file of members) {
          for (const edge of this.nodeOf(file).edges) {
            if (!('file' in edge) || !inside.has(edge.file)) continue;
            const through = (distance.get(edge.file) as number) + 1;
            if (through < (distance.get(file) as number)) {
              distance.set(file, through);
              next.set(file, edge);
              improved = true;
            }
          }
        }
      }
    }
    for (const file of members) {
      this.reach.set(file, { component, distance: distance.get(file) as number, next: next.get(file), heavy });
    }
  }

  private loadsItself(file: string): boolean {
    return this.nodeOf(file).edges.some((edge) => 'file' in edge && edge.file === file);
  }

  /** Follows shortest-chain links from `file` to its heavy load. */
  private chainFrom(file: string, files: string[]): string {
    let current = file;
    for (;;) {
      files.push(current);
      const edge = (this.reach.get(current) as Reach).next as Edge;
      if ('heavy' in edge) return edge.heavy;
      current = edge.file;
    }
  }

  private cycleOf(files: readonly string[]): number {
    let cycle = 0;
    for (const file of files) cycle = Math.max(cycle, this.componentSizes[(this.reach.get(file) as Reach).component] ?? 0);
    return cycle;
  }

  /** Whether a file's eager closure, the file included, loads a heavy module. */
  reachesHeavy(file: string): boolean {
    this.explore(file);
    return (this.reach.get(file) as Reach).distance !== Infinity;
  }

  /**
   * The shortest chain by which `importer`'s eager load of `target` reaches a heavy module,
   * or `undefined`. A chain that reaches heavy only by passing back through `importer` does
   * not count: the importer's own loads are reported where they are.
   */
  chainThrough(importer: string, target: string): ChainFinding | undefined {
    this.explore(importer);
    this.explore(target);
    const targetReach = this.reach.get(target) as Reach;
    const importerReach = this.reach.get(importer) as Reach;
    if (targetReach.distance === Infinity) return undefined;
    if (this.heavyFiles.has(importer)) return this.chainExcluding(importer, target);
    if (targetReach.component !== importerReach.component) {
      const files: string[] = [];
      const heavy = this.chainFrom(target, files);
      return { heavy, files, moreHeavy: targetReach.heavy.size - 1, cycle: this.cycleOf(files) };
    }
    return this.chainAvoiding(importer, target, importerReach.component);
  }

  /**
   * `chainThrough` for an importer that is itself heavy by a path entry: a breadth-first search
   * of the whole closure that neither passes through the importer nor ends at it.
   */
  private chainExcluding(importer: string, target: string): ChainFinding | undefined {
    const parent = new Map<string, string | undefined>([[target, undefined]]);
    const queue = [target];
    const heavy = new Set<string>();
    let best: { from: string; edge: HeavyEdge } | undefined;
    for (let head = 0; head < queue.length; head += 1) {
      const file = queue[head] as string;
      for (const edge of this.nodeOf(file).edges) {
        if ('heavy' in edge) {
          if (edge.target === importer) continue;
          heavy.add(edge.key);
          // Files leave the queue nearest first: the first heavy edge ends a shortest chain.
          best ??= { from: file, edge };
        } else if (edge.file !== importer && !parent.has(edge.file)) {
          parent.set(edge.file, file);
          queue.push(edge.file);
        }
      }
    }
    if (!best) return undefined;
    const files: string[] = [];
    for (let file: string | undefined = best.from; file !== undefined; file = parent.get(file)) files.unshift(file);
    return { heavy: best.edge.heavy, files, moreHeavy: heavy.size - 1, cycle: this.cycleOf(files) };
  }

  /** `chainThrough` for a target in the importer's own cycle: a search that leaves the importer out. */
  private chainAvoiding(importer: string, target: string, component: number): ChainFinding | undefined {
    const parent = new Map<string, string | undefined>([[target, undefined]]);
    const depth = new Map<string, number>([[target, 0]]);
    const queue = [target];
    const heavy = new Set<string>();
    let best: { length: number; from: string; edge: Edge } | undefined;
    for (let head = 0; head < queue.length; head += 1) {
      const file = queue[head] as string;
      const at = depth.get(file) as number;
      for (const edge of this.nodeOf(file).edges) {
        let length: number;
        if ('heavy' in edge) {
          heavy.add(edge.key);
          length = at + 1;
        } else if (edge.file === importer) {
          continue;
        } else {
          const reach = this.reach.get(edge.file) as Reach;
          if (reach.component === component) {
            if (!depth.has(edge.file)) {
              depth.set(edge.file, at + 1);
              parent.set(edge.file, file);
              queue.push(edge.file);
            }
            continue;
          }
          for (const name of reach.heavy) heavy.add(name);
          length = at + 1 + reach.distance;
        }
        if (length < (best?.length ?? Infinity)) best = { length, from: file, edge };
      }
    }
    if (!best) return undefined;
    const files: string[] = [];
    for (let file: string | undefined = best.from; file !== undefined; file = parent.get(file)) files.unshift(file);
    const heavyName = 'heavy' in best.edge ? best.edge.heavy : this.chainFrom(best.edge.file, files);
    return { heavy: heavyName, files, moreHeavy: heavy.size - 1, cycle: this.cycleOf(files) };
  }

  /**
   * What an entry file runs at start-up beyond its eager loads: the loads in the body of a
   * function it declares and calls while it evaluates (`await main()`, one level deep), each
   * with its target and the graph's edges of them. In a file that is no entry point, such a
   * function keeps the file's own semantics. Found in the graph's own reading of the entry (an
   * entry the graph reads first is read for them too), and kept with that reading: the edit
   * that makes the graph read the file again makes it find them again.
   */
  private startLoadsOf(entry: string): StartupLoads {
    const node = this.nodeOf(entry, ENTRY_SCAN);
    let start = this.startLoads.get(node);
    if (!start) {
      let eager = node.start;
      if (!eager) {
        // A reading made before the file was asked for as an entry (its text is parsed again;
        // the file is not read), or the loads its own lint fed.
        const semantics = importSemanticsFor(entry, this.verbatimModuleSyntax);
        const { reading } = node;
        eager = (reading ? scanText(entry, reading.text, semantics, ENTRY_SCAN) : scanFile(entry, semantics, ENTRY_SCAN))?.start ?? [];
      }
      const targets = targetsOf(entry, eager);
      start = { eager, targets, edges: this.edgesOf(entry, eager, targets) };
      this.startLoads.set(node, start);
    }
    return start;
  }

  /** The edges an entry file runs at start-up: its eager loads, and those of its start function ({@link startLoadsOf}). */
  private entryEdgesOf(entry: string): readonly Edge[] {
    const { edges } = this.startLoadsOf(entry);
    const node = this.nodeOf(entry);
    return edges.length === 0 ? node.edges : [...node.edges, ...edges];
  }

  /**
   * The files on the start-up path of `entries` (absolute paths): the entry files and their
   * eager closure through files of the project, with what each entry runs through a function
   * it calls while it evaluates ({@link entryEdgesOf}).
   */
  startupFiles(entries: readonly string[]): ReadonlySet<string> {
    const key = entries.join('\0');
    let files = this.startup.get(key);
    if (!files) {
      const seen = new Set<string>(entries);
      const queue = [...entries];
      for (let head = 0; head < queue.length; head += 1) {
        const file = queue[head] as string;
        for (const edge of head < entries.length ? this.entryEdgesOf(file) : this.nodeOf(file).edges) {
          if ('file' in edge && !seen.has(edge.file)) {
            seen.add(edge.file);
            queue.push(edge.file);
          }
        }
      }
      files = seen;
      this.startup.set(key, files);
    }
    return files;
  }

  // ── Start-up closures of entry points, to every module they load (no-ineffective-lazy-imports) ──

  /** The start-up closure of each entry file (and of each without one load, see below), until a file changes. */
  private readonly closures = new Map<string, StartupClosure>();

  /**
   * Every module `entry` (an absolute path) loads at start-up, with a shortest chain to each:
   * files of the project, packages, and the heavy modules among them. Start-up includes the
   * loads of a function the entry calls while it evaluates ({@link entryEdgesOf}); `without`
   * leaves out such a load of that specifier: a lazy load in the entry's start function must
   * not count as what undoes itself.
   */
  startupClosureOf(entry: string, without?: string): StartupClosure {
    const key = without === undefined ? entry : `${entry}\0${without}`;
    let closure = this.closures.get(key);
    if (!closure) {
      const start = this.startLoadsOf(entry);
      let started = start;
      if (without !== undefined) {
        if (!start.eager.some((load) => load.specifier === without)) return this.startupClosureOf(entry);
        const kept = start.eager.flatMap((load, index) => (load.specifier === without ? [] : [index]));
        const eager = kept.map((index) => start.eager[index] as EagerLoad);
        const targets = kept.map((index) => start.targets[index]);
        started = { eager, targets, edges: this.edgesOf(entry, eager, targets) };
      }
      closure = new StartupClosure(entry, started, (file) => this.nodeOf(file));
      this.closures.set(key, closure);
    }
    return closure;
  }

  /**
   * The heavy modules `file`'s eager closure reaches, each as the graph knows it: a package
   * name, or the file a path entry names.
   */
  heavyReachedFrom(file: string): ReadonlySet<string> {
    this.explore(file);
    return (this.reach.get(file) as Reach).heavy;
  }

  // Where `--fix` cuts the chains from the entries (banned-import-chains' `autofix`).

  /** The cut links of each list of entries, worked out once for the graph as it is. */
  private readonly cutSets = new Map<string, ReadonlySet<string>>();

  /**
   * The links at which `--fix` cuts the chains from `entries` (absolute paths), as
   * {@link linkKey}s: a walk from the entries along eager links to files of the project (as
   * {@link startupFiles} walks them),
   * where a link that `cuttable(file)` names is cut and not followed, so that each chain is
   * cut at its first such link and the links behind it stay. `cuttable` must answer from the
   * file alone (and the graph), never from the walk: then the cuts are the same whichever file
   * is linted first, and in every thread.
   */
  cutLinks(entries: readonly string[], cuttable: (file: string) => ReadonlySet<string>): ReadonlySet<string> {
    const key = entries.join('\0');
    let cuts = this.cutSets.get(key);
    if (!cuts) {
      const found = new Set<string>();
      const seen = new Set<string>(entries);
      const queue = [...entries];
      for (let head = 0; head < queue.length; head += 1) {
        const file = queue[head] as string;
        // An entry's start function is start-up too; its loads are no findings, so never cut.
        const edges = head < entries.length ? this.entryEdgesOf(file) : this.nodeOf(file).edges;
        // Most files of the start-up path load no heavy module through a link: no need to ask.
        const cut = edges.some((edge) => 'file' in edge && this.reachesHeavy(edge.file)) ? cuttable(file) : undefined;
        for (const edge of edges) {
          if (!('file' in edge)) continue;
          if (cut?.has(edge.file)) found.add(linkKey(file, edge.file));
          else if (!seen.has(edge.file)) {
            seen.add(edge.file);
            queue.push(edge.file);
          }
        }
      }
      cuts = found;
      this.cutSets.set(key, cuts);
    }
    return cuts;
  }
}

/** How {@link ProjectGraph.cutLinks} names the link from `importer` to `target`. */
export function linkKey(importer: string, target: string): string {
  return `${importer}\0${target}`;
}

const graphs = new WeakMap<HeavyMatcher, Map<boolean | undefined, ProjectGraph>>();

/**
 * The graph for a heavy list and the `verbatimModuleSyntax` setting, shared by every file
 * they apply to in this process.
 */
export function projectGraphFor(matcher: HeavyMatcher, verbatimModuleSyntax: boolean | undefined): ProjectGraph {
  let bySetting = graphs.get(matcher);
  if (!bySetting) {
    bySetting = new Map();
    graphs.set(matcher, bySetting);
  }
  let graph = bySetting.get(verbatimModuleSyntax);
  if (!graph) {
    graph = new ProjectGraph(matcher, verbatimModuleSyntax);
    bySetting.set(verbatimModuleSyntax, graph);
  }
  return graph;
}

/**
 * Whether `specifier`, loaded from `importer`, names a file of the project whose eager closure
 * reaches a heavy entry: loading it lazily is what the rules ask for, and hoisting the load
 * would put that weight back on the start-up path.
 */
export function loadsHeavyProjectModule(
  matcher: HeavyMatcher,
  verbatimModuleSyntax: boolean | undefined,
  importer: string,
  load: { readonly specifier: string; readonly kind: LoadKind },
): boolean {
  if (matcher.isEmpty) return false;
  const target = resolveLoad(importer, load.specifier, load.kind)?.project;
  if (!target) return false;
  const graph = projectGraphFor(matcher, verbatimModuleSyntax);
  graph.revalidate();
  return graph.reachesHeavy(target);
}

// ── Start-up closures of entry points (no-ineffective-lazy-imports): what `startupClosureOf` gives ──

/** A shortest chain of start-up loads from an entry to a module. */
export interface StartupChain {
  /** The files of the chain from the entry; the module itself last when it is a file of the project. */
  readonly files: readonly string[];
  /** The package the last file loads, as written there; `undefined` when the chain ends at a file. */
  readonly specifier: string | undefined;
}

/** A file's loads as a start-up closure follows them: each with its target, and the graph's edges of them. */
type StartupLoads = Pick<FileNode, 'eager' | 'targets' | 'edges'>;

/** Where a start-up closure first loads a module: the file, and the specifier as written there. */
interface FirstLoad {
  readonly from: string;
  readonly specifier: string;
}

/**
 * The package module a specifier names, one key for every spelling of it (`node:fs` and `fs`),
 * or `undefined` for a path or `#import` that named no file of the project, and other URLs.
 */
export function packageModuleOf(specifier: string): string | undefined {
  if (isPathSpecifier(specifier) || specifier.startsWith('#')) return undefined;
  // `node:test` has no spelling without its prefix: `withoutNodePrefix` keeps it.
  if (specifier.startsWith('node:')) return withoutNodePrefix(specifier);
  return specifier.includes(':') ? undefined : specifier;
}

/**
 * What one entry point loads at start-up: every eager load, followed through every file of the
 * project it reaches — heavy ones too, since the program loads what they load — breadth-first,
 * so that the first load of each module ends a shortest chain to it.
 */
export class StartupClosure {
  /** Each file reached, with the file it was first reached from (`undefined` for the entry). */
  private readonly files = new Map<string, string | undefined>();
  /** Each package loaded, by {@link packageModuleOf}. */
  private readonly packages = new Map<string, FirstLoad>();
  /** Each heavy module loaded, by the graph's key for it (a package name, or a file). */
  private readonly heavy = new Map<string, FirstLoad>();

  /** `started`: what the entry loads through a function it calls while it evaluates, after its own eager loads. */
  constructor(
    private readonly entry: string,
    started: StartupLoads,
    nodeOf: (file: string) => FileNode,
  ) {
    this.files.set(entry, undefined);
    this.follow(entry, nodeOf(entry));
    this.follow(entry, started);
    const queue = [...this.files.keys()].slice(1);
    for (let head = 0; head < queue.length; head += 1) {
      const file = queue[head] as string;
      this.follow(file, nodeOf(file), queue);
    }
  }

  /** Takes in the loads of `file`, queueing each file of the project reached first. */
  private follow(file: string, { eager, targets, edges }: StartupLoads, queue?: string[]): void {
    eager.forEach((load, index) => {
      const target = targets[index];
      if (target !== undefined) {
        if (!this.files.has(target)) {
          this.files.set(target, file);
          queue?.push(target);
        }
        return;
      }
      const module = packageModuleOf(load.specifier);
      if (module !== undefined && !this.packages.has(module)) this.packages.set(module, { from: file, specifier: load.specifier });
    });
    for (const edge of edges) {
      if ('heavy' in edge && !this.heavy.has(edge.key)) this.heavy.set(edge.key, { from: file, specifier: edge.heavy });
    }
  }

  /** Whether a file of the project is the entry or loads at start-up. */
  has(file: string): boolean {
    return this.files.has(file);
  }

  /** The files from the entry to `file`, which the closure holds. */
  private filesTo(file: string): string[] {
    const files: string[] = [];
    for (let current: string | undefined = file; current !== undefined; current = this.files.get(current)) files.unshift(current);
    return files;
  }

  private chainTo(load: FirstLoad | undefined): StartupChain | undefined {
    return load && { files: this.filesTo(load.from), specifier: load.specifier };
  }

  /** A shortest chain to a file of the project, or `undefined` when it does not load at start-up. */
  chainToFile(file: string): StartupChain | undefined {
    return this.files.has(file) ? { files: this.filesTo(file), specifier: undefined } : undefined;
  }

  /** A shortest chain to a package module ({@link packageModuleOf}), or `undefined`. */
  chainToPackage(module: string): StartupChain | undefined {
    return this.chainTo(this.packages.get(module));
  }

  /**
   * A shortest chain to a heavy module, by the graph's key for it ({@link ProjectGraph.heavyReachedFrom}),
   * or `undefined`. An entry that a path entry makes heavy is its own chain.
   */
  chainToHeavy(key: string): StartupChain | undefined {
    if (key === this.entry) return { files: [key], specifier: undefined };
    return this.chainTo(this.heavy.get(key));
  }
}
