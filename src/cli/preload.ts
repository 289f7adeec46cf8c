// The preload of a traced process (`--import` in NODE_OPTIONS, so child `node` processes run it
// too). It times every module, ES and CommonJS alike, on one stack: a module's frame is open
// while it evaluates, and a module evaluated inside another's frame is what that one loaded, so
// its time is the loader's total, not the loader's own. ES modules are timed by the markers that
// hooks.js adds; CommonJS modules by wrapping `Module.prototype._compile`, whose frame starts
// when the `require()` that reached it did (its resolution and reading are its own price; loader
// hooks do not see a `require()` inside CommonJS on every Node version). The reading, parsing and
// linking of ES modules, which Node does for a whole graph before any of it evaluates, is split
// among the files from the marks the hooks make (load-price.ts). On exit, the record goes to a
// file in the folder the tracer named.
import { writeFileSync } from 'node:fs';
import Module, { register } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { syncHooks, type PostedMark, type SyncHooks } from './hooks.js';
import { loadPrices, type IdleSample, type LoadMark } from './load-price.js';
import { recordImporters, type ImporterRecorder } from './importers.js';
import { RECORDER_KEY, TRACE_DIR_VARIABLE, type ModuleRecord, type ProcessRecord } from './record.js';

interface Frame {
  /** Index of the module's record. */
  readonly index: number;
  readonly start: number;
  /** Milliseconds of the modules evaluated inside this frame. */
  childMs: number;
}

interface Draft {
  file: string;
  parent: number;
  start: number;
  /** When its frame closed (its start while it is open). */
  end: number;
  /** Its frame's time without the frames inside it. */
  selfMs: number;
  /** Of that, what its `require()` took before it evaluated: resolving and reading it. */
  requireMs: number;
  later: boolean;
  /** Set when another record of the same evaluation stands for it: that record's index. */
  mergedInto?: number;
}

/** A `require()` under way: when it started, and whether a module's frame has begun since. */
interface PendingRequire {
  readonly start: number;
  /** The count of frames begun when it started. */
  readonly begun: number;
  /** The file it came from, the only trace of a `require()` in a function. */
  readonly from: string | undefined;
}

interface CompilingModule {
  _compile(this: CompilingModule, content: string, filename: string, ...rest: unknown[]): unknown;
}

/** `module.registerHooks` (Node 22.15+, 24), which Node 20's types do not know. */
type RegisterHooks = (hooks: SyncHooks) => unknown;

interface ModuleInternals {
  prototype: CompilingModule;
  _load(this: unknown, request: string, parent: { filename?: string | null } | null | undefined, isMain: boolean): unknown;
}

// Worker threads run the preload too, but share the process's record file: only the main
// thread records.
const dir = process.env[TRACE_DIR_VARIABLE];
if (dir && isMainThread && !(Symbol.for(RECORDER_KEY) in globalThis)) startRecording(dir);

function startRecording(into: string): void {
  // Where the process started: a program may change its working directory later.
  const cwd = process.cwd();
  const drafts: Draft[] = [];
  const stack: Frame[] = [];
  const requires: PendingRequire[] = [];
  /** The first record of each file, to find a loader by its file. */
  const recorded = new Map<string, number>();
  const marks: LoadMark[] = [];
  const idle: IdleSample[] = [];
  let entryDone = false;
  const importers = recordImporters(() => entryDone);
  const hooks = markLoads(marks, importers);
  /** Where the loader has a thread of its own, how long the main thread waited, at each frame's edges. */
  const sampleIdle = hooks.inThread
    ? () => {}
    : () => idle.push({ at: performance.now(), idleMs: performance.eventLoopUtilization().idle });
  sampleIdle();

  /** Opens a module's frame; `since` backdates it to the `require()` that reached it. */
  function begin(file: string, from: string | undefined, since?: number): Frame {
    const top = stack.at(-1);
    const parent = top ? top.index : from === undefined ? -1 : (recorded.get(from) ?? -1);
    const index = drafts.length;
    const now = performance.now();
    const start = since ?? now;
    drafts.push({ file, parent, start, end: start, selfMs: 0, requireMs: now - start, later: entryDone });
    sampleIdle();
    if (!recorded.has(file)) recorded.set(file, index);
    const frame = { index, start, childMs: 0 };
    stack.push(frame);
    return frame;
  }

  function end(frame: Frame): void {
    const at = stack.lastIndexOf(frame);
    if (at === -1) return;
    // A frame left open by a module that threw, or awaits still, closes with its loader.
    while (stack.length > at + 1) end(stack.at(-1) as Frame);
    stack.pop();
    const draft = drafts[frame.index] as Draft;
    draft.end = performance.now();
    sampleIdle();
    const totalMs = draft.end - frame.start;
    draft.selfMs = Math.max(0, totalMs - frame.childMs);
    const top = stack.at(-1);
    if (top) top.childMs += totalMs;
    // Node 22+ evaluates an ES module that require() reaches inside `_compile`: the module's
    // own record, made inside, stands for both.
    const inner = drafts.findIndex((other, index) => index > frame.index && other.parent === frame.index && other.file === draft.file);
    if (inner !== -1) {
      draft.mergedInto = inner;
      const standIn = drafts[inner] as Draft;
      standIn.selfMs += draft.selfMs;
      standIn.requireMs += draft.requireMs;
      for (const other of drafts) if (other.parent === frame.index) other.parent = inner;
      standIn.parent = draft.parent;
      if (recorded.get(draft.file) === frame.index) recorded.set(draft.file, inner);
    }
    if (stack.length === 0 && process.argv[1] && draft.file === drafts[0]?.file) {
      importers.settle();
      entryDone = true;
    }
  }

  // The markers that hooks.js adds to every ES module call these.
  const esmFrames = new Map<string, Frame>();
  Object.defineProperty(globalThis, Symbol.for(RECORDER_KEY), {
    value: {
      enter(url: string, from: string) {
        esmFrames.set(url, begin(fileURLToPath(url), from ? fileURLToPath(from) : undefined));
      },
      exit(url: string) {
        const frame = esmFrames.get(url);
        esmFrames.delete(url);
        if (frame) end(frame);
      },
    },
  });

  const internals = Module as unknown as ModuleInternals;
  const load = internals._load;
  internals._load = function (request, parent, isMain) {
    importers.noteRequire(request, parent, isMain);
    requires.push({ start: performance.now(), begun: drafts.length, from: parent?.filename ?? undefined });
    try {
      return load.call(this, request, parent, isMain);
    } finally {
      requires.pop();
    }
  };
  const compile = internals.prototype._compile;
  internals.prototype._compile = function (content, filename, ...rest) {
    const pending = requires.at(-1);
    // The module that the innermost require() reached, when no other began in between.
    const since = pending?.begun === drafts.length ? pending.start : undefined;
    const frame = begin(filename, pending?.from, since);
    try {
      return compile.call(this, content, filename, ...rest);
    } finally {
      end(frame);
    }
  };

  // A program run with `-e` or `-p` has no entry module: its start-up is its first turn.
  if (!process.argv[1]) setImmediate(() => (entryDone = true)).unref();

  process.on('exit', () => {
    while (stack.length > 0) end(stack[0] as Frame);
    hooks.takeMarks();
    sampleIdle();
    const loading = addLoading(drafts, recorded, marks, idle);
    // Indexes without the merged records.
    const renumbered: number[] = [];
    const modules: ModuleRecord[] = [];
    drafts.forEach((draft, index) => {
      if (draft.mergedInto !== undefined) return;
      renumbered[index] = modules.length;
      const parent = draft.parent === -1 ? -1 : (renumbered[draft.parent] ?? -1);
      const loadMs = loading[index] ?? 0;
      modules.push({
        file: draft.file,
        parent,
        start: draft.start,
        selfMs: draft.selfMs + loadMs,
        evalMs: Math.max(0, draft.selfMs - draft.requireMs),
        loadMs,
        imported: loading[index] !== undefined,
        later: draft.later,
      });
    });
    const record: ProcessRecord = {
      pid: process.pid,
      ppid: process.ppid,
      timeOrigin: performance.timeOrigin,
      argv: process.argv,
      execPath: process.execPath,
      execArgv: process.execArgv,
      cwd,
      loadsOffThread: !hooks.inThread,
      modules,
      imports: importers.edges(),
    };
    try {
      writeFileSync(path.join(into, `${process.pid}.json`), JSON.stringify(record));
    } catch {
      // The tracer is gone (it removed the folder): nobody is left to read the record.
    }
  });
}

/**
 * Registers the loader hooks, which put their load marks into `marks`: at once on Node's main
 * thread where it has synchronous hooks, else through a port from the loader's thread. Returns
 * which, and what takes the marks still in the port.
 */
function markLoads(marks: LoadMark[], importers: ImporterRecorder): { readonly inThread: boolean; readonly takeMarks: () => void } {
  const registerHooks = (Module as unknown as { registerHooks?: RegisterHooks }).registerHooks;
  if (registerHooks) {
    registerHooks(syncHooks((kind, url, at) => marks.push({ kind, file: markedFile(kind, url), at }), () => performance.now()));
    return { inThread: true, takeMarks: () => {} };
  }
  const { port1, port2 } = new MessageChannel();
  port1.unref();
  register(new URL('./hooks.js', import.meta.url), {
    data: { port: port2, ...importers.hooksData },
    transferList: [port2, ...importers.transferList],
  });
  return { inThread: false, takeMarks: () => takePosted(port1, marks) };
}

/** The file of a load mark: none for a marker module's. */
function markedFile(kind: LoadMark['kind'], url: string): string {
  return kind === 'tracing' ? '' : fileURLToPath(url);
}

/** Moves the marks the loader's thread posted into `marks`, on this thread's clock. */
function takePosted(port: MessagePort, marks: LoadMark[]): void {
  for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port)) {
    const [kind, url, at] = message.message as PostedMark;
    marks.push({ kind, file: markedFile(kind, url), at: at - performance.timeOrigin });
  }
}

/**
 * Splits the ES loading time among the records: each file's loading goes to its first record,
 * and loading nested in a frame is taken from that frame's own time. Returns the loading
 * milliseconds of each record (by index); a merged record's goes to the record standing for it.
 */
function addLoading(drafts: Draft[], recorded: ReadonlyMap<string, number>, marks: readonly LoadMark[], idle: readonly IdleSample[]): number[] {
  const { byFile, nested } = loadPrices(marks, drafts, idle);
  const standing = (index: number): number => drafts[index]?.mergedInto ?? index;
  nested.forEach((ms, index) => {
    const draft = drafts[standing(index)] as Draft;
    draft.selfMs = Math.max(0, draft.selfMs - ms);
  });
  const loading: number[] = [];
  for (const [file, ms] of byFile) {
    const index = recorded.get(file);
    if (index !== undefined) loading[standing(index)] = (loading[standing(index)] ?? 0) + ms;
  }
  return loading;
}
