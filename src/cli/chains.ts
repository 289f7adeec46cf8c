// Every importer chain that loaded a package or a file: the answer to "why is X loaded", which
// one chain cannot give when a package is reached from several places.
import type { ProcessRecord } from './record.js';
import type { ChainSet, ImporterChain } from './trace-model.js';

interface Importer {
  readonly from: string;
  readonly later: boolean;
}

interface ProcessGraph {
  readonly entry: string;
  /** Importers of each file that are modules of the process (`[eval]` is none: it starts no chain). */
  readonly importers: ReadonlyMap<string, readonly Importer[]>;
  /** Every file the process evaluated or loaded. */
  readonly files: readonly string[];
}

interface State {
  /** The process's index among the graph's processes. */
  readonly process: number;
  readonly file: string;
  /** Labels from this file to the target, nearest first. */
  readonly labels: readonly string[];
  readonly later: boolean;
}

/** How many chains of a package `TracedPackage.chains` keeps. */
export const CHAINS_KEPT = 20;

/** How many chains a search counts before it stops: past that, its total is a lower bound. */
export const CHAINS_COUNTED = 1000;

/**
 * How many partial chains a search may look at: a floor that any one chain fits in, and more for
 * each chain it counts. A bound for graphs with many crossing paths.
 */
const STATES_FLOOR = 20_000;
const STATES_PER_CHAIN = 200;

/** Which chains a search looks for. */
export interface ChainQuery {
  /** How many chains to return, shortest first. */
  readonly limit: number;
  /** How many to count for `total` (at least `limit`). Default: `limit`. */
  readonly countUpTo?: number;
  /** Only chains every load of which ran at start-up. */
  readonly startUp?: boolean;
  /** Only the chains of one process: its index among the records that loaded a module, in the order given. */
  readonly process?: number;
}

/** The import graph of every traced process, with every importer of each module. */
export class ImporterGraph {
  readonly #processes: ProcessGraph[];
  readonly #label: (file: string) => string;

  /** `label` names a file in a chain: its path for a project file, its package's name otherwise. */
  constructor(records: readonly ProcessRecord[], label: (file: string) => string) {
    const labels = new Map<string, string>();
    this.#label = (file) => {
      let known = labels.get(file);
      if (known === undefined) {
        known = label(file);
        labels.set(file, known);
      }
      return known;
    };
    this.#processes = records
      .filter((record) => record.modules.length > 0)
      .map((record) => {
        const entry = (record.modules[0] as ProcessRecord['modules'][number]).file;
        const importers = new Map<string, Importer[]>();
        const seen = new Set<string>();
        const add = (from: string, to: string, later: boolean): void => {
          if (from === to || seen.has(`${from}\0${to}\0${String(later)}`)) return;
          seen.add(`${from}\0${to}\0${String(later)}`);
          importers.set(to, [...(importers.get(to) ?? []), { from, later }]);
        };
        for (const edge of record.imports) add(edge.from, edge.to, edge.later);
        // The first parents that the record keeps, for loads no edge saw (a module evaluated
        // without the hooks); one loaded from nowhere known hangs under the entry, as in the tree.
        for (const module of record.modules.slice(1)) {
          const parent = record.modules[module.parent];
          if (parent) add(parent.file, module.file, module.later);
          else if (!importers.has(module.file)) add(entry, module.file, module.later);
        }
        const modules = new Set(record.modules.map((module) => module.file));
        for (const [file, from] of importers) importers.set(file, from.filter((importer) => modules.has(importer.from)));
        return { entry, importers, files: [...new Set([...modules, ...importers.keys()])] };
      });
  }

  /** Whether any traced process loaded `file`. */
  loaded(file: string): boolean {
    return this.#processes.some((graph) => graph.files.includes(file));
  }

  /**
   * The distinct chains from each process's entry to the files that `isTarget` picks, shortest
   * first (start-up before later, then by their text): a chain names each package or file once,
   * and ends where it enters the target's label. The search finds every chain as short as the
   * last one it counts, then stops; `complete` says whether it found them all.
   */
  chains(isTarget: (file: string) => boolean, query: ChainQuery): ChainSet {
    const count = Math.max(query.limit, query.countUpTo ?? query.limit);
    const found = new Map<string, ImporterChain>();
    // Buckets by the number of labels: a step inside one label (a package's own files) costs
    // nothing, so shorter chains are found first.
    const buckets: { states: State[]; next: number }[] = [];
    const push = (state: State): void => {
      const bucket = (buckets[state.labels.length] ??= { states: [], next: 0 });
      bucket.states.push(state);
    };
    const take = (): State | undefined => {
      for (const bucket of buckets) {
        if (bucket !== undefined && bucket.next < bucket.states.length) return bucket.states[bucket.next++];
      }
      return undefined;
    };
    this.#processes.forEach((graph, process) => {
      if (query.process !== undefined && query.process !== process) return;
      for (const file of graph.files) {
        if (isTarget(file)) push({ process, file, labels: [this.#label(file)], later: false });
      }
    });
    const seen = new Set<string>();
    let states = STATES_FLOOR + count * STATES_PER_CHAIN;
    // Once enough chains are counted, the search still finds every other chain of that length, so
    // that a query for fewer chains finds the same first ones as a query for more.
    let last: number | undefined;
    let state = take();
    for (; state !== undefined && states > 0; state = take(), states -= 1) {
      if (last !== undefined && state.labels.length > last) break;
      if (query.startUp === true && state.later) continue;
      const key = `${String(state.process)}\0${state.file}\0${state.labels.join('\0')}\0${String(state.later)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const graph = this.#processes[state.process] as ProcessGraph;
      const importers = state.file === graph.entry ? [] : (graph.importers.get(state.file) ?? []);
      // The entry, or a module loaded from outside any module (`node -e`), starts the chain.
      if (importers.length === 0) {
        this.#found(found, state);
        if (found.size >= count) last ??= state.labels.length;
        continue;
      }
      for (const importer of importers) {
        const label = this.#label(importer.from);
        // A way that comes back to a package or file already on the chain (the target's own
        // included) is that package's load: the chain goes on from there, the loop left out.
        const at = state.labels.indexOf(label);
        const labels = at === -1 ? [label, ...state.labels] : state.labels.slice(at);
        push({ process: state.process, file: importer.from, labels, later: state.later || importer.later });
      }
    }
    const chains = [...found.values()].sort(
      (a, b) =>
        a.chain.length - b.chain.length ||
        Number(a.phase === 'later') - Number(b.phase === 'later') ||
        compareText(a.chain.join('\0'), b.chain.join('\0')),
    );
    return { chains: chains.slice(0, query.limit), total: chains.length, complete: state === undefined };
  }

  #found(found: Map<string, ImporterChain>, state: State): void {
    const key = state.labels.join('\0');
    const known = found.get(key);
    if (!known || (known.phase === 'later' && !state.later)) {
      found.set(key, { phase: state.later ? 'later' : 'start-up', chain: state.labels });
    }
  }
}

/** Orders text by code units, the same on every machine and locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
