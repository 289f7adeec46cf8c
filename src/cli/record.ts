/**
 * What one traced Node process writes when it exits: the modules it evaluated, each with the
 * module that loaded it and what it cost. Written by the preload, read by `trace()`.
 */

/** The environment variable naming the folder where each traced process writes its record. */
export const TRACE_DIR_VARIABLE = 'LAZY_IMPORTS_TRACE_DIR';

/** Where the preload keeps its recorder, for the markers that the loader hooks add to ES modules. */
export const RECORDER_KEY = 'lazy-imports.trace';

/** One evaluated module. */
export interface ModuleRecord {
  /** Absolute path of the module file. */
  readonly file: string;
  /** Index in `modules` of the module that loaded it, or -1 for a process's entry. */
  parent: number;
  /** When its evaluation started, in ms since the process's time origin. */
  readonly start: number;
  /**
   * Milliseconds of its own price: reading, parsing, linking and evaluating it (what it loaded
   * is excluded: that is the loaded modules' own).
   */
  readonly selfMs: number;
  /** Of that, its evaluation alone. */
  readonly evalMs: number;
  /** Of that, the share of its ES module graph's reading, parsing and linking (load-price.ts). */
  readonly loadMs: number;
  /** Whether an ES import loaded it (the loader hooks saw it), not a `require()`. */
  readonly imported: boolean;
  /** Whether the process's entry module graph had finished evaluating when it started. */
  readonly later: boolean;
}

/** The record of one traced process. */
export interface ProcessRecord {
  readonly pid: number;
  readonly ppid: number;
  /** `performance.timeOrigin` of the process, to order processes. */
  readonly timeOrigin: number;
  readonly argv: readonly string[];
  /** The process's Node binary, options and working directory: what a measurement of its packages runs with. */
  readonly execPath: string;
  readonly execArgv: readonly string[];
  readonly cwd: string;
  /**
   * Whether its loader hooks ran on a thread of their own (`module.register`, Node 20): then each
   * module's loading also cost the main thread a round trip to that thread, which `loadMs` holds.
   */
  readonly loadsOffThread: boolean;
  /** Modules in the order their evaluation started (a module before what it loaded). */
  readonly modules: readonly ModuleRecord[];
  /** Every load of one file by another (a module's later importers too, which `parent` leaves out). */
  readonly imports: readonly ImportEdge[];
}

/** One file loading another (`import`, `import()`, `require()`), recorded once. */
export interface ImportEdge {
  /** Absolute path of the importing file. */
  readonly from: string;
  /** Absolute path of the loaded file. */
  readonly to: string;
  /** Whether the process's entry module graph had finished evaluating at the first such load. */
  readonly later: boolean;
}
