// The rule against the compiler: generated modules under each tsconfig are compiled by
// TypeScript's own program emit and run against stub packages that record their evaluation.
// The rule must report a statement exactly when the compiled program loads its module, and
// the analysis the chain rule uses (collectModuleLoads) must keep the same loads.
import fc from 'fast-check';
import * as tsParser from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/types';
import { Linter } from 'eslint';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { importSemanticsFor } from '../../src/analysis/compile-semantics.js';
import { collectModuleLoads } from '../../src/analysis/module-loads.js';
import rule from '../../src/rules/banned-module-level-imports.js';
import { temporaryDir, writeFile } from '../support/files.js';

const RUNS = Number(process.env.COMPILE_SEMANTICS_RUNS ?? 100);
const SEED = Number(process.env.COMPILE_SEMANTICS_SEED ?? Math.floor(Math.random() * 2 ** 31));
const PACKAGES = ['heavy-0', 'heavy-1', 'heavy-2', 'heavy-3'] as const;
const LOADS_GLOBAL = '__compiledLoads';

/** Names each stub package exports: values, and types that only a type position can name. */
const VALUES = ['fn', 'K', 'v'] as const;
const TYPES = ['I', 'T'] as const;
type ExportName = (typeof VALUES)[number] | (typeof TYPES)[number];

/** How the statement's bindings are used: each use is syntactically a type or a value. */
type Use = 'none' | 'type' | 'value-at-load' | 'value-later' | 'both';

interface Specifier {
  readonly name: ExportName;
  /** Marked `type` inline. Types always are (`verbatimModuleSyntax` requires it). */
  readonly marked: boolean;
  readonly use: Use;
}

type Statement =
  | { readonly kind: 'side-effect' }
  | { readonly kind: 'named'; readonly specifiers: readonly Specifier[] }
  | { readonly kind: 'default'; readonly use: Use }
  | { readonly kind: 'namespace'; readonly use: Use }
  | { readonly kind: 're-export'; readonly specifiers: readonly Omit<Specifier, 'use'>[] }
  | { readonly kind: 're-export-namespace' }
  | { readonly kind: 'import-equals'; readonly use: Use };

interface Project {
  readonly name: string;
  readonly compilerOptions: Record<string, unknown>;
  /** ES modules (`.mts`) or CommonJS (`.cts`). */
  readonly format: 'esm' | 'cjs';
}

const PROJECTS: readonly Project[] = [
  { name: 'verbatim', format: 'esm', compilerOptions: { verbatimModuleSyntax: true } },
  { name: 'default', format: 'esm', compilerOptions: {} },
  { name: 'isolated', format: 'esm', compilerOptions: { isolatedModules: true } },
  { name: 'commonjs', format: 'cjs', compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' } },
  {
    name: 'commonjs-verbatim',
    format: 'cjs',
    compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', verbatimModuleSyntax: true },
  },
];

const useArb = fc.constantFrom<Use>('none', 'type', 'value-at-load', 'value-later', 'both');
const typeUseArb = fc.constantFrom<Use>('none', 'type');

const specifierArb: fc.Arbitrary<Specifier> = fc.oneof(
  fc.record({ name: fc.constantFrom(...TYPES), marked: fc.constant(true), use: typeUseArb }),
  fc.record({ name: fc.constantFrom(...VALUES), marked: fc.constant(true), use: typeUseArb }),
  fc.record({ name: fc.constantFrom(...VALUES), marked: fc.constant(false), use: useArb }),
);

const specifiersArb = fc.uniqueArray(specifierArb, { minLength: 1, maxLength: 4, selector: (s) => s.name });

/**
 * Statements whose effect on loading is clear from syntax in every compiler. Left out:
 * `import {} from` and `export {} from` (tsc drops them where swc, oxc and Babel keep them;
 * the rule reports them) and re-exports of unmarked types (only type information tells).
 */
function statementArb(format: Project['format'], verbatim: boolean): fc.Arbitrary<Statement> {
  const importEquals = fc.record({ kind: fc.constant('import-equals' as const), use: useArb });
  // `verbatimModuleSyntax` with CommonJS output allows only `import x = require()`.
  if (format === 'cjs' && verbatim) return importEquals;
  const esm: fc.Arbitrary<Statement>[] = [
    fc.record({ kind: fc.constant('side-effect' as const) }),
    fc.record({ kind: fc.constant('named' as const), specifiers: specifiersArb }),
    fc.record({ kind: fc.constant('default' as const), use: useArb }),
    fc.record({ kind: fc.constant('namespace' as const), use: useArb }),
    fc.record({
      kind: fc.constant('re-export' as const),
      specifiers: fc.uniqueArray(
        fc.oneof(
          fc.record({ name: fc.constantFrom(...TYPES), marked: fc.constant(true) }),
          fc.record({ name: fc.constantFrom(...VALUES), marked: fc.boolean() }),
        ),
        { minLength: 1, maxLength: 3, selector: (s) => s.name },
      ),
    }),
    fc.record({ kind: fc.constant('re-export-namespace' as const) }),
  ];
  return format === 'cjs' ? fc.oneof(...esm, importEquals) : fc.oneof(...esm);
}

/** A module: one statement a package, each package at most once. */
function moduleArb(project: Project): fc.Arbitrary<Statement[]> {
  return fc.array(statementArb(project.format, project.compilerOptions.verbatimModuleSyntax === true), {
    minLength: 1,
    maxLength: PACKAGES.length,
  });
}

/** The code that uses `local` (a binding of export `name`, or a namespace when `name` is undefined). */
function usesOf(local: string, name: ExportName | 'default' | undefined, use: Use, id: string, exported: string): string[] {
  const typeText = name === undefined ? `${local}.I` : name === 'K' || name === 'I' || name === 'T' ? local : `typeof ${local}`;
  const valueText =
    name === undefined ? `${local}.fn(1)` : name === 'K' ? `new ${local}(1).run()` : name === 'v' ? local : `${local}(1)`;
  const type = `${exported}let t${id}: ${typeText} | undefined;`;
  const atLoad = `${exported}const u${id} = ${valueText};`;
  const later = `${exported}function f${id}() { return ${valueText}; }`;
  switch (use) {
    case 'none':
      return [];
    case 'type':
      return [type];
    case 'value-at-load':
      return [atLoad];
    case 'value-later':
      return [later];
    case 'both':
      return [type, later];
  }
}

/**
 * The module's source, one statement a line first. CommonJS under `verbatimModuleSyntax` has no
 * `export` declarations, so uses there are not exported.
 */
function render(statements: readonly Statement[], format: Project['format']): string {
  const exported = format === 'esm' ? 'export ' : '';
  const head: string[] = [];
  const body: string[] = [];
  statements.forEach((statement, index) => {
    const pkg = PACKAGES[index] ?? 'heavy-0';
    const local = (name: string) => `${name}${index}`;
    switch (statement.kind) {
      case 'side-effect':
        head.push(`import '${pkg}';`);
        break;
      case 'named': {
        const parts = statement.specifiers.map((s) => `${s.marked ? 'type ' : ''}${s.name} as ${local(s.name)}`);
        head.push(`import { ${parts.join(', ')} } from '${pkg}';`);
        for (const s of statement.specifiers) body.push(...usesOf(local(s.name), s.name, s.use, `${index}${s.name}`, exported));
        break;
      }
      case 'default':
        head.push(`import ${local('D')} from '${pkg}';`);
        body.push(...usesOf(local('D'), 'default', statement.use, `${index}D`, exported));
        break;
      case 'namespace':
        head.push(`import * as ${local('ns')} from '${pkg}';`);
        body.push(...usesOf(local('ns'), undefined, statement.use, `${index}ns`, exported));
        break;
      case 're-export': {
        const parts = statement.specifiers.map((s) => `${s.marked ? 'type ' : ''}${s.name} as ${local(`r${s.name}`)}`);
        head.push(`export { ${parts.join(', ')} } from '${pkg}';`);
        break;
      }
      case 're-export-namespace':
        head.push(`export * as ${local('rns')} from '${pkg}';`);
        break;
      case 'import-equals':
        head.push(`import ${local('eq')} = require('${pkg}');`);
        body.push(...usesOf(local('eq'), undefined, statement.use, `${index}eq`, exported));
        break;
    }
  });
  // A module with no import or export left would be a script to TypeScript; every CommonJS
  // case has an import or `import = require()`.
  return [...head, ...body, ...(format === 'esm' ? ['export {};'] : []), ''].join('\n');
}

function writeStubs(nodeModules: string): void {
  for (const pkg of PACKAGES) {
    const dir = path.join(nodeModules, pkg);
    const body = [
      `(globalThis.${LOADS_GLOBAL} ??= []).push(RECORD);`,
      `function main(n) { return '${pkg}:default(' + n + ')'; }`,
      `function fn(n) { return '${pkg}:fn(' + n + ')'; }`,
      `class K { constructor(n) { this.n = n; } run() { return '${pkg}:K(' + this.n + ')'; } }`,
      `const v = '${pkg}@1';`,
    ].join('\n');
    writeFile(
      path.join(dir, 'package.json'),
      JSON.stringify({
        name: pkg,
        version: '1.0.0',
        types: './index.d.ts',
        exports: { types: './index.d.ts', import: './index.mjs', require: './index.cjs' },
      }),
    );
    writeFileSync(path.join(dir, 'index.mjs'), `${body.replace('RECORD', 'import.meta.url')}\nexport default main;\nexport { fn, K, v };\n`);
    writeFileSync(
      path.join(dir, 'index.cjs'),
      `${body.replace('RECORD', '__filename')}\nmodule.exports = { __esModule: true, default: main, fn, K, v };\n`,
    );
    writeFileSync(
      path.join(dir, 'index.d.ts'),
      [
        'export default function main(n: number): string;',
        'export declare function fn(n: number): string;',
        'export declare class K { constructor(n: number); run(): string; }',
        'export declare const v: string;',
        'export interface I { n: number }',
        "export type T = 'a' | 'b';",
        '',
      ].join('\n'),
    );
  }
}

// Evaluates each compiled module in one process; `--preserve-symlinks` gives each case's
// `node_modules` link stub instances of its own, so each case's loads are seen apart.
const RUNNER = `
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
const [listFile, outFile] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const results = {};
for (const file of JSON.parse(readFileSync(listFile, 'utf8'))) {
  globalThis.${LOADS_GLOBAL} = [];
  let error;
  try {
    if (file.endsWith('.cjs')) require(file); else await import(pathToFileURL(file).href);
  } catch (caught) {
    error = String(caught?.message ?? caught);
  }
  const dir = path.dirname(file) + path.sep;
  const loaded = globalThis.${LOADS_GLOBAL}.map(String).filter((url) => url.includes(dir.replaceAll(path.sep, '/')) || url.includes(dir));
  results[file] = { error, loaded: loaded.map((url) => /node_modules[\\\\/]([^\\\\/]+)/.exec(url)?.[1]) };
}
writeFileSync(outFile, JSON.stringify(results));
`;

const { dir: root, remove } = temporaryDir('compiled');
afterAll(remove);

const linter = new Linter({ configType: 'flat', cwd: root });
const lintConfig: Linter.Config[] = [
  {
    files: ['**/*.mts', '**/*.cts'],
    plugins: { 'lazy-imports': { rules: { 'banned-module-level-imports': rule as never } } },
    settings: { 'lazy-imports': { heavy: [...PACKAGES] } },
    rules: { 'lazy-imports/banned-module-level-imports': 'error' },
    languageOptions: { parser: tsParser as Linter.Parser },
  },
];

/** The package each report is about (each package appears in one statement, on its own line). */
function reportedPackages(code: string, file: string): string[] {
  const lines = code.split('\n');
  return linter.verify(code, lintConfig, file).map((message) => {
    if (message.fatal) throw new Error(`${file}: ${message.message}`);
    return /'(heavy-\d)'/.exec(lines[message.line - 1] ?? '')?.[1] ?? `unknown report: ${message.message}`;
  });
}

/** The packages collectModuleLoads keeps at start-up under the file's semantics. */
function analysedPackages(code: string, file: string): string[] {
  const program = tsParser.parse(code, { range: true, loc: true, sourceType: 'module' }) as TSESTree.Program;
  return collectModuleLoads(program, { semantics: importSemanticsFor(file, undefined) })
    .filter((load) => load.atLoad)
    .map((load) => load.specifier);
}

describe('the rule reports a statement exactly when the compiled program loads its module', () => {
  it(
    `for generated modules under each tsconfig (seed ${SEED})`,
    () => {
      writeStubs(path.join(root, 'node_modules'));
      const cases: { project: Project; source: string; output: string; code: string }[] = [];
      for (const project of PROJECTS) {
        const dir = path.join(root, project.name);
        const compilerOptions = {
          target: 'es2022',
          module: 'esnext',
          moduleResolution: 'bundler',
          strict: true,
          skipLibCheck: true,
          rootDir: '.',
          outDir: 'out',
          ...project.compilerOptions,
        };
        writeFile(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['cases'] }));
        const modules = fc.sample(moduleArb(project), { numRuns: RUNS, seed: SEED });
        const extension = project.format === 'esm' ? 'mts' : 'cts';
        modules.forEach((statements, index) => {
          const source = path.join(dir, 'cases', `c${index}`, `module.${extension}`);
          const output = path.join(dir, 'out', 'cases', `c${index}`, `module.${project.format === 'esm' ? 'mjs' : 'cjs'}`);
          mkdirSync(path.dirname(output), { recursive: true });
          symlinkSync(path.join(root, 'node_modules'), path.join(path.dirname(output), 'node_modules'), 'dir');
          const code = render(statements, project.format);
          writeFile(source, code);
          cases.push({ project, source, output, code });
        });
        // The real compiler: the whole program, with type information, as `tsc -p` builds it.
        const parsed = ts.getParsedCommandLineOfConfigFile(path.join(dir, 'tsconfig.json'), {}, {
          ...ts.sys,
          onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
            throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
          },
        });
        if (!parsed) throw new Error(`cannot read ${project.name}/tsconfig.json`);
        const program = ts.createProgram(parsed.fileNames, parsed.options);
        const diagnostics = ts.getPreEmitDiagnostics(program).map(
          (diagnostic) =>
            `${diagnostic.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`,
        );
        // Generated code that does not compile would test nothing.
        expect(diagnostics).toEqual([]);
        program.emit();
      }

      const listFile = path.join(root, 'list.json');
      const outFile = path.join(root, 'results.json');
      const runner = path.join(root, 'runner.mjs');
      writeFileSync(runner, RUNNER);
      writeFileSync(listFile, JSON.stringify(cases.map((item) => item.output)));
      const child = spawnSync(process.execPath, ['--preserve-symlinks', runner, listFile, outFile], {
        encoding: 'utf8',
        timeout: 120_000,
      });
      expect(child.stderr).toBe('');
      const results = JSON.parse(readFileSync(outFile, 'utf8')) as Record<string, { error?: string; loaded: string[] }>;

      const mismatches: string[] = [];
      for (const item of cases) {
        const result = results[item.output];
        const compiled = readFileSync(item.output, 'utf8');
        if (!result || result.error) {
          mismatches.push(`${item.project.name}: running failed: ${result?.error}\n${compiled}`);
          continue;
        }
        const loaded = [...new Set(result.loaded)].sort();
        const reported = reportedPackages(item.code, item.source).sort();
        const analysed = analysedPackages(item.code, item.source).sort();
        if (JSON.stringify(reported) !== JSON.stringify(loaded) || JSON.stringify(analysed) !== JSON.stringify(loaded)) {
          mismatches.push(
            `${item.project.name}: loaded ${loaded.join(', ') || 'nothing'}; reported ${reported.join(', ') || 'nothing'}; ` +
              `collectModuleLoads ${analysed.join(', ') || 'nothing'}\n--- source:\n${item.code}--- compiled:\n${compiled}`,
          );
        }
      }
      expect(mismatches.slice(0, 5).join('\n\n')).toBe('');
      // The generator reaches both answers in every project.
      for (const project of PROJECTS) {
        const ofProject = cases.filter((item) => item.project === project);
        const loadedCounts = ofProject.map((item) => results[item.output]?.loaded.length ?? 0);
        expect(loadedCounts.some((count) => count > 0)).toBe(true);
      }
    },
    300_000,
  );
});
