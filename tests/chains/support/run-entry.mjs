// Runs one entry of a generated program: which heavy stubs loaded while it was evaluated
// (start-up), then what each of its exports gives when read or called (awaited). Prints one
// line of JSON. Usage: node run-entry.mjs <entry>
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const [entry] = process.argv.slice(2);
globalThis.__stubLoads = [];
const exports = entry.endsWith('.cjs') ? createRequire(import.meta.url)(entry) : await import(pathToFileURL(entry).href);
const startup = [...new Set(globalThis.__stubLoads)].sort();
const results = {};
for (const name of Object.keys(exports).sort()) {
  const value = exports[name];
  try {
    results[name] = typeof value === 'function' ? await value() : value;
  } catch (error) {
    results[name] = { error: String(error?.message ?? error) };
  }
}
process.stdout.write(`${JSON.stringify({ startup, results })}\n`);
