// The floor of start-up time: the app with every start-up load of a heavy module replaced by a
// stub, so nothing heavy loads and nothing else changes. No lazy loading can beat it.
import { parse } from '@typescript-eslint/parser';
import { createHeavyMatcher } from '../dist/analysis/heavy-matcher.js';
import { collectModuleLoads } from '../dist/analysis/module-loads.js';

/**
 * A value that stands for anything a heavy module exports: callable, constructible, any
 * property. Written inline where each load was, made once per process, so the floor loads
 * no module of its own.
 */
const STUB =
  '(globalThis.__heavyStub ??= (() => { const handler = { ' +
  "get: (_, key) => (key === Symbol.toPrimitive ? () => '' : key === 'then' ? undefined : stub), " +
  'apply: () => stub, construct: () => stub }; const stub = new Proxy(function () {}, handler); return stub; })())';

function bindingsOf(declaration) {
  return declaration.specifiers
    .filter((specifier) => !(specifier.type === 'ImportSpecifier' && specifier.importKind === 'type'))
    .map((specifier) => `${specifier.local.name} = ${STUB}`);
}

/** `export { a, b as c } from 'h'` keeps its names, bound to the stub; `export *` cannot. */
function reExportOf(declaration) {
  const names = (declaration.specifiers ?? [])
    .filter((specifier) => specifier.exportKind !== 'type')
    .map((specifier) => (specifier.exported.type === 'Identifier' ? specifier.exported.name : specifier.exported.value));
  const lines = names.filter((name) => name !== 'default').map((name) => `export const ${name} = ${STUB};`);
  if (names.includes('default')) lines.push(`export default ${STUB};`);
  return lines.join(' ');
}

/**
 * Replaces every load of a heavy module that runs at start-up with the stub: an import becomes
 * `const a = stub`, a `require()` or `import()` the stub itself, a re-export disappears.
 * @param {string} source
 * @param {string} filename
 * @param {readonly { name: string }[]} heavy
 * @param {string} cwd
 * @returns {string}
 */
export function stubHeavyLoads(source, filename, heavy, cwd) {
  const matcher = createHeavyMatcher(heavy, cwd);
  const program = parse(source, { range: true, loc: true, sourceType: 'module', jsx: filename.endsWith('x') });
  const edits = [];
  for (const load of collectModuleLoads(program)) {
    if (!load.atLoad || !matcher.match(load.specifier, filename)) continue;
    const [start, end] = load.node.range;
    switch (load.kind) {
      case 'import': {
        const names = bindingsOf(load.node);
        edits.push([start, end, names.length > 0 ? `const ${names.join(', ')};` : '']);
        break;
      }
      case 'export':
        edits.push([start, end, reExportOf(load.node)]);
        break;
      case 'import-equals':
        edits.push([start, end, `const ${load.node.id.name} = ${STUB};`]);
        break;
      case 'require':
        edits.push([start, end, STUB]);
        break;
      case 'dynamic-import':
        edits.push([start, end, `Promise.resolve(${STUB})`]);
        break;
    }
  }
  let output = source;
  for (const [start, end, text] of edits.toSorted((a, b) => b[0] - a[0])) {
    output = output.slice(0, start) + text + output.slice(end);
  }
  return output;
}
