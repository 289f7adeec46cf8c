import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import ts from 'typescript';
import { writeFile } from '../../support/files.js';

/**
 * A generated project: modules of the project (some in a workspace package), the installed
 * stub packages they load, and how the project compiles TypeScript. The same description is
 * written twice: as source (what the rule lints: TypeScript, aliases, build outputs that do not
 * exist yet) and as the program Node runs (TypeScript compiled the way the project's tsconfig
 * says, aliases replaced by the relative paths a build would write).
 */
export interface Project {
  readonly modules: readonly ModuleSpec[];
  /** The tsconfig's `verbatimModuleSyntax`: imports that no value uses are kept, not elided. */
  readonly verbatim: boolean;
  /** Indexes of modules given to the rule's `entries`, or `undefined` for no option. */
  readonly entries: readonly number[] | undefined;
  /** A module the heavy list names by its path (a path entry), or `undefined`. */
  readonly heavyModule: number | undefined;
  /** A module in the `allowIn` of `heavy-c` (a vendor module that wraps it), or `undefined`. */
  readonly vendor: number | undefined;
}

/** TypeScript (ESM), JavaScript ES module in a `"type": "module"` package, `.mjs`, or `.cjs`. */
export type Format = 'ts' | 'js' | 'mjs' | 'cjs';

/** The root package's `src/`, or the workspace package `@ws/lib`. */
export type Location = 'app' | 'lib';

/** One module of the project and its loads. */
export interface ModuleSpec {
  readonly format: Format;
  readonly location: Location;
  readonly loads: readonly Load[];
}

/** A load in a module: what it loads, how it is written, and how the specifier is spelled. */
export interface Load {
  readonly target: Target;
  readonly kind: LoadKind;
  readonly spelling: Spelling;
}

/** A module of the project (its index) or an installed package, by its name or a subpath. */
export type Target = { readonly module: number } | { readonly package: StubName; readonly subpath: boolean };

/** Installed packages: three heavy ones and a light one. */
export type StubName = (typeof HEAVY)[number] | 'light-x';

/** The heavy packages. */
export const HEAVY = ['heavy-a', 'heavy-b', 'heavy-c'] as const;

/** The heavy list the rule is given: the heavy packages, the vendor module's `allowIn`, the heavy module's path. */
export function heavyList(project: Project): (string | { name: string; allowIn: string[] })[] {
  const { heavyModule, vendor, modules } = project;
  return [
    'heavy-a',
    'heavy-b',
    vendor === undefined ? 'heavy-c' : { name: 'heavy-c', allowIn: [sourceFile(modules, vendor)] },
    ...(heavyModule === undefined ? [] : [`./${sourceFile(modules, heavyModule)}`]),
  ];
}
const STUB_NAMES: readonly StubName[] = [...HEAVY, 'light-x'];

/** How a project module's specifier is written: relative, tsconfig `paths`, package `imports`, workspace package. */
export type Spelling = 'relative' | 'alias' | 'hash' | 'workspace';

/** Every way a module is loaded, with the formats of importer it is written in. */
export const LOAD_KINDS = {
  /** `import * as b from 's'` with a value use in a function. */
  importUsed: ['ts', 'js', 'mjs'],
  /** `import * as b from 's'` with no use: elided where the project elides. */
  importUnused: ['ts', 'js', 'mjs'],
  /** `import 's'` */
  sideEffect: ['ts', 'js', 'mjs'],
  /** `export * as r from 's'` */
  reExport: ['ts', 'js', 'mjs'],
  /** `import { T } from 's'` used only as a type. */
  usedAsType: ['ts'],
  /** `import { type T } from 's'` */
  inlineType: ['ts'],
  /** `import type { T } from 's'` */
  typeOnly: ['ts'],
  /** `void import('s')` at the top level. */
  topLevelImport: ['ts', 'js', 'mjs', 'cjs'],
  /** `import('s')` in an immediately invoked arrow. */
  iifeImport: ['ts', 'js', 'mjs', 'cjs'],
  /** `import('s')` in a class static block. */
  staticBlockImport: ['ts', 'js', 'mjs', 'cjs'],
  /** `import('s')` inside an exported function nobody calls. */
  lazyImport: ['ts', 'js', 'mjs', 'cjs'],
  /** `require('s')` at the top level (CommonJS). */
  require: ['cjs'],
  /** `require('s')` in a top-level `if` block. */
  requireInBlock: ['cjs'],
  /** `require('s')` in an immediately invoked function expression. */
  iifeRequire: ['cjs'],
  /** `require('s')` in a class static block. */
  staticBlockRequire: ['cjs'],
  /** `require('s')` inside an exported function nobody calls. */
  lazyRequire: ['cjs'],
} as const satisfies Record<string, readonly Format[]>;

/** How a load is written. */
export type LoadKind = keyof typeof LOAD_KINDS;

const KIND_NAMES = Object.keys(LOAD_KINDS) as LoadKind[];
const REQUIRE_KINDS: ReadonlySet<LoadKind> = new Set(['require', 'requireInBlock', 'iifeRequire', 'staticBlockRequire', 'lazyRequire']);

/**
 * Whether a load runs when its module is evaluated, as the generator means it; the differential
 * checks this model against what Node actually loads before trusting the run.
 */
export function modelSaysEager(kind: LoadKind, format: Format, verbatim: boolean): boolean {
  switch (kind) {
    case 'typeOnly':
    case 'lazyImport':
    case 'lazyRequire':
      return false;
    case 'importUnused':
    case 'usedAsType':
    case 'inlineType':
      return format !== 'ts' || verbatim;
    default:
      return true;
  }
}

function kindsFor(importer: Format, target: Target, modules: readonly { format: Format }[]): LoadKind[] {
  // A CommonJS file requires only CommonJS: `require()` of an ES module is not what these
  // projects do, and Node 20 cannot run it under the loader hooks that observe the run.
  const requirable = 'package' in target || modules[target.module]?.format === 'cjs';
  return KIND_NAMES.filter(
    (kind) => (LOAD_KINDS[kind] as readonly Format[]).includes(importer) && (requirable || !REQUIRE_KINDS.has(kind)),
  );
}

function spellingsFor(importer: ModuleSpec, target: ModuleSpec): Spelling[] {
  const spellings: Spelling[] = ['relative'];
  if (target.location === 'app') spellings.push('alias');
  // `#imports` belong to the root package, and map to the file itself (a JavaScript file).
  if (importer.location === 'app' && target.location === 'app' && target.format !== 'ts') spellings.push('hash');
  if (target.location === 'lib') spellings.push('workspace');
  return spellings;
}

interface Shape {
  readonly formats: readonly Format[];
  readonly locations: readonly Location[];
}

/** Generated projects of 3 to `maxModules` modules. */
export function projectArbitrary(maxModules = 8): fc.Arbitrary<Project> {
  const shape: fc.Arbitrary<Shape> = fc.integer({ min: 3, max: maxModules }).chain((count) =>
    fc.record({
      formats: fc.array(fc.constantFrom<Format>('ts', 'ts', 'js', 'mjs', 'cjs'), { minLength: count, maxLength: count }),
      locations: fc.array(fc.constantFrom<Location>('app', 'app', 'lib'), { minLength: count, maxLength: count }),
    }),
  );
  return shape.chain(({ formats, locations }) => {
    const bare = formats.map((format, index) => ({ format, location: locations[index] ?? 'app', loads: [] as Load[] }));
    const targets: Target[] = [
      ...bare.map((_, module) => ({ module })),
      ...STUB_NAMES.flatMap((name) => [false, true].map((subpath) => ({ package: name, subpath }))),
    ];
    const moduleLoads = bare.map((importer, index) =>
      fc
        .subarray(
          targets.filter((target) => !('module' in target) || target.module !== index),
          { minLength: 1, maxLength: 5 },
        )
        .chain((chosen) =>
          fc.tuple(
            ...chosen.map(
              (target): fc.Arbitrary<Load> =>
                fc.record({
                  target: fc.constant(target),
                  kind: fc.constantFrom(...kindsFor(importer.format, target, bare)),
                  spelling:
                    'module' in target
                      ? fc.constantFrom(...spellingsFor(importer, bare[target.module] ?? importer))
                      : fc.constant<Spelling>('relative'),
                }),
            ),
          ),
        ),
    );
    return fc
      .record({
        modules: fc.tuple(...moduleLoads).map((loads) => bare.map((module, index) => ({ ...module, loads: loads[index] ?? [] }))),
        verbatim: fc.boolean(),
        entries: fc.option(fc.uniqueArray(fc.nat({ max: formats.length - 1 }), { minLength: 1, maxLength: 2 }), { nil: undefined }),
        heavyModule: fc.option(fc.nat({ max: formats.length - 1 }), { nil: undefined, freq: 3 }),
        vendor: fc.option(fc.nat({ max: formats.length - 1 }), { nil: undefined, freq: 3 }),
      });
  });
}

const SOURCE_EXTENSION: Record<Format, string> = { ts: '.ts', js: '.js', mjs: '.mjs', cjs: '.cjs' };

/** Where a module's source lives, relative to the project root. */
export function sourceFile(modules: readonly ModuleSpec[], index: number): string {
  const module = modules[index];
  if (!module) throw new Error(`No module ${index}`);
  const dir = module.location === 'app' ? 'src' : 'packages/lib/src';
  return `${dir}/m${index}${SOURCE_EXTENSION[module.format]}`;
}

/** Where the program Node runs has the module: TypeScript compiled next to where its source was. */
export function runFile(modules: readonly ModuleSpec[], index: number): string {
  return sourceFile(modules, index).replace(/\.ts$/, '.js');
}

function relativeSpecifier(from: string, to: string): string {
  const relative = path.posix.relative(path.posix.dirname(from), to);
  return relative.startsWith('.') ? relative : `./${relative}`;
}

/** The specifier a load is written with in the source, and in the program Node runs. */
function specifiers(modules: readonly ModuleSpec[], importer: number, load: Load): { source: string; run: string } {
  if ('package' in load.target) {
    const name = load.target.subpath ? `${load.target.package}/extra` : load.target.package;
    return { source: name, run: name };
  }
  const from = sourceFile(modules, importer);
  const target = load.target.module;
  // TypeScript's own spelling: a `.ts` file is imported by the name of its output.
  const output = runFile(modules, target);
  const relative = relativeSpecifier(from, output);
  switch (load.spelling) {
    case 'relative':
      return { source: relative, run: relative };
    case 'alias':
      return { source: `@app/${path.posix.basename(output)}`, run: relative };
    case 'hash':
      return { source: `#m${target}`, run: `#m${target}` };
    case 'workspace':
      return { source: `@ws/lib/m${target}`, run: `@ws/lib/m${target}` };
  }
}

/** A written load: the line it is on and the column of its specifier's opening quote, 1-based. */
export interface Site {
  readonly importer: number;
  readonly load: Load;
  readonly line: number;
  readonly column: number;
  readonly specifier: string;
}

function statement(load: Load, format: Format, specifier: string, n: number): { code: string; use?: string } {
  const s = `'${specifier}'`;
  const cjs = format === 'cjs';
  switch (load.kind) {
    case 'importUsed':
      return { code: `import * as b${n} from ${s};`, use: `b${n}` };
    case 'importUnused':
      return { code: `import * as u${n} from ${s};` };
    case 'sideEffect':
      return { code: `import ${s};` };
    case 'reExport':
      return { code: `export * as r${n} from ${s};` };
    case 'usedAsType':
      return { code: `import { T as t${n} } from ${s}; export let v${n}: typeof t${n} | undefined;` };
    case 'inlineType':
      return { code: `import { type T as t${n} } from ${s}; export let v${n}: typeof t${n} | undefined;` };
    case 'typeOnly':
      return { code: `import type { T as t${n} } from ${s}; export let v${n}: typeof t${n} | undefined;` };
    case 'topLevelImport':
      return { code: `void import(${s});` };
    case 'iifeImport':
      return { code: `(() => { void import(${s}); })();` };
    case 'staticBlockImport':
      return { code: `class K${n} { static { void import(${s}); } }${cjs ? '' : ` export { K${n} };`}` };
    case 'lazyImport':
      return { code: cjs ? `exports.lazy${n} = () => import(${s});` : `export function lazy${n}() { return import(${s}); }` };
    case 'require':
      return { code: `const q${n} = require(${s});`, use: `q${n}` };
    case 'requireInBlock':
      return { code: `if (process.env.NEVER_SET !== 'set') { require(${s}); }` };
    case 'iifeRequire':
      return { code: `(function () { require(${s}); })();` };
    case 'staticBlockRequire':
      return { code: `class K${n} { static { require(${s}); } }` };
    case 'lazyRequire':
      return { code: `exports.lazy${n} = () => require(${s});` };
  }
}

/** The source text of a module (for the rule, `run: false`) or the text Node runs (`run: true`), and its sites. */
export function moduleText(project: Project, index: number, run: boolean): { text: string; sites: Site[] } {
  const module = project.modules[index];
  if (!module) throw new Error(`No module ${index}`);
  const cjs = module.format === 'cjs';
  const lines: string[] = [`// m${index}`];
  const sites: Site[] = [];
  const uses: string[] = [];
  module.loads.forEach((load, n) => {
    const { source, run: runSpecifier } = specifiers(project.modules, index, load);
    const specifier = run ? runSpecifier : source;
    const { code, use } = statement(load, module.format, specifier, n);
    if (use) uses.push(use);
    lines.push(code);
    sites.push({ importer: index, load, line: lines.length, column: code.indexOf(`'${specifier}'`) + 1, specifier });
  });
  if (cjs) {
    lines.push(`exports.T = 'm${index}';`, `exports.use = () => [${uses.join(', ')}];`);
  } else {
    lines.push(`export const T = 'm${index}';`, `export function use() { return [${uses.join(', ')}]; }`);
  }
  return { text: `${lines.join('\n')}\n`, sites };
}

/** Every site of every module, as the source spells them. */
export function allSites(project: Project): Site[] {
  return project.modules.flatMap((_, index) => moduleText(project, index, false).sites);
}

function writeJson(file: string, value: unknown): void {
  writeFile(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** Installed stubs: each records its evaluation, for a reader of the run to see. */
function writeStubs(nodeModules: string): void {
  for (const name of STUB_NAMES) {
    const dir = path.join(nodeModules, name);
    writeJson(path.join(dir, 'package.json'), {
      name,
      version: '1.0.0',
      exports: {
        '.': { types: './index.d.ts', import: './index.mjs', require: './index.cjs' },
        './extra': { types: './index.d.ts', import: './extra.mjs', require: './extra.cjs' },
      },
    });
    for (const file of ['index', 'extra']) {
      const record = `(globalThis.__stubLoads ??= []).push('${name}/${file}');`;
      writeFile(path.join(dir, `${file}.mjs`), `${record}\nexport const T = '${name}';\n`);
      writeFile(path.join(dir, `${file}.cjs`), `${record}\nexports.T = '${name}';\n`);
    }
    writeFile(path.join(dir, 'index.d.ts'), `export declare const T: string;\n`);
  }
}

function compile(text: string, verbatim: boolean): string {
  return ts.transpileModule(text, {
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      verbatimModuleSyntax: verbatim,
    },
  }).outputText;
}

/**
 * Writes the project's source into `root` (tsconfig with `paths` in an extended config,
 * package `imports`, a workspace package with `exports` to a build output, linked under
 * `node_modules`) and the program Node runs into `runRoot`.
 */
export function writeProject(project: Project, root: string, runRoot: string): void {
  const { modules } = project;
  const appIndexes = modules.flatMap((module, index) => (module.location === 'app' ? [index] : []));
  const libIndexes = modules.flatMap((module, index) => (module.location === 'lib' ? [index] : []));
  const hashImports = Object.fromEntries(
    appIndexes.filter((index) => modules[index]?.format !== 'ts').map((index) => [`#m${index}`, `./${sourceFile(modules, index)}`]),
  );
  for (const [dir, run] of [
    [root, false],
    [runRoot, true],
  ] as const) {
    writeJson(path.join(dir, 'package.json'), {
      name: 'generated-app',
      private: true,
      type: 'module',
      workspaces: ['packages/*'],
      imports: hashImports,
    });
    const libExports = Object.fromEntries(
      libIndexes.map((index) => {
        const file = runFile(modules, index).replace(/^packages\/lib\//, './');
        // The source's exports name the build output; the run's program is compiled in place.
        const exported = !run && modules[index]?.format === 'ts' ? file.replace(/^\.\/src\//, './dist/') : file;
        return [`./m${index}`, exported];
      }),
    );
    writeJson(path.join(dir, 'packages/lib/package.json'), { name: '@ws/lib', version: '1.0.0', type: 'module', exports: libExports });
    writeStubs(path.join(dir, 'node_modules'));
    mkdirSync(path.join(dir, 'node_modules/@ws'), { recursive: true });
    symlinkSync(path.join(dir, 'packages/lib'), path.join(dir, 'node_modules/@ws/lib'), 'dir');
    for (const [index, module] of modules.entries()) {
      const { text } = moduleText(project, index, run);
      if (!run) writeFile(path.join(dir, sourceFile(modules, index)), text);
      else writeFile(path.join(dir, runFile(modules, index)), module.format === 'ts' ? compile(text, project.verbatim) : text);
    }
  }
  // `paths` in an extended config in another folder: relative to that config.
  writeJson(path.join(root, 'config/tsconfig.base.json'), {
    compilerOptions: {
      module: 'nodenext',
      moduleResolution: 'nodenext',
      target: 'es2022',
      strict: true,
      verbatimModuleSyntax: project.verbatim,
      allowJs: true,
      paths: { '@app/*': ['../src/*'] },
    },
  });
  writeJson(path.join(root, 'tsconfig.json'), { extends: './config/tsconfig.base.json', include: ['src'] });
  writeJson(path.join(root, 'packages/lib/tsconfig.json'), {
    extends: '../../config/tsconfig.base.json',
    compilerOptions: { rootDir: 'src', outDir: 'dist' },
    include: ['src'],
  });
}
