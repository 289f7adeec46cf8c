// Every importer of every module in a traced process. Node keeps only a module's first parent
// (`module.parent`, the first `parentURL`), so a package that three files load shows one chain,
// and stays loaded after that one import is removed. Each load is seen where it happens: an ES
// import in the loader's resolve hook (parent URL → URL, on the hooks' thread, sent to the main
// thread over a port), a `require()` in the preload's `Module._load` wrapper, cached modules included,
// resolved to the file it loads.
import Module from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { ImportEdge } from './record.js';

export interface LoadingModule {
  readonly filename?: string | null;
}

interface ModuleInternals {
  _resolveFilename(request: string, parent: LoadingModule | null | undefined, isMain: boolean): string;
}

/** The recorder of the importer edges in a traced process's main thread. */
export interface ImporterRecorder {
  /** Data for the loader hooks' `initialize`, and what `register()` must transfer. */
  readonly hooksData: { readonly importers: MessagePort };
  readonly transferList: readonly MessagePort[];
  /** Takes in the ES imports the hooks have sent so far, with the phase of this moment. */
  settle(): void;
  /**
   * Records the edge of a `require()` about to run (cached modules too, resolved to the file), from
   * the preload's own `Module._load` wrapper: called before that wrapper starts its clock, so the
   * resolution it makes is no module's time.
   */
  noteRequire(request: string, parent: LoadingModule | null | undefined, isMain: boolean): void;
  /** Every edge, each once, the earliest phase kept. */
  edges(): ImportEdge[];
}

/**
 * Starts recording who loads what in this thread: every `require()` the preload notes, and every ES
 * import that the loader hooks report on the port of `hooksData`. `later` says whether the
 * entry module graph has finished evaluating.
 */
export function recordImporters(later: () => boolean): ImporterRecorder {
  const edges = new Map<string, ImportEdge>();
  const add = (from: string, to: string): void => {
    const key = `${from}\0${to}`;
    if (!edges.has(key)) edges.set(key, { from, to, later: later() });
  };

  const { port1, port2 } = new MessageChannel();
  port1.unref();
  const settle = (): void => {
    for (let message = receiveMessageOnPort(port1); message; message = receiveMessageOnPort(port1)) {
      const [from, to] = message.message as [string, string];
      add(fileURLToPath(from), fileURLToPath(to));
    }
  };
  // Hooks that run in this thread (`module.registerHooks`) report here directly.
  reportInThread = (from, to) => add(fileURLToPath(from), fileURLToPath(to));

  const internals = Module as unknown as ModuleInternals;
  // Resolving again costs time: each request is resolved once per folder.
  const resolved = new Map<string, string | null>();
  const noteRequire = (request: string, parent: LoadingModule | null | undefined, isMain: boolean): void => {
    const from = parent?.filename;
    if (!from) return;
    const key = `${path.dirname(from)}\0${request}`;
    let to = resolved.get(key);
    if (to === undefined) {
      try {
        to = internals._resolveFilename(request, parent, isMain);
      } catch {
        // Node's own load throws the same error just after.
        to = null;
      }
      resolved.set(key, to);
    }
    // A builtin resolves to its name, not a file.
    if (to && path.isAbsolute(to)) {
      settle();
      add(from, to);
    }
  };

  return {
    hooksData: { importers: port2 },
    transferList: [port2],
    settle,
    noteRequire,
    edges() {
      settle();
      return [...edges.values()];
    },
  };
}

let hooksPort: MessagePort | undefined;
let reportInThread: ((from: string, to: string) => void) | undefined;
const reported = new Set<string>();

/** The loader hooks' `initialize`: takes the port that `recordImporters` made. */
export function listenForImports(data: { readonly importers?: MessagePort } | undefined): void {
  hooksPort = data?.importers;
  hooksPort?.unref();
}

/**
 * Called by the resolve hook for each import: sends a new file → file edge to the main thread,
 * or records it, when the hooks run in the main thread.
 */
export function reportImport(parentUrl: string | undefined, url: string): void {
  if (!parentUrl?.startsWith('file:') || !url.startsWith('file:')) return;
  const key = `${parentUrl}\0${url}`;
  if (reported.has(key)) return;
  reported.add(key);
  if (hooksPort) hooksPort.postMessage([parentUrl, url]);
  else reportInThread?.(parentUrl, url);
}
