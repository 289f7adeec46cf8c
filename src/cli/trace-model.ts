/**
 * What `lazy-imports trace` records, shared by the recorder, the table, `--json` and the
 * `--html` page. Times are milliseconds of the traced processes' main threads: a module's price
 * is reading, parsing, linking and evaluating it.
 */
import type { Count } from './counts.js';

/** `start-up`: loaded while the entry module graph was evaluated; `later`: after that. */
export type Phase = 'start-up' | 'later';

/** One package (named by its nearest `package.json` with a `name`), over every traced process. */
export interface TracedPackage {
  readonly name: string;
  readonly version: string | null;
  /** Distinct module files of the package that loaded. */
  readonly modules: number;
  /** Reading, parsing, linking and evaluating the package's own modules. */
  readonly selfMs: number;
  /** The same with everything they loaded. */
  readonly totalMs: number;
  /** Evaluation alone of the package's own modules. */
  readonly evalMs: number;
  /** The earliest phase it loaded in. */
  readonly phase: Phase;
  /** How many traced processes loaded it. */
  readonly processes: number;
  /**
   * Its shortest importer chain from an entry, of its phase (the first of `chains` that is):
   * project files relative to the working directory, then package names.
   */
  readonly chain: readonly string[];
  /** Every distinct importer chain that loaded it, shortest first (the first 20). */
  readonly chains: readonly ImporterChain[];
  /** How many distinct importer chains loaded it, `chains` and those left out. */
  readonly chainCount: Count;
}

/** One way a module was reached from its process's entry. */
export interface ImporterChain {
  /** `later` when some load on the way ran after start-up. */
  readonly phase: Phase;
  /** Project files relative to the working directory, then package names, as `TracedPackage.chain`. */
  readonly chain: readonly string[];
}

/** The distinct chains to one package or file, and how many there are. */
export interface ChainSet extends Count {
  /** Shortest first, start-up before later among equals; at most the limit asked for. */
  readonly chains: readonly ImporterChain[];
}

/** A heavy entry that the traced command loaded. */
export interface HeavyLoaded {
  /** The heavy entry as written in the list (`@aws-sdk/*`). */
  readonly entry: string;
  /** The package name, or for a path entry the file relative to the working directory. */
  readonly package: string;
  readonly phase: Phase;
  /** Its shortest importer chain of that phase, as `TracedPackage.chain`. */
  readonly chain: readonly string[];
}

/** One loaded module in the import tree (the first place it was loaded from), for the icicle chart. */
export interface TraceNode {
  /** The file relative to the working directory (or the process entry's label for a root). */
  readonly file: string;
  /** Package the file belongs to. */
  readonly package: string;
  readonly selfMs: number;
  readonly totalMs: number;
  readonly phase: Phase;
  /** Whether the module belongs to a heavy entry. */
  readonly heavy: boolean;
  /** The importer chain down the tree to this module: where its box sits, under its first importers. */
  readonly chain: readonly string[];
  readonly children: readonly TraceNode[];
}

/** The result of one trace, as `--json` prints it (without `tree`) and `trace()` returns it. */
export interface TraceResult {
  /** The traced command and its arguments. */
  readonly command: readonly string[];
  /** The command's exit status (`null` when a signal ended it). */
  readonly exitCode: number | null;
  readonly wallMs: number;
  /** Sorted by `totalMs`, largest first. */
  readonly packages: readonly TracedPackage[];
  readonly heavyLoaded: readonly HeavyLoaded[];
  /** One root a traced process, the entry module first. */
  readonly tree: readonly TraceNode[];
}
