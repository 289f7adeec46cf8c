import path from 'node:path';
import fc from 'fast-check';
import { writeFile } from '../../support/files.js';

/**
 * A generated program for the chain rule's autofix: modules (ES modules and CommonJS) that load
 * each other and installed stubs, each load written so that its lazy form is safe or so that a
 * use blocks it, and one or two entries. Module loads go from a lower index to a higher one
 * only: a use at start-up of a module still being evaluated (a cycle) would throw, which is not
 * what these programs test.
 */
export interface CutProject {
  readonly modules: readonly CutModule[];
  readonly entries: readonly number[];
}

export type CutFormat = 'esm' | 'cjs';

export interface CutModule {
  readonly format: CutFormat;
  readonly loads: readonly CutLoad[];
}

/**
 * How a load is written and used:
 * - `async`: a binding read in an async function (ES modules): its lazy form is safe;
 * - `sync`: a binding read in a function that is not async (ES modules): blocked;
 * - `atLoad`: a binding read at module level: blocked;
 * - `bare`: `import 's'` (ES modules): no binding, no lazy form;
 * - `required`: `const q = require('s')` read in a function (CommonJS): its lazy form is safe;
 * - `requiredAtLoad`: the same, read at module level (CommonJS): blocked;
 * - `lazy`: loaded inside a function already: no edge.
 */
export type CutKind = 'async' | 'sync' | 'atLoad' | 'bare' | 'required' | 'requiredAtLoad' | 'lazy';

const ESM_KINDS: readonly CutKind[] = ['async', 'async', 'async', 'sync', 'atLoad', 'bare', 'lazy'];
const CJS_KINDS: readonly CutKind[] = ['required', 'required', 'required', 'requiredAtLoad', 'lazy'];

/** Whether the chain rule's lazy form can cut the load. */
export function safeKind(kind: CutKind): boolean {
  return kind === 'async' || kind === 'required';
}

export type CutTarget = { readonly module: number } | { readonly package: string };

export interface CutLoad {
  readonly target: CutTarget;
  readonly kind: CutKind;
}

export const HEAVY_STUBS = ['heavy-a', 'heavy-b'] as const;
const STUBS = [...HEAVY_STUBS, 'light-x'];

/** Generated programs of 3 to `maxModules` modules. */
export function cutProjectArbitrary(maxModules = 7): fc.Arbitrary<CutProject> {
  return fc
    .integer({ min: 3, max: maxModules })
    .chain((count) => fc.array(fc.constantFrom<CutFormat>('esm', 'esm', 'cjs'), { minLength: count, maxLength: count }))
    .chain((formats) => {
      const modules = formats.map((format, index) => {
        // CommonJS requires only CommonJS (and the stubs, which have both forms).
        const targets: CutTarget[] = [
          ...formats.flatMap((other, module) => (module > index && (format === 'esm' || other === 'cjs') ? [{ module }] : [])),
          ...STUBS.map((name) => ({ package: name })),
        ];
        return fc
          .subarray(targets, { minLength: 1, maxLength: Math.min(4, targets.length) })
          .chain((chosen) =>
            fc.tuple(
              ...chosen.map((target) =>
                fc.record({ target: fc.constant(target), kind: fc.constantFrom(...(format === 'esm' ? ESM_KINDS : CJS_KINDS)) }),
              ),
            ),
          )
          .map((loads): CutModule => ({ format, loads }));
      });
      // The first module is always an entry, so that most modules lie on a start-up path.
      return fc.record({
        modules: fc.tuple(...modules),
        entries: fc.option(fc.integer({ min: 1, max: formats.length - 1 }), { nil: undefined }).map((other) =>
          other === undefined ? [0] : [0, other],
        ),
      });
    });
}

/** Where a module lives, relative to the project root. */
export function cutFile(project: CutProject, index: number): string {
  return `src/m${index}.${project.modules[index]?.format === 'cjs' ? 'cjs' : 'js'}`;
}

function specifierOf(target: CutTarget, project: CutProject): string {
  return 'package' in target ? target.package : `./${path.posix.basename(cutFile(project, target.module))}`;
}

/** The text of a module. */
export function cutModuleText(project: CutProject, index: number): string {
  const module = project.modules[index];
  if (!module) throw new Error(`No module ${index}`);
  const lines = [`// m${index}`];
  module.loads.forEach(({ target, kind }, n) => {
    const s = `'${specifierOf(target, project)}'`;
    switch (kind) {
      case 'async':
        lines.push(`import { T as b${n} } from ${s};`, `export async function run${n}() {`, `  return b${n};`, '}');
        break;
      case 'sync':
        lines.push(`import { T as b${n} } from ${s};`, `export function get${n}() {`, `  return b${n};`, '}');
        break;
      case 'atLoad':
        lines.push(`import { T as b${n} } from ${s};`, `export const v${n} = b${n};`);
        break;
      case 'bare':
        lines.push(`import ${s};`);
        break;
      case 'required':
        lines.push(`const q${n} = require(${s});`, `exports.get${n} = () => q${n}.T;`);
        break;
      case 'requiredAtLoad':
        lines.push(`const q${n} = require(${s});`, `exports.v${n} = q${n}.T;`);
        break;
      case 'lazy':
        lines.push(
          module.format === 'cjs'
            ? `exports.lazy${n} = () => require(${s}).T;`
            : `export async function lazy${n}() {\n  return (await import(${s})).T;\n}`,
        );
        break;
    }
  });
  lines.push(module.format === 'cjs' ? `exports.T = 'm${index}';` : `export const T = 'm${index}';`);
  return `${lines.join('\n')}\n`;
}

/** Writes the program, with its stubs installed, into `root`. */
export function writeCutProject(project: CutProject, root: string): void {
  writeFile(path.join(root, 'package.json'), JSON.stringify({ name: 'generated-cuts', private: true, type: 'module' }));
  for (const name of STUBS) {
    const dir = path.join(root, 'node_modules', name);
    writeFile(
      path.join(dir, 'package.json'),
      JSON.stringify({ name, version: '1.0.0', exports: { import: './index.mjs', require: './index.cjs' } }),
    );
    // Only the heavy stubs record their evaluation: they are what start-up must not load.
    const record = (HEAVY_STUBS as readonly string[]).includes(name) ? `(globalThis.__stubLoads ??= []).push('${name}');` : '';
    writeFile(path.join(dir, 'index.mjs'), `${record}\nexport const T = '${name}';\n`);
    writeFile(path.join(dir, 'index.cjs'), `${record}\nexports.T = '${name}';\n`);
  }
  project.modules.forEach((_, index) => writeFile(path.join(root, cutFile(project, index)), cutModuleText(project, index)));
}

/** The loads of a module that run at start-up. */
function eagerLoads(module: CutModule): CutLoad[] {
  return module.loads.filter((load) => load.kind !== 'lazy');
}

/** Whether a module's start-up closure, the module included, loads a heavy stub. */
function reachesHeavy(project: CutProject, index: number, memo = new Map<number, boolean>()): boolean {
  const known = memo.get(index);
  if (known !== undefined) return known;
  const found = eagerLoads(project.modules[index] as CutModule).some(({ target }) =>
    'package' in target ? (HEAVY_STUBS as readonly string[]).includes(target.package) : reachesHeavy(project, target.module, memo),
  );
  memo.set(index, found);
  return found;
}

/**
 * What `--fix` with `autofix` must do, worked out from the program's model: the links it cuts
 * (`importer → target` of modules: on each chain from the entries, the first link whose load
 * has a safe lazy form and whose target reaches a heavy stub), the modules it may change (their
 * importers), and each entry's heavy stubs at start-up after the fix.
 */
export function expectedCuts(project: CutProject): { cuts: Set<string>; changed: Set<number>; startup: Map<number, string[]> } {
  const cuts = new Set<string>();
  const seen = new Set(project.entries);
  const queue = [...project.entries];
  for (let head = 0; head < queue.length; head += 1) {
    const index = queue[head] as number;
    for (const { target, kind } of eagerLoads(project.modules[index] as CutModule)) {
      if (!('module' in target)) continue;
      if (safeKind(kind) && reachesHeavy(project, target.module)) cuts.add(`${index}→${target.module}`);
      else if (!seen.has(target.module)) {
        seen.add(target.module);
        queue.push(target.module);
      }
    }
  }
  const changed = new Set([...cuts].map((link) => Number(link.split('→')[0])));
  const startup = new Map(project.entries.map((entry) => [entry, heavyAtStartup(project, entry, cuts)]));
  return { cuts, changed, startup };
}

/**
 * Whether a module's fixable link is left by the fix because a cut before it took the module
 * off the entries' start-up path.
 */
export function safeLinkBehindCut(project: CutProject, cuts: ReadonlySet<string>): boolean {
  const before = new Set(project.entries.flatMap((entry) => modulesAtStartup(project, entry, new Set())));
  const after = new Set(project.entries.flatMap((entry) => modulesAtStartup(project, entry, cuts)));
  return [...before].some(
    (index) =>
      !after.has(index) &&
      eagerLoads(project.modules[index] as CutModule).some(
        ({ target, kind }) => 'module' in target && safeKind(kind) && reachesHeavy(project, target.module),
      ),
  );
}

/** The modules an entry loads at start-up when the links in `cuts` load lazily. */
function modulesAtStartup(project: CutProject, entry: number, cuts: ReadonlySet<string>): number[] {
  const seen = new Set([entry]);
  const queue = [entry];
  for (let head = 0; head < queue.length; head += 1) {
    const index = queue[head] as number;
    for (const { target } of eagerLoads(project.modules[index] as CutModule)) {
      if ('module' in target && !cuts.has(`${index}→${target.module}`) && !seen.has(target.module)) {
        seen.add(target.module);
        queue.push(target.module);
      }
    }
  }
  return queue;
}

/** The heavy stubs an entry loads at start-up when the links in `cuts` load lazily. */
export function heavyAtStartup(project: CutProject, entry: number, cuts: ReadonlySet<string>): string[] {
  const heavy = new Set<string>();
  for (const index of modulesAtStartup(project, entry, cuts)) {
    for (const { target } of eagerLoads(project.modules[index] as CutModule)) {
      if ('package' in target && (HEAVY_STUBS as readonly string[]).includes(target.package)) heavy.add(target.package);
    }
  }
  return [...heavy].sort();
}
