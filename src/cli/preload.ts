// The preload of a traced process (`--import` in NODE_OPTIONS, so child `node` processes run it
// too). It times the evaluation of every module, ES and CommonJS alike, on one stack: a module's
// frame is open while it evaluates, and a module evaluated inside another's frame is what that
// one loaded, so its time is the loader's total, not the loader's own. ES modules are timed by
// the markers that hooks.js adds; CommonJS modules by wrapping `Module.prototype._compile`
// (loader hooks do not see a `require()` inside CommonJS on every Node version). On exit, the
// record goes to a file in the folder the tracer named.
import { writeFileSync } from 'node:fs';
import Module, { register } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread } from 'node:worker_threads';
import { recordImporters } from './importers.js';
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
  selfMs: number;
  later: boolean;
  /** Set when another record of the same evaluation stands for it. */
  merged?: true;
}

interface CompilingModule {
  _compile(this: CompilingModule, content: string, filename: string, ...rest: unknown[]): unknown;
}

interface ModuleInternals {
  prototype: CompilingModule;
  _load(this: unknown, request: string, parent: { filename?: string | null } | null | undefined, isMain: boolean): unknown;
}

// Worker threads run the preload too, but share the process's record file: only the main
// thread records.
const dir = process.env[TRACE_DIR_VARIABLE];
if (dir && isMainThread && !(Symbol.for(RECORDER_KEY) in globalThis)) startRecording(dir);

function startRecording(into: string): void {
  const drafts: Draft[] = [];
  const stack: Frame[] = [];
  /** The loader of each `require()` under way: the only trace of a `require()` in a function. */
  const loaders: (string | undefined)[] = [];
  /** The first record of each file, to find a loader by its file. */
  const recorded = new Map<string, number>();
  let entryDone = false;
  const importers = recordImporters(() => entryDone);

  function begin(file: string, from: string | undefined): Frame {
    const top = stack.at(-1);
    const parent = top ? top.index : from === undefined ? -1 : (recorded.get(from) ?? -1);
    const index = drafts.length;
    const start = performance.now();
    drafts.push({ file, parent, start, selfMs: 0, later: entryDone });
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
    const totalMs = performance.now() - frame.start;
    const draft = drafts[frame.index] as Draft;
    draft.selfMs = Math.max(0, totalMs - frame.childMs);
    const top = stack.at(-1);
    if (top) top.childMs += totalMs;
    // Node 22+ evaluates an ES module that require() reaches inside `_compile`: the module's
    // own record, made inside, stands for both.
    const inner = drafts.findIndex((other, index) => index > frame.index && other.parent === frame.index && other.file === draft.file);
    if (inner !== -1) {
      draft.merged = true;
      const standIn = drafts[inner] as Draft;
      standIn.selfMs += draft.selfMs;
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
    loaders.push(parent?.filename ?? undefined);
    try {
      return load.call(this, request, parent, isMain);
    } finally {
      loaders.pop();
    }
  };
  const compile = internals.prototype._compile;
  internals.prototype._compile = function (content, filename, ...rest) {
    const frame = begin(filename, loaders.at(-1));
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
    // Indexes without the merged records.
    const renumbered: number[] = [];
    const modules: ModuleRecord[] = [];
    drafts.forEach((draft, index) => {
      if (draft.merged) return;
      renumbered[index] = modules.length;
      const parent = draft.parent === -1 ? -1 : (renumbered[draft.parent] ?? -1);
      modules.push({ file: draft.file, parent, start: draft.start, selfMs: draft.selfMs, later: draft.later });
    });
    const record: ProcessRecord = {
      pid: process.pid,
      ppid: process.ppid,
      timeOrigin: performance.timeOrigin,
      argv: process.argv,
      modules,
      imports: importers.edges(),
    };
    try {
      writeFileSync(path.join(into, `${process.pid}.json`), JSON.stringify(record));
    } catch {
      // The tracer is gone (it removed the folder): nobody is left to read the record.
    }
  });

  register(new URL('./hooks.js', import.meta.url), { data: importers.hooksData, transferList: [...importers.transferList] });
}
