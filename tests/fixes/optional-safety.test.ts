import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingPackageMessage } from '../../src/fixes/missing-package.js';
import { anyModule, ASYNC_SITES, FUNCTION_SITES, type GeneratedModule } from './support/generate.js';
import { MISSING_INSIDE, STUBS } from './support/heavy-stubs.js';
import {
  applySuggestion,
  fixAll,
  lint,
  OPTIONAL_STUBS_OWNER,
  reportedSpecifier,
  specifiersLoadedAtStartup,
  specifiersLoadedLater,
} from './support/lint.js';
import { runModules, type RunInput, type RunResult } from './support/run-cases.js';
import { typeCheck } from './support/typecheck.js';

// Generated modules whose heavy packages are the optional peers of their package: the lazy
// form (a suggestion only) is applied, and every output parsed, type-checked, and run three
// ways: with the package installed, without it, and installed but missing a module inside.
const RUNS = Number(process.env.OPTIONAL_SAFETY_RUNS ?? 200);
const SEED = Number(process.env.FIX_SAFETY_SEED ?? Math.floor(Math.random() * 2 ** 31));

interface Suggested {
  readonly id: string;
  readonly module: GeneratedModule;
  readonly index: number;
  /** The optional package the suggestion loads where it is used. */
  readonly specifier: string;
  readonly code: string;
}

const isTs = (module: GeneratedModule): boolean => module.format.endsWith('-ts');

function sitesOf(module: GeneratedModule, specifier: string): string[] {
  return module.valueUses
    .filter((use) => use.bindings.some((binding) => binding.stub.specifier === specifier))
    .map((use) => use.site);
}

describe('the lazy form of optional dependencies on generated modules', () => {
  let root: string;
  const problems: string[] = [];
  const suggested: Suggested[] = [];
  let modules: GeneratedModule[] = [];
  const typed = new Map<string, string[]>();
  /** Results by run (`all`, `missing`, `broken`) and input id. */
  const runs = new Map<string, Map<string, RunResult>>();

  function problem(index: number, module: GeneratedModule, what: string, output = ''): void {
    problems.push(`[seed ${SEED}, case ${index}, ${module.format}] ${what}\n--- input:\n${module.code}${output ? `\n--- output:\n${output}` : ''}`);
  }

  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'lazy-imports-optional-safety-'));
    modules = fc.sample(anyModule, { seed: SEED, numRuns: RUNS });
    modules.forEach((module, index) => {
      const messages = lint(module.code, module.format, {}, 'optional');
      if (messages.some((message) => message.fatal)) {
        problem(index, module, 'generated input does not parse');
        return;
      }
      // Never a fix that moves the load, even with autofix: only the safe `import type` fix.
      const autofix = fixAll(module.code, module.format, { autofix: true }, 'optional');
      const plain = fixAll(module.code, module.format, {}, 'optional');
      if (autofix.output !== plain.output) problem(index, module, 'autofix moved an optional dependency', autofix.output);
      const bySpecifier = new Map<string, string>();
      for (const message of messages) {
        for (const suggestion of message.suggestions ?? []) {
          if (suggestion.messageId !== 'loadOptionalWhereUsed') problem(index, module, `unexpected suggestion ${suggestion.messageId}`);
          bySpecifier.set(reportedSpecifier(module.code, message), applySuggestion(module.code, suggestion));
        }
      }
      const fits = module.format.startsWith('esm') ? ASYNC_SITES : FUNCTION_SITES;
      for (const { specifier } of STUBS) {
        const sites = sitesOf(module, specifier);
        const expected = sites.length > 0 && sites.every((site) => fits.has(site as never));
        if (expected !== bySpecifier.has(specifier)) {
          problem(index, module, `lazy suggestion for ${specifier} ${expected ? 'missing' : 'offered'} (value uses: ${sites.join(', ')})`);
        }
      }
      for (const [specifier, code] of bySpecifier) {
        try {
          if (specifiersLoadedAtStartup(code, module.format).has(specifier)) problem(index, module, `${specifier} still loads at start-up`, code);
        } catch (error) {
          problem(index, module, `output does not parse: ${String(error)}`, code);
          continue;
        }
        suggested.push({ id: `s${suggested.length}`, module, index, specifier, code });
      }
    });

    const typeScript = new Map<string, string>();
    for (const item of suggested.filter((entry) => isTs(entry.module))) {
      for (const code of [item.module.code, item.code]) if (!typeScript.has(code)) typeScript.set(code, `t${typeScript.size}`);
    }
    const diagnostics = typeCheck(root, new Map([...typeScript].map(([code, id]) => [id, code])));
    for (const [code, id] of typeScript) typed.set(code, diagnostics.get(id) ?? []);

    const inputs: RunInput[] = suggested.flatMap((item) => [
      { id: `${item.id}in`, format: item.module.format, code: item.module.code },
      { id: `${item.id}out`, format: item.module.format, code: item.code },
    ]);
    runs.set('all', runModules(path.join(root, 'all'), inputs));
    for (const { specifier } of STUBS) {
      const about = inputs.filter((input) => suggested.find((item) => input.id.startsWith(`${item.id}o`) && item.specifier === specifier));
      for (const [kind, changes] of [
        ['missing', { missing: specifier }],
        ['broken', { broken: specifier }],
      ] as const) {
        const results = runModules(path.join(root, `${kind}-${specifier}`), about, changes);
        const merged = runs.get(kind) ?? new Map<string, RunResult>();
        for (const [id, result] of results) merged.set(id, result);
        runs.set(kind, merged);
      }
    }
  }, 600_000);

  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('offers the lazy form, as a suggestion only, exactly where every use can load the package first; every output parses and loads it later', () => {
    expect(suggested.length).toBeGreaterThan(RUNS / 4);
    expect(problems.slice(0, 3).join('\n\n')).toBe('');
  });

  it('type-checks every output of an input that type-checks', () => {
    const broken: string[] = [];
    for (const item of suggested.filter((entry) => isTs(entry.module))) {
      if ((typed.get(item.module.code) ?? []).length > 0) continue;
      const after = typed.get(item.code) ?? [];
      if (after.length > 0) broken.push(`[seed ${SEED}, case ${item.index}] ${after.join('; ')}\n--- output:\n${item.code}`);
    }
    expect(suggested.filter((entry) => isTs(entry.module)).length).toBeGreaterThan(0);
    expect(broken.slice(0, 3).join('\n\n')).toBe('');
  });

  it('behaves the same where the package is installed, explains it where it is not, and rethrows a module missing inside it', () => {
    const broken: string[] = [];
    let explained = 0;
    for (const item of suggested) {
      const where = `[seed ${SEED}, case ${item.index}, ${item.module.format}] ${item.specifier}`;
      const listing = `\n--- input:\n${item.module.code}\n--- output:\n${item.code}`;
      const before = runs.get('all')?.get(`${item.id}in`);
      const after = runs.get('all')?.get(`${item.id}out`);
      if (!before || after?.result !== before.result) broken.push(`${where}: results differ\nbefore: ${before?.result}\nafter:  ${after?.result}${listing}`);
      const clear = JSON.stringify(missingPackageMessage({ specifier: item.specifier, owner: OPTIONAL_STUBS_OWNER })).slice(1, -1);
      const missing = runs.get('missing')?.get(`${item.id}out`)?.result ?? '';
      const inside = runs.get('broken')?.get(`${item.id}out`)?.result ?? '';
      // The input's own lazy loads of the package are left as they are: only those may fail unexplained.
      const ownLazyLoads = specifiersLoadedLater(item.module.code, item.module.format).has(item.specifier);
      if ((!ownLazyLoads && missing.includes('Cannot find')) || missing.includes('loadError')) {
        broken.push(`${where}: not installed, unexplained: ${missing}${listing}`);
      }
      if (inside.includes(clear)) broken.push(`${where}: a module missing inside the package was called the package missing: ${inside}${listing}`);
      if (missing.includes(clear)) {
        explained += 1;
        if (!inside.includes(MISSING_INSIDE)) broken.push(`${where}: the error from inside the package was not rethrown: ${inside}${listing}`);
      }
    }
    expect(broken.slice(0, 3).join('\n\n')).toBe('');
    // Most outputs call what they load: the clear error is seen, not only possible.
    expect(explained).toBeGreaterThan(suggested.length / 2);
  });
});
