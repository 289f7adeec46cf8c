import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import type { Format } from './generate.js';
import { LOADS_GLOBAL, writeStubs, type StubChanges } from './heavy-stubs.js';

const RUNNER = fileURLToPath(new URL('runner.mjs', import.meta.url));

/** One module to run. */
export interface RunInput {
  readonly id: string;
  readonly format: Format;
  readonly code: string;
}

/** What running a module showed. */
export interface RunResult {
  /** Heavy stubs its evaluation loaded, before any export was called. */
  readonly startup: readonly string[];
  /** Every export, called and awaited down to plain values (JSON). */
  readonly result: string;
}

// Node 20 cannot evaluate `import defer` yet; this stands in for it with the same contract:
// the namespace is a view whose first read loads the module.
const DEFER_PRELUDE = [
  "import { createRequire as __createRequire } from 'node:module';",
  'const __deferred = (specifier) => {',
  '  let loaded;',
  '  const load = () => (loaded ??= __createRequire(import.meta.url)(specifier));',
  '  return new Proxy({}, { get: (_, key) => load()[key], has: (_, key) => key in load(), ownKeys: () => Reflect.ownKeys(load()) });',
  '};',
].join('\n');

const DEFERRED_IMPORT = /^import defer \* as ([\w$]+) from (['"][^'"]+['"]);?/gm;

/** The JavaScript Node runs for a generated module. */
function javascriptOf(input: RunInput): string {
  const esm = input.format.startsWith('esm');
  let code = input.code;
  if (input.format.endsWith('-ts')) {
    code = ts.transpileModule(code, {
      compilerOptions: {
        target: ts.ScriptTarget.ES2022,
        module: esm ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS,
        // Keep imports as written, as Node's type stripping does.
        verbatimModuleSyntax: esm,
      },
    }).outputText;
  }
  if (esm && code.includes('import defer ')) {
    code = `${DEFER_PRELUDE}\n${code.replace(DEFERRED_IMPORT, 'const $1 = __deferred($2);')}`;
  }
  return code;
}

/**
 * Runs many modules in one child process, each in a directory of its own whose
 * `node_modules` links to shared stubs (with `--preserve-symlinks`, each directory gets its
 * own instances, so each module's loads are seen apart). `stubs` leaves a stub out or breaks it.
 */
export function runModules(root: string, inputs: readonly RunInput[], stubs: StubChanges = {}): Map<string, RunResult> {
  const shared = path.join(root, 'stubs', 'node_modules');
  writeStubs(shared, stubs);
  const list = inputs.map((input) => {
    const dir = path.join(root, 'run', input.id);
    mkdirSync(dir, { recursive: true });
    symlinkSync(shared, path.join(dir, 'node_modules'), 'dir');
    const file = path.join(dir, input.format.startsWith('esm') ? 'module.mjs' : 'module.cjs');
    writeFileSync(file, javascriptOf(input));
    return { id: input.id, file };
  });
  const listFile = path.join(root, 'run-list.json');
  const outFile = path.join(root, 'run-results.json');
  writeFileSync(listFile, JSON.stringify(list));
  const child = spawnSync(process.execPath, ['--preserve-symlinks', RUNNER, listFile, outFile, LOADS_GLOBAL], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (child.status !== 0) throw new Error(`runner failed (${child.status ?? child.signal}): ${child.stderr}`);
  const raw = JSON.parse(readFileSync(outFile, 'utf8')) as Record<string, { startup: string[]; result: unknown }>;
  return new Map(
    Object.entries(raw).map(([id, { startup, result }]) => [id, { startup, result: JSON.stringify(result) }]),
  );
}
