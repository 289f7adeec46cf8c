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
  readonly file: string;
  /** Labels from this file to the target, nearest first. */
  readonly labels: readonly string[];
  readonly later: boolean;
}

/** How many chains of a package `TracedPackage.chains` keeps. */
export const CHAINS_KEPT = 20;

/** How many chains `Trace.chainsTo` counts before it says "N or more". */
export const CHAINS_COUNTED = 1000;

/** How many partial chains a search may look at for each chain it counts: a bound for graphs with many crossing paths. */
const STATES_PER_CHAIN = 200;

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
   * first: a chain ends where it first enters the target's label (a package is reached once,
   * whichever of its files was loaded first). The search stops once it has counted `countUpTo`
   * chains (at least `limit`): past that, `total` is a lower bound.
   */
  chains(isTarget: (file: string) => boolean, limit: number, countUpTo = limit): ChainSet {
    const found = new Map<string, ImporterChain>();
    const count = Math.max(limit, countUpTo);
    const budget = { states: count * STATES_PER_CHAIN };
    for (const graph of this.#processes) this.#search(graph, isTarget, found, count, budget);
    const chains = [...found.values()].sort(
      (a, b) => a.chain.length - b.chain.length || Number(a.phase === 'later') - Number(b.phase === 'later'),
    );
    return { chains: chains.slice(0, limit), total: chains.length };
  }

  #search(
    graph: ProcessGraph,
    isTarget: (file: string) => boolean,
    found: Map<string, ImporterChain>,
    count: number,
    budget: { states: number },
  ): void {
    // Breadth first over the number of labels, backwards from the target: a step inside one
    // label (a package's own files) costs nothing, so shorter chains are found first.
    let layer: State[] = [];
    for (const file of graph.files) {
      if (isTarget(file)) layer.push({ file, labels: [this.#label(file)], later: false });
    }
    const seen = new Set<string>();
    while (layer.length > 0 && budget.states > 0 && found.size < count) {
      const next: State[] = [];
      for (let index = 0; index < layer.length && budget.states > 0 && found.size < count; index += 1, budget.states -= 1) {
        const state = layer[index] as State;
        const key = `${state.file}\0${state.labels.join('\0')}\0${String(state.later)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const importers = state.file === graph.entry ? [] : (graph.importers.get(state.file) ?? []);
        // The entry, or a module loaded from outside any module (`node -e`), starts the chain.
        if (importers.length === 0) {
          this.#found(found, state);
          continue;
        }
        for (const importer of importers) {
          const label = this.#label(importer.from);
          const same = label === state.labels[0];
          // A way that comes back to a package or file already on the chain (the target's own
          // included) goes round a cycle: a longer walk to a load that is found anyway. Inside
          // one label, `seen` stops the walk round a cycle.
          if (!same && state.labels.includes(label)) continue;
          const moved: State = { file: importer.from, labels: same ? state.labels : [label, ...state.labels], later: state.later || importer.later };
          (same ? layer : next).push(moved);
        }
      }
      layer = next;
    }
  }

  #found(found: Map<string, ImporterChain>, state: State): void {
    const key = state.labels.join('\0');
    const known = found.get(key);
    if (!known || (known.phase === 'later' && !state.later)) {
      found.set(key, { phase: state.later ? 'later' : 'start-up', chain: state.labels });
    }
  }
}
