// Module customization hooks of a traced process (registered by preload.ts; they run on the
// loader's own thread). Every ES module file gets two markers: an import of a marker module
// placed before its own imports, which runs just before its dependencies are evaluated, and a
// call after its last statement. Between the two runs everything the module costs: its
// dependencies that were not loaded yet, then its own body (top-level await included).
import type { LoadHook, ResolveHook } from 'node:module';
import { reportImport } from './importers.js';
import { RECORDER_KEY } from './record.js';

export { listenForImports as initialize } from './importers.js';

/** The first module that resolved each URL: the loader of a module evaluated outside any other. */
const firstImporter = new Map<string, string>();

export const resolve: ResolveHook = async (specifier, context, nextResolve) => {
  const resolved = await nextResolve(specifier, context);
  reportImport(context.parentURL, resolved.url);
  if (context.parentURL?.startsWith('file:') && resolved.url.startsWith('file:') && !firstImporter.has(resolved.url)) {
    firstImporter.set(resolved.url, context.parentURL);
  }
  return resolved;
};

const RECORDER = `globalThis[Symbol.for(${JSON.stringify(RECORDER_KEY)})]`;

/** `source` with the markers, keeping every line where it was (source maps stay right). */
function instrument(source: string, url: string): string {
  // A data: URL, unique to the module, is evaluated once; Node 22's require() of an ES module
  // accepts no other scheme.
  const call = `${RECORDER}?.enter(${JSON.stringify(url)}, ${JSON.stringify(firstImporter.get(url) ?? '')});`;
  const enter = `import ${JSON.stringify(`data:text/javascript,${encodeURIComponent(call)}`)};`;
  const exit = `\n;${RECORDER}?.exit(${JSON.stringify(url)});\n`;
  // A hashbang must stay the first line, so the import goes at the start of the second.
  const hashbang = source.startsWith('#!') ? source.indexOf('\n') + 1 : 0;
  if (source.startsWith('#!') && hashbang === 0) return `${source}\n${enter}${exit}`;
  return `${source.slice(0, hashbang)}${enter}${source.slice(hashbang)}${exit}`;
}

export const load: LoadHook = async (url, context, nextLoad) => {
  const loaded = await nextLoad(url, context);
  // TypeScript that Node strips itself (Node 22.18+) takes the markers as it is.
  if ((loaded.format !== 'module' && loaded.format !== 'module-typescript') || !url.startsWith('file:') || loaded.source == null) {
    return loaded;
  }
  const source = typeof loaded.source === 'string' ? loaded.source : new TextDecoder().decode(loaded.source);
  return { ...loaded, source: instrument(source, url) };
};
