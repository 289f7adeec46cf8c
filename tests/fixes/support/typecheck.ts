import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { writeStubs } from './heavy-stubs.js';

/** Compiler options close to a strict modern project that runs on Node or a bundler. */
const OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts'],
  // `preserve` accepts `import x = require()` and `import defer` side by side.
  module: ts.ModuleKind.Preserve,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  strict: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  noEmit: true,
  skipLibCheck: true,
  types: [],
};

/**
 * Type-checks many files in one program (one program is far faster than one per file).
 * Returns each file's diagnostics as text, by id; ids name the files, so they must be
 * usable as file names.
 */
export function typeCheck(root: string, files: ReadonlyMap<string, string>): Map<string, string[]> {
  const dir = path.join(root, 'typecheck');
  mkdirSync(dir, { recursive: true });
  writeStubs(path.join(dir, 'node_modules'));
  const globals = path.join(dir, 'globals.d.ts');
  writeFileSync(globals, 'declare function require(id: string): any;\n');
  const names = new Map<string, string>();
  for (const [id, code] of files) {
    const file = path.join(dir, `${id}.ts`);
    writeFileSync(file, code);
    names.set(file, id);
  }
  const program = ts.createProgram([globals, ...names.keys()], OPTIONS);
  const byId = new Map<string, string[]>([...files.keys()].map((id) => [id, []]));
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const id = diagnostic.file ? names.get(path.resolve(diagnostic.file.fileName)) : undefined;
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    const where = diagnostic.file && diagnostic.start !== undefined
      ? `${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1}: `
      : '';
    if (id === undefined) {
      // A diagnostic outside the generated files (options, stubs) breaks every check.
      throw new Error(`type-check setup: ${text}`);
    }
    byId.get(id)?.push(`${where}${text}`);
  }
  return byId;
}
