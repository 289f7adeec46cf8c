import { parse as parseTypeScript } from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/types';
import * as espree from 'espree';
import { afterAll, describe, expect, it } from 'vitest';
import { collectModuleLoads } from '../../src/analysis/module-loads.js';
import { loadsOfStartFunctions } from '../../src/analysis/start-calls.js';
import { scanFile } from '../../src/graph/scanner.js';
import { temporaryDir } from '../support/files.js';

type ParserName = 'typescript' | 'espree module' | 'espree commonjs';

function parse(code: string, parser: ParserName): TSESTree.Program {
  if (parser === 'typescript') {
    return parseTypeScript(code, { sourceType: 'module', ecmaVersion: 'latest', range: true, loc: true });
  }
  const sourceType = parser === 'espree module' ? 'module' : 'commonjs';
  return espree.parse(code, { ecmaVersion: 'latest', sourceType, range: true, loc: true }) as unknown as TSESTree.Program;
}

/** The specifiers loaded by the functions `code` calls while it evaluates. */
function startLoads(code: string, parser: ParserName): string[] {
  const program = parse(code, parser);
  return loadsOfStartFunctions(program, collectModuleLoads(program)).map((load) => load.specifier);
}

const ESM: readonly ParserName[] = ['typescript', 'espree module'];
const ALL: readonly ParserName[] = [...ESM, 'espree commonjs'];

describe.each(ESM)('functions an ES module calls while it evaluates (%s)', (parser) => {
  it.each([
    ['await main()', "async function main() { await import('./a.js'); }\nawait main();"],
    ['main().catch(…)', "async function main() { await import('./a.js'); }\nmain().catch((error) => console.error(error));"],
    ['main().then(…).catch(…)', "async function main() { await import('./a.js'); }\nmain().then(() => {}).catch(() => {});"],
    ['void main()', "async function main() { await import('./a.js'); }\nvoid main();"],
    ['an arrow in a const', "const main = async () => { await import('./a.js'); };\nawait main();"],
    ['a function expression in a const', "const main = async function () { await import('./a.js'); };\nmain();"],
    ['an exported function', "export async function main() { await import('./a.js'); }\nawait main();"],
    ['an assignment of its result', "async function main() { await import('./a.js'); return 0; }\nprocess.exitCode = await main();"],
    ['a const of its result', "async function main() { await import('./a.js'); return 0; }\nconst code = await main();"],
    ['a call inside a top-level if', "async function main() { await import('./a.js'); }\nif (import.meta.main) { await main(); }"],
    ['a call inside a top-level try', "async function main() { await import('./a.js'); }\ntry { await main(); } catch {}"],
    ['an IIFE in its body', "async function main() { (() => import('./a.js'))(); }\nmain();"],
    ['a call in a top-level catch', "async function main() { await import('./a.js'); }\ntry { JSON.parse('x'); } catch { await main(); }"],
    ['a call in a top-level switch', "async function main() { await import('./a.js'); }\nswitch (process.argv[2]) { default: await main(); }"],
    ['a call in a top-level IIFE', "async function main() { await import('./a.js'); }\n(async () => { await main(); })();"],
    ['a call as the default export', "async function main() { await import('./a.js'); }\nexport default await main();"],
  ])('%s', (_name, code) => {
    expect(startLoads(code, parser)).toEqual(['./a.js']);
  });

  it.each([
    ['a function that is not called', "async function main() { await import('./a.js'); }"],
    ['a function called only from another function', "async function main() { await import('./a.js'); }\nexport function run() { return main(); }"],
    ['a function inside the one called: one level only', "async function main() { return async () => import('./a.js'); }\nawait main();"],
    ['a call of a name the file does not declare', "import { main } from './main.js';\nawait main();"],
    ['a let, which may be reassigned', "let main = async () => { await import('./a.js'); };\nawait main();"],
    ['a method called on an object', "const cli = { async main() { await import('./a.js'); } };\nawait cli.main();"],
  ])('not %s', (_name, code) => {
    expect(startLoads(code, parser)).toEqual([]);
  });

  it('leaves out the loads that already run at load', () => {
    expect(startLoads("import './eager.js';\nasync function main() { await import('./a.js'); }\nawait main();", parser)).toEqual(['./a.js']);
  });
});

describe.each(ALL)('functions a script calls while it evaluates (%s)', (parser) => {
  it('takes require() in a function called when the file is the main module', () => {
    const code = "function main() { const { run } = require('./run.js'); run(); }\nif (require.main === module) main();";
    expect(startLoads(code, parser)).toEqual(['./run.js']);
  });
});

describe('entry files read from disk', () => {
  const { write, remove } = temporaryDir('start-calls');
  afterAll(remove);
  const startFunctionLoadsOf = (file: string): unknown => scanFile(file, 'kept', { startFunctions: true })?.start;

  it('reads what a function called at load loads, as the build keeps it', () => {
    const file = write(
      'bin/cli.js',
      "#!/usr/bin/env node\nimport './eager.js';\nasync function main() {\n  const { run } = await import('../dist/main.js');\n  const later = () => import('./later.js');\n  await run(later);\n}\nmain().catch(() => {});\n",
    );
    expect(startFunctionLoadsOf(file)).toEqual([{ kind: 'dynamic-import', specifier: '../dist/main.js' }]);
  });

  it('finds none in a file that does not parse, and gives nothing for one that is not there', () => {
    expect(startFunctionLoadsOf(write('broken.js', 'async function main() { import(; }\nmain();'))).toEqual([]);
    expect(startFunctionLoadsOf(write('gone/x.js', '').replace('x.js', 'missing.js'))).toBeUndefined();
  });

  it('finds none without the AST where the module record answers, and only when asked where it does not', () => {
    const file = write('imports-only.js', "import './a.js';\nasync function main() {}\nawait main();");
    expect(startFunctionLoadsOf(file)).toEqual([]);
    expect(scanFile(file, 'kept')?.reading).toBeUndefined();
    const bin = write('bin/start.js', "async function main() {\n  await import('./a.js');\n}\nawait main();");
    expect(scanFile(bin, 'kept')?.start).toBeUndefined();
    expect(startFunctionLoadsOf(bin)).toEqual([{ kind: 'dynamic-import', specifier: './a.js' }]);
  });
});
