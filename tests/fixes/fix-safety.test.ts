import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Linter } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  anyModule,
  ASYNC_SITES,
  DEFERRED_SITES,
  FUNCTION_SITES,
  manyImportsModule,
  type GeneratedModule,
  type ValueSite,
} from './support/generate.js';
import {
  applySuggestion,
  fixAll,
  lint,
  reportedSpecifier,
  specifiersLoadedAtStartup,
  type FixRuleOptions,
} from './support/lint.js';
import { runModules, type RunInput, type RunResult } from './support/run-cases.js';
import { typeCheck } from './support/typecheck.js';

// Generated modules, each linted, fixed and suggested, then every output parsed, linted
// again, type-checked and run. Many cases share one type-check program and one Node process.
const RUNS = Number(process.env.FIX_SAFETY_RUNS ?? 2500);
// Files with more than ten heavy imports, where the fixes of one file must land together.
const MANY_RUNS = Number(process.env.FIX_SAFETY_MANY_RUNS ?? 150);
const SEED = Number(process.env.FIX_SAFETY_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** One output of the rule's fixes for a generated module. */
interface Variant {
  readonly id: string;
  readonly label: string;
  readonly options: FixRuleOptions;
  readonly code: string;
  /** Modules this output loads lazily or only for types: none may load at start-up. */
  readonly offStartup: readonly string[];
  /** An `eslint --fix` output: a second pass must leave it as it is. */
  readonly fixPass: boolean;
  /** For an `eslint --fix` output, the passes that applied fixes: one converts the whole file. */
  readonly passes: number;
}

interface Case {
  readonly index: number;
  readonly module: GeneratedModule;
  readonly variants: Variant[];
}

const problems: string[] = [];

function problem(item: Case, what: string, variant?: Variant): void {
  const output = variant ? `\n--- ${variant.label}${JSON.stringify(variant.options)}:\n${variant.code}` : '';
  problems.push(`[seed ${SEED}, case ${item.index}, ${item.module.format}] ${what}\n--- input:\n${item.module.code}${output}`);
}

function specifiersOf(module: GeneratedModule): string[] {
  return [...new Set(module.bindings.map((binding) => binding.stub.specifier))];
}

function sitesOf(module: GeneratedModule, specifier: string): ValueSite[] {
  return module.valueUses
    .filter((use) => use.bindings.some((binding) => binding.stub.specifier === specifier))
    .map((use) => use.site);
}

/** A declaration whose bindings are only types (used or marked so): the safe fix takes it off start-up. */
function onlyTypes(module: GeneratedModule, specifier: string): boolean {
  const bindings = module.bindings.filter((binding) => binding.stub.specifier === specifier);
  return (
    sitesOf(module, specifier).length === 0 &&
    bindings.some(
      (binding) => binding.inlineType || module.typeUses.some((use) => use.binding === binding),
    )
  );
}

/** The lazy forms (suggestions) of a lint run, by the module each one is about. */
function lazySuggestions(code: string, messages: readonly Linter.LintMessage[]): Map<string, string> {
  const outputs = new Map<string, string>();
  for (const message of messages) {
    for (const suggestion of message.suggestions ?? []) {
      outputs.set(reportedSpecifier(code, message), applySuggestion(code, suggestion));
    }
  }
  return outputs;
}

/** Lints, fixes and applies suggestions to one generated module; records its outputs as variants. */
function variantsOf(item: Case, messages: readonly Linter.LintMessage[]): void {
  const { module, index } = item;
  const add = (label: string, options: FixRuleOptions, code: string, offStartup: string[], passes = 0): void => {
    item.variants.push({ id: `c${index}v${item.variants.length}`, label, options, code, offStartup, fixPass: passes > 0, passes });
  };
  const esm = module.format.startsWith('esm');
  const styles: FixRuleOptions[] = module.format === 'esm-ts' ? [{}, { style: 'import-defer' }] : [{}];
  for (const style of styles) {
    const deferred = style.style === 'import-defer';
    const suggestions = lazySuggestions(module.code, deferred ? lint(module.code, module.format, style) : messages);
    for (const specifier of specifiersOf(module)) {
      const sites = sitesOf(module, specifier);
      const fits = deferred ? DEFERRED_SITES : esm ? ASYNC_SITES : FUNCTION_SITES;
      const expected = sites.length > 0 && sites.every((site) => fits.has(site));
      if (expected !== suggestions.has(specifier)) {
        const what = `${deferred ? 'import-defer' : 'lazy'} suggestion for ${specifier} ${expected ? 'missing' : 'offered'}`;
        problem(item, `${what} (value uses: ${sites.join(', ')})`);
      }
    }
    for (const [specifier, output] of suggestions) add('suggestion', style, output, [specifier]);
    const autofix = fixAll(module.code, module.format, { ...style, autofix: true });
    if (autofix.fixed) {
      const typesOnly = specifiersOf(module).filter((specifier) => onlyTypes(module, specifier));
      add('autofix', { ...style, autofix: true }, autofix.output, [...suggestions.keys(), ...typesOnly], autofix.passes);
    }
  }
  const fixed = fixAll(module.code, module.format);
  if (fixed.fixed) {
    add('fix', {}, fixed.output, specifiersOf(module).filter((specifier) => onlyTypes(module, specifier)), fixed.passes);
  }
}

/** Checks that need no type-checker and no run: parsing, a second pass, loads left at start-up. */
function checkStatically(item: Case): void {
  const { module } = item;
  for (const variant of item.variants) {
    let atStartup: Set<string>;
    try {
      atStartup = specifiersLoadedAtStartup(variant.code, module.format);
    } catch (error) {
      problem(item, `output does not parse: ${String(error)}`, variant);
      continue;
    }
    if (variant.fixPass) {
      const again = fixAll(variant.code, module.format, variant.options);
      if (again.fixed) problem(item, `a second --fix changed the output:\n${again.output}`, variant);
      // Every fix of a file carries the file's other fixes: the first pass does all the work.
      if (variant.passes > 1) problem(item, `--fix needed ${variant.passes} passes`, variant);
    }
    for (const specifier of variant.offStartup) {
      if (atStartup.has(specifier)) problem(item, `${specifier} is still loaded at module level`, variant);
    }
    for (const comment of module.code.match(COMMENT) ?? []) {
      if (!variant.code.includes(comment)) problem(item, `comment lost: ${comment}`, variant);
    }
    if (!/^ /m.test(module.code) && /^ /m.test(variant.code)) problem(item, 'indented with spaces in a file indented with tabs', variant);
  }
}

/** Comments as the generator writes them (its code has no strings that look like comments). */
const COMMENT = /\/\/[^\n]*|\/\*[\s\S]*?\*\//g;

const isTs = (item: Case): boolean => item.module.format.endsWith('-ts');

describe('fixes and suggestions on generated modules', () => {
  let root: string;
  let cases: Case[];
  // By output text: diagnostics, and what running it gave (by format and text).
  const typed = new Map<string, string[]>();
  const runs = new Map<string, RunResult | undefined>();

  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'lazy-imports-fix-safety-'));
    const modules = [
      ...fc.sample(anyModule, { seed: SEED, numRuns: RUNS }),
      ...fc.sample(manyImportsModule, { seed: SEED, numRuns: MANY_RUNS }),
    ];
    cases = modules.map((module, index) => ({ index, module, variants: [] }));
    for (const item of cases) {
      const messages = lint(item.module.code, item.module.format);
      const fatal = messages.find((message) => message.fatal);
      if (fatal) {
        problem(item, `generated input does not parse: ${fatal.message}`);
        continue;
      }
      variantsOf(item, messages);
      checkStatically(item);
    }
    // Outputs often repeat (a suggestion and the autofix, two styles): each text is checked once.
    const typeScript = new Map<string, string>();
    for (const item of cases.filter(isTs)) {
      for (const code of [item.module.code, ...item.variants.map((variant) => variant.code)]) {
        if (!typeScript.has(code)) typeScript.set(code, `m${typeScript.size}`);
      }
    }
    const diagnostics = typeCheck(root, new Map([...typeScript].map(([code, id]) => [id, code])));
    const runnable = new Map<string, RunInput>();
    for (const item of cases) {
      for (const code of [item.module.code, ...item.variants.map((variant) => variant.code)]) {
        const key = `${item.module.format}\n${code}`;
        if (!runnable.has(key)) runnable.set(key, { id: `r${runnable.size}`, format: item.module.format, code });
      }
    }
    const results = runModules(root, [...runnable.values()]);
    for (const [key, input] of runnable) runs.set(key, results.get(input.id));
    for (const [code, id] of typeScript) typed.set(code, diagnostics.get(id) ?? []);
  }, 600_000);

  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('generates enough cases of every kind to mean something', () => {
    const variants = cases.flatMap((item) => item.variants);
    expect(cases.length).toBe(RUNS + MANY_RUNS);
    const many = cases.slice(RUNS);
    expect(many.every((item) => specifiersOf(item.module).length > 10)).toBe(true);
    // Many-import files whose autofix took several imports off start-up in its one pass.
    const converted = many.filter((item) => {
      const before = specifiersLoadedAtStartup(item.module.code, item.module.format);
      return item.variants.some((variant) => {
        if (variant.label !== 'autofix') return false;
        const after = specifiersLoadedAtStartup(variant.code, item.module.format);
        return [...before].filter((specifier) => !after.has(specifier)).length > 1;
      });
    });
    expect(converted.length).toBeGreaterThan(MANY_RUNS / 4);
    expect(variants.filter((variant) => variant.label === 'suggestion').length).toBeGreaterThan(RUNS / 4);
    expect(variants.filter((variant) => variant.label === 'fix').length).toBeGreaterThan(RUNS / 20);
    expect(variants.filter((variant) => variant.label === 'autofix').length).toBeGreaterThan(RUNS / 4);
    expect(variants.filter((variant) => variant.options.style === 'import-defer').length).toBeGreaterThan(RUNS / 10);
    expect(new Set(cases.map((item) => item.module.format)).size).toBe(4);
    // Every input and output was type-checked (TypeScript) and run.
    expect(cases.filter(isTs).every((item) => typed.has(item.module.code))).toBe(true);
    expect(cases.every((item) => item.variants.every((variant) => runs.get(`${item.module.format}\n${variant.code}`)))).toBe(true);
  });

  it('offers the lazy form exactly when every value use can load the module first; every output parses, is stable and leaves no load at start-up', () => {
    expect(problems.slice(0, 5).join('\n\n')).toBe('');
    expect(problems).toHaveLength(0);
  });

  it('type-checks every output of an input that type-checks', () => {
    const broken: string[] = [];
    for (const item of cases.filter(isTs)) {
      const before = typed.get(item.module.code) ?? [];
      if (before.length > 0) {
        broken.push(`[seed ${SEED}, case ${item.index}] generated input does not type-check: ${before.join('; ')}\n${item.module.code}`);
        continue;
      }
      for (const variant of item.variants) {
        const after = typed.get(variant.code) ?? [];
        if (after.length > 0) {
          broken.push(
            `[seed ${SEED}, case ${item.index}] ${variant.label} ${JSON.stringify(variant.options)}: ${after.join('; ')}\n--- input:\n${item.module.code}\n--- output:\n${variant.code}`,
          );
        }
      }
    }
    expect(broken.slice(0, 3).join('\n\n')).toBe('');
  });

  it('returns the same values from every export, and no longer loads lazily loaded modules at start-up', () => {
    const broken: string[] = [];
    for (const item of cases) {
      const before = runs.get(`${item.module.format}\n${item.module.code}`);
      if (!before) continue;
      for (const variant of item.variants) {
        const after = runs.get(`${item.module.format}\n${variant.code}`);
        const where = `[seed ${SEED}, case ${item.index}] ${variant.label} ${JSON.stringify(variant.options)}`;
        const listing = `\n--- input:\n${item.module.code}\n--- output:\n${variant.code}`;
        if (after?.result !== before.result) {
          broken.push(`${where}: results differ\nbefore: ${before.result}\nafter:  ${after?.result}${listing}`);
        }
        const loaded = variant.offStartup.filter((specifier) => after?.startup.includes(specifier));
        if (loaded.length > 0) broken.push(`${where}: ${loaded.join(', ')} still loaded at start-up${listing}`);
      }
    }
    expect(broken.slice(0, 3).join('\n\n')).toBe('');
  });
});
