// Module customization hooks of a traced process (registered by preload.ts): synchronous hooks
// on the main thread where Node has `module.registerHooks` (22.15+, 24), else asynchronous ones
// on the loader's own thread (`module.register`, Node 20).
//
// Every ES module file gets two markers: an import of a marker module placed before its own
// imports, which runs just before its dependencies are evaluated, and a call after its last
// statement. Between the two runs everything its evaluation costs: its dependencies that were
// not loaded yet, then its own body (top-level await included).
//
// The hooks also mark the steps of loading each module that an `import` reaches (ES modules,
// and CommonJS whose exports the ES loader scans): when its loading starts, when its source is
// read, and when its own imports start to resolve (its marker's, the first, is resolved right
// after the loader parsed it). The recorder splits the time between those marks among the
// files (load-price.ts). Loading a marker module is marked too, as time that only tracing adds.
import type { LoadHook, ResolveHook } from 'node:module';
import type { MessagePort } from 'node:worker_threads';
import { listenForImports, reportImport } from './importers.js';
import type { LoadMark } from './load-price.js';
import { RECORDER_KEY } from './record.js';

/** Takes one load mark, made at `at` on the hooks' clock. */
export type Mark = (kind: LoadMark['kind'], url: string, at: number) => void;

/** A mark posted from the loader's thread: kind, URL, and when (`performance.timeOrigin + performance.now()`). */
export type PostedMark = readonly [kind: LoadMark['kind'], url: string, at: number];

const RECORDER = `globalThis[Symbol.for(${JSON.stringify(RECORDER_KEY)})]`;
const MARKER_PREFIX = `data:text/javascript,${encodeURIComponent(`${RECORDER}?.enter(`)}`;

/** `source` with the markers, keeping every line where it was (source maps stay right). */
function instrument(source: string, url: string, importer: string | undefined): string {
  // A data: URL, unique to the module, is evaluated once; Node 22's require() of an ES module
  // accepts no other scheme.
  const call = `${RECORDER}?.enter(${JSON.stringify(url)}, ${JSON.stringify(importer ?? '')});`;
  const enter = `import ${JSON.stringify(`data:text/javascript,${encodeURIComponent(call)}`)};`;
  const exit = `\n;${RECORDER}?.exit(${JSON.stringify(url)});\n`;
  // A hashbang must stay the first line, so the import goes at the start of the second.
  const hashbang = source.startsWith('#!') ? source.indexOf('\n') + 1 : 0;
  if (source.startsWith('#!') && hashbang === 0) return `${source}\n${enter}${exit}`;
  return `${source.slice(0, hashbang)}${enter}${source.slice(hashbang)}${exit}`;
}

interface Resolved {
  readonly url: string;
}

interface Loaded {
  readonly format?: string | null | undefined;
  readonly source?: string | ArrayBuffer | NodeJS.TypedArray | null | undefined;
}

/**
 * The hooks' work, shared by the synchronous and asynchronous forms: `resolved` sees each
 * resolution, `loaded` each load (with when it started) and gives what to return.
 */
function tracer(
  mark: Mark,
  now: () => number,
): {
  resolved: (specifier: string, parentURL: string | undefined, resolved: Resolved) => void;
  loaded: <Result extends Loaded>(url: string, conditions: readonly string[] | undefined, loaded: Result, startedAt: number) => Result;
  /** Whether a module file at `url` was loaded already. */
  isLoaded: (url: string) => boolean;
} {
  /** The first module that resolved each URL: the loader of a module evaluated outside any other. */
  const firstImporter = new Map<string, string>();
  /** The module of each marker. */
  const markerOf = new Map<string, string>();
  const loadedUrls = new Set<string>();
  return {
    isLoaded: (url) => loadedUrls.has(url),
    resolved(specifier, parentURL, resolved) {
      if (!parentURL?.startsWith('file:')) return;
      if (specifier.startsWith(MARKER_PREFIX)) {
        mark('linking', parentURL, now());
        markerOf.set(resolved.url, parentURL);
      }
      if (resolved.url.startsWith('file:') && !firstImporter.has(resolved.url)) firstImporter.set(resolved.url, parentURL);
    },
    loaded(url, conditions, loaded, startedAt) {
      const module = markerOf.get(url);
      if (module !== undefined) {
        markerOf.delete(url);
        // Then the loader compiles the marker; the module's next import marks its resolution
        // (on the main thread), or the main thread answers the loader's (Node 20).
        mark('tracing', url, startedAt);
        mark('tracing', url, now());
      }
      if (!url.startsWith('file:')) return loaded;
      loadedUrls.add(url);
      // TypeScript that Node strips itself (Node 22.18+) takes the markers as it is.
      const esm = loaded.format === 'module' || loaded.format === 'module-typescript';
      // CommonJS that an import reaches is read and scanned for its exports now (Node 20 gives no
      // conditions: its hooks never see a require()); a require()'s
      // loading is timed by the preload, around `Module._load`.
      if (esm || (loaded.format === 'commonjs' && !conditions?.includes('require'))) {
        mark('load', url, startedAt);
        mark('loaded', url, now());
      }
      if (!esm || loaded.source == null) return loaded;
      const source = typeof loaded.source === 'string' ? loaded.source : new TextDecoder().decode(loaded.source);
      return { ...loaded, source: instrument(source, url, firstImporter.get(url)) };
    },
  };
}

// The asynchronous form, on the loader's thread: marks go to the preload through a port.
let port: MessagePort | undefined;
const clock = (): number => performance.timeOrigin + performance.now();
const posted = tracer((kind, url, at) => port?.postMessage([kind, url, at] satisfies PostedMark), clock);

/** Takes the ports that the preload passed to `module.register`: one for load marks, one for importers. */
export function initialize(data: { readonly port?: MessagePort; readonly importers?: MessagePort } | undefined): void {
  port = data?.port;
  listenForImports(data);
}

export const resolve: ResolveHook = async (specifier, context, nextResolve) => {
  const resolved = await nextResolve(specifier, context);
  posted.resolved(specifier, context.parentURL, resolved);
  reportImport(context.parentURL, resolved.url);
  return resolved;
};

export const load: LoadHook = async (url, context, nextLoad) => {
  const at = clock();
  const loaded = await nextLoad(url, context);
  return posted.loaded(url, context.conditions, loaded, at);
};

/** The synchronous hooks that `module.registerHooks` takes. */
export interface SyncHooks {
  resolve(
    specifier: string,
    context: { parentURL?: string | undefined; conditions?: string[] | undefined },
    next: (specifier: string, context: unknown) => Resolved,
  ): Resolved;
  load(url: string, context: { conditions: string[] }, next: (url: string, context: unknown) => Loaded): Loaded;
}

/** Hooks for `module.registerHooks`, on the main thread: each mark is taken as it happens. */
export function syncHooks(mark: Mark, now: () => number): SyncHooks {
  const inThread = tracer(mark, now);
  return {
    resolve(specifier, context, next) {
      // Resolving a module's imports is a part of its price; a require()'s is timed by the preload.
      const parent = context.parentURL;
      const marked = parent?.startsWith('file:') === true && !specifier.startsWith(MARKER_PREFIX) && !context.conditions?.includes('require');
      if (marked) mark('linking', parent, now());
      const resolved = next(specifier, context);
      inThread.resolved(specifier, parent, resolved);
      reportImport(parent, resolved.url);
      // A module loaded already, or a builtin, is not loaded now: nothing more is the parent's.
      if (marked && (!resolved.url.startsWith('file:') || inThread.isLoaded(resolved.url))) mark('cached', parent, now());
      return resolved;
    },
    load(url, context, next) {
      const at = now();
      const loaded = next(url, context);
      return inThread.loaded(url, context.conditions, loaded, at);
    },
  };
}
