/**
 * The loading half of a module's price: the time a traced process's main thread spends
 * reading, parsing and linking ES modules before they evaluate, split among the files. Node's
 * ES loader reads, parses and links a whole module graph before any of it evaluates, so no
 * evaluation frame holds that time; the loader hooks mark its steps instead, and each stretch
 * of time between two marks belongs to the file of the first mark.
 */

/** One step of loading a module file, seen by the loader hooks, in the process's `performance.now()` time. */
export interface LoadMark {
  readonly at: number;
  /** Absolute path of the module file (empty for `tracing`). */
  readonly file: string;
  /**
   * `load`: its loading started (reading the file follows); `loaded`: its source is read (the
   * loader parses it next); `linking`: it is parsed and its imports are being resolved;
   * `tracing`: the loader works on what tracing added (a marker module), which is no file's price;
   * `cached`: a resolution found a module loaded already, and no loading follows.
   */
  readonly kind: 'load' | 'loaded' | 'linking' | 'tracing' | 'cached';
}

/** A module's evaluation on the main thread: from its first statement (or first dependency) to its last. */
export interface EvaluationSpan {
  readonly start: number;
  readonly end: number;
}

/**
 * How long the main thread's event loop had waited, idle, by a moment: `idleMs` of
 * `performance.eventLoopUtilization()` at `at`.
 */
export interface IdleSample {
  readonly at: number;
  readonly idleMs: number;
}

/** What {@link loadPrices} found. */
export interface LoadPrices {
  /** Loading milliseconds of each file. */
  readonly byFile: ReadonlyMap<string, number>;
  /**
   * For each span, the milliseconds of loading that ran while it was the innermost open span
   * (a `require()` of an ES module, an `import()` awaited at the top level): time the span
   * measured as its own, which belongs to the loaded files (or, waits for the loader's thread
   * and the loading of marker modules, to tracing).
   */
  readonly nested: readonly number[];
}

interface Point {
  readonly at: number;
  /** A span's start or end (the span's index), or a load mark. */
  readonly span?: { readonly index: number; readonly edge: 'start' | 'end' };
  readonly mark?: LoadMark;
}

/**
 * Splits loading time among module files. Each stretch from a load mark to the next point in
 * time (another mark, or a span starting or ending) is the marked file's (a `tracing` or
 * `cached` mark's is no file's); the stretch from the
 * last mark of a burst to the evaluation that follows it is the linking of the whole graph, and
 * is shared evenly by the files that loaded in that burst, unless that last mark is a file's
 * `loaded`: then the loader was still parsing that file (or scanning a CommonJS file for its
 * exports, which for a big file is most of the stretch), and the stretch is that file's. Time after a span's start or end,
 * before the next mark, is no file's: it is evaluation or idle. Loading that runs inside an open
 * span is also reported as nested in the innermost one, whose own time it is not.
 *
 * With `idle` samples (taken where the loader runs on a thread of its own, Node 20), a stretch
 * counts only the time the main thread was busy in it: the rest it spent waiting for the
 * loader's thread, a wait that only tracing adds.
 */
export function loadPrices(marks: readonly LoadMark[], spans: readonly EvaluationSpan[], idle: readonly IdleSample[] = []): LoadPrices {
  const points: Point[] = [];
  spans.forEach((span, index) => {
    // A span of no time holds nothing, and its end would sort before its start.
    if (span.end > span.start) points.push({ at: span.start, span: { index, edge: 'start' } }, { at: span.end, span: { index, edge: 'end' } });
  });
  for (const mark of marks) points.push({ at: mark.at, mark });
  // At one instant a span ends before another starts, and both before a mark.
  const order = (point: Point): number => (point.span ? (point.span.edge === 'end' ? 0 : 1) : 2);
  points.sort((a, b) => a.at - b.at || order(a) - order(b));

  const byFile = new Map<string, number>();
  const nested = spans.map(() => 0);
  const busyMs = busyClock(idle);
  const open: number[] = [];
  let pending: LoadMark | undefined;
  let burst = new Set<string>();

  const charge = (file: string, ms: number): void => {
    byFile.set(file, (byFile.get(file) ?? 0) + ms);
  };

  for (const point of points) {
    if (pending) {
      const ms = busyMs(pending.at, point.at);
      if (pending.kind === 'cached') {
        // Nothing is loading: what follows may be idle, however long.
      } else if (point.span?.edge === 'start' && burst.size > 0 && pending.kind !== 'loaded') {
        for (const file of burst) charge(file, ms / burst.size);
      } else if (pending.kind !== 'tracing') {
        charge(pending.file, ms);
      }
      // The whole stretch was loading, its waits and what tracing added included: none of it is
      // the open span's own time.
      const inner = open.at(-1);
      if (inner !== undefined && pending.kind !== 'cached') nested[inner] = (nested[inner] ?? 0) + point.at - pending.at;
      pending = undefined;
    }
    if (point.mark) {
      pending = point.mark;
      if (point.mark.kind !== 'tracing' && point.mark.kind !== 'cached') burst.add(point.mark.file);
    } else if (point.span) {
      burst = new Set();
      if (point.span.edge === 'start') {
        open.push(point.span.index);
      } else {
        const at = open.lastIndexOf(point.span.index);
        if (at !== -1) open.splice(at, 1);
      }
    }
  }
  return { byFile, nested };
}

/**
 * Milliseconds between two moments that the main thread was not idle, interpolating between the
 * samples (in time order) around each moment. Asked in time order, as a sweep does, each call
 * moves on from where the last one stopped.
 */
function busyClock(samples: readonly IdleSample[]): (from: number, to: number) => number {
  let next = 0;
  const idleBy = (at: number): number => {
    if (next > 0 && (samples[next - 1] as IdleSample).at > at) next = 0;
    while (next < samples.length && (samples[next] as IdleSample).at < at) next += 1;
    const after = samples[next];
    const before = samples[next - 1];
    if (!before) return after?.idleMs ?? 0;
    if (!after) return before.idleMs;
    if (after.at === before.at) return after.idleMs;
    return before.idleMs + ((after.idleMs - before.idleMs) * (at - before.at)) / (after.at - before.at);
  };
  return (from, to) => {
    if (samples.length === 0) return to - from;
    const idleFrom = idleBy(from);
    return Math.max(0, to - from - (idleBy(to) - idleFrom));
  };
}
