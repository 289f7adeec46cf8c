// Runs every given module of a generated program once, in one process, and logs each load that
// Node performs while they are evaluated: the importing file and the file loaded, for
// `import`, `import()` (through resolve hooks) and `require()` (through CommonJS resolution).
// A load inside a function nobody calls never happens, so the log holds exactly the loads
// that run at start-up. Usage: node observe-run.mjs <log> <module>...
import { appendFileSync } from 'node:fs';
import Module, { register } from 'node:module';
import { pathToFileURL } from 'node:url';

const [log, ...modules] = process.argv.slice(2);
register(new URL('resolve-hooks.mjs', import.meta.url), { data: { log } });

// `Module._load` sees every `require()` call; resolution itself is cached per folder.
const load = Module._load;
Module._load = function (request, parent, ...rest) {
  if (parent?.filename) {
    const resolved = Module._resolveFilename(request, parent, false);
    appendFileSync(log, `${JSON.stringify([parent.filename, resolved])}\n`);
  }
  return load.call(this, request, parent, ...rest);
};

for (const module of modules) await import(pathToFileURL(module).href);
// Loads started by a top-level `import()` finish after the importer's evaluation; the process
// stays alive until they have.
