// Runs generated modules in one Node process: for each, which heavy stubs its evaluation
// loaded, then what every export gives when called. Needs `--preserve-symlinks`, so that
// each module's `node_modules` link gives it stub instances of its own.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [listFile, outFile, loadsGlobal] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const ARG = 3;

function isClass(value) {
  return typeof value === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(value));
}

async function attempt(run, depth = 0) {
  try {
    return await settle(await run(), depth);
  } catch (error) {
    return { error: String(error?.message ?? error) };
  }
}

// Calls what can be called, awaits what can be awaited, and reads what can be read, down to
// plain values that compare as JSON.
async function settle(value, depth = 0) {
  if (depth > 4) return '(deep)';
  if (value && typeof value.then === 'function') return attempt(() => value, depth + 1);
  if (isClass(value)) {
    return attempt(async () => {
      const instance = new value();
      const names = [
        ...Object.keys(instance),
        ...Object.getOwnPropertyNames(value.prototype).filter((name) => name !== 'constructor'),
      ].sort();
      const out = {};
      for (const name of names) {
        out[name] = await attempt(
          () => (typeof instance[name] === 'function' ? instance[name](ARG) : instance[name]),
          depth + 1,
        );
      }
      for (const name of Object.keys(value).sort()) out[`static ${name}`] = await settle(value[name], depth + 1);
      return out;
    });
  }
  if (typeof value === 'function') return attempt(() => value(ARG), depth + 1);
  if (value && typeof value[Symbol.asyncIterator] === 'function') {
    return attempt(async () => {
      const items = [];
      for await (const item of value) items.push(await settle(item, depth + 1));
      return { items };
    });
  }
  if (value && typeof value.next === 'function' && typeof value[Symbol.iterator] === 'function') {
    return attempt(async () => ({ items: await Promise.all([...value].map((item) => settle(item, depth + 1))) }));
  }
  if (Array.isArray(value)) return Promise.all(value.map((item) => settle(item, depth + 1)));
  if (value && typeof value === 'object') {
    const out = {};
    for (const name of Object.keys(value).sort()) out[name] = await attempt(() => value[name], depth + 1);
    return out;
  }
  return value === undefined ? '(undefined)' : value;
}

const results = {};
for (const { id, file } of JSON.parse(readFileSync(listFile, 'utf8'))) {
  globalThis[loadsGlobal] = [];
  const dir = path.dirname(file) + path.sep;
  const loaded = () => globalThis[loadsGlobal].filter((url) => url.includes(dir)).map((url) => url.split('node_modules/')[1]?.split('/')[0]);
  let exports;
  try {
    exports = file.endsWith('.cjs') ? require(file) : await import(pathToFileURL(file).href);
  } catch (error) {
    results[id] = { startup: loaded(), result: { loadError: String(error?.message ?? error) } };
    continue;
  }
  const startup = loaded();
  const result = {};
  for (const name of Object.keys(exports).sort()) result[name] = await attempt(() => exports[name]);
  results[id] = { startup, result };
}
writeFileSync(outFile, JSON.stringify(results));
