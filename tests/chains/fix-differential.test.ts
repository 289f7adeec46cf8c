// The chain rule's autofix against Node itself. Generated programs (ES modules and CommonJS
// loading each other and installed stubs, each load's lazy form safe or blocked by a use) are
// fixed with `eslint --fix` and `autofix`, then each entry is run before and after: after one
// run it loads no heavy stub that a fixable link brought, its exports give the same, the files
// behind a cut are untouched, a second run changes nothing, and linting the files one at a time
// in any order fixes them the same.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { temporaryDir } from '../support/files.js';
import { builtPlugin } from './support/built-plugin.js';
import {
  cutFile,
  cutModuleText,
  cutProjectArbitrary,
  expectedCuts,
  heavyAtStartup,
  HEAVY_STUBS,
  safeKind,
  safeLinkBehindCut,
  writeCutProject,
  type CutProject,
} from './support/cut-project.js';

const RULE = 'lazy-imports/banned-import-chains';
const RUNS = Number(process.env.CHAIN_CUTS_RUNS ?? 25);
const RUNNER = new URL('support/run-entry.mjs', import.meta.url).pathname;
const { dir: scratch, remove } = temporaryDir('chain-cuts');
let counter = 0;

afterAll(remove);

function eslintFor(project: CutProject, root: string, lazyImports: ESLint.Plugin): ESLint {
  const config: Linter.Config[] = [
    { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
    {
      plugins: { 'lazy-imports': lazyImports },
      settings: { 'lazy-imports': { heavy: [...HEAVY_STUBS] } },
      rules: { [RULE]: ['error', { autofix: true, entries: project.entries.map((entry) => cutFile(project, entry)) }] },
    },
  ];
  return new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: config, fix: true });
}

/** The texts of the program's modules, by index. */
function texts(project: CutProject, root: string): string[] {
  return project.modules.map((_, index) => readFileSync(path.join(root, cutFile(project, index)), 'utf8'));
}

/** `eslint --fix` over every module at once; the fixed texts are written. */
async function fixAll(project: CutProject, root: string, lazyImports: ESLint.Plugin): Promise<void> {
  const results = await eslintFor(project, root, lazyImports).lintFiles(project.modules.map((_, index) => cutFile(project, index)));
  for (const result of results) {
    for (const message of result.messages) {
      if (message.ruleId !== RULE) throw new Error(`${result.filePath}:${message.line}: ${message.message}`);
    }
  }
  await ESLint.outputFixes(results);
}

/**
 * The fixed texts when each module is linted by an ESLint of its own, in `order`, and nothing
 * is written until all are done: what each thread of `--concurrency` sees.
 */
async function fixOneByOne(project: CutProject, root: string, lazyImports: ESLint.Plugin, order: readonly number[]): Promise<string[]> {
  const fixed = texts(project, root);
  for (const index of order) {
    const [result] = await eslintFor(project, root, lazyImports).lintFiles([cutFile(project, index)]);
    if (result?.output !== undefined) fixed[index] = result.output;
  }
  return fixed;
}

interface EntryRun {
  readonly startup: string[];
  readonly results: Record<string, unknown>;
}

function runEntry(project: CutProject, root: string, entry: number): EntryRun {
  const output = execFileSync(process.execPath, ['--no-warnings', RUNNER, path.join(root, cutFile(project, entry))], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return JSON.parse(output) as EntryRun;
}

/** What the generated programs held, so that a run that never met a case cannot pass for one that did. */
const seen = new Set<string>();

function tally(project: CutProject, { cuts, changed }: ReturnType<typeof expectedCuts>): void {
  for (const module of project.modules) {
    for (const load of module.loads) if ('module' in load.target) seen.add(`${safeKind(load.kind) ? 'safe' : 'blocked'} link`);
  }
  if (cuts.size > 0) seen.add('cut');
  if (changed.size > 0) seen.add('module changed');
  if (safeLinkBehindCut(project, cuts)) seen.add('safe link behind a cut');
  for (const entry of project.entries) if (heavyAtStartup(project, entry, new Set()).length > 0) seen.add('heavy entry');
}

/** An entry that loads a command table that loads a command that loads a heavy package, each lazily loadable. */
const COMMAND_TABLE: CutProject = {
  modules: [
    { format: 'esm', loads: [{ target: { module: 1 }, kind: 'async' }] },
    { format: 'esm', loads: [{ target: { module: 2 }, kind: 'async' }] },
    { format: 'cjs', loads: [{ target: { package: 'heavy-a' }, kind: 'required' }] },
  ],
  entries: [0],
};

/** A program, and an order to lint its modules in one at a time. */
const withLintOrder = cutProjectArbitrary().chain((project) => {
  const indexes = project.modules.map((_, index) => index);
  return fc.tuple(fc.constant(project), fc.shuffledSubarray(indexes, { minLength: indexes.length, maxLength: indexes.length }));
});

describe('banned-import-chains autofix against the loads Node performs', () => {
  it(`cuts each chain at its first fixable link, in one run, over ${RUNS} generated programs`, { timeout: 300_000 }, async () => {
    const lazyImports = await builtPlugin();
    await fc.assert(
      fc.asyncProperty(withLintOrder, async ([project, order]) => {
        const root = path.join(scratch, `case-${counter++}`);
        writeCutProject(project, root);
        const expected = expectedCuts(project);
        const before = texts(project, root);
        const runsBefore = new Map(project.entries.map((entry) => [entry, runEntry(project, root, entry)]));
        // The model agrees with Node before anything is fixed.
        for (const [entry, run] of runsBefore) expect(run.startup, `m${entry} before`).toEqual(heavyAtStartup(project, entry, new Set()));

        // Any order of linting, one file at a time, gives what one run over all gives.
        const oneByOne = await fixOneByOne(project, root, lazyImports, order);
        await fixAll(project, root, lazyImports);
        const after = texts(project, root);
        expect(oneByOne).toEqual(after);

        // Only the importers of the cut links changed: the files behind a cut are untouched.
        const changed = after.flatMap((text, index) => (text === before[index] ? [] : [index]));
        expect(changed).toEqual([...expected.changed].sort((a, b) => a - b));
        for (const [entry, run] of runsBefore) {
          const fixedRun = runEntry(project, root, entry);
          expect(fixedRun.startup, `m${entry} after`).toEqual(expected.startup.get(entry));
          expect(fixedRun.results, `m${entry} after`).toEqual(run.results);
        }
        // A second run changes nothing.
        await fixAll(project, root, lazyImports);
        expect(texts(project, root)).toEqual(after);
        tally(project, expected);
        rmSync(root, { recursive: true, force: true });
      }),
      // The command table: a chain of fixable links from the entry, cut at the first.
      { numRuns: RUNS, examples: [[[COMMAND_TABLE, [2, 1, 0]]]] },
    );
    expect([...seen].sort()).toEqual(
      ['blocked link', 'cut', 'heavy entry', 'module changed', 'safe link', 'safe link behind a cut'].sort(),
    );
  });
});

describe('banned-import-chains autofix under --concurrency', () => {
  // Two chains from two entries over seven modules, with blocked and fixable links.
  const project: CutProject = {
    modules: [
      { format: 'esm', loads: [{ target: { module: 1 }, kind: 'async' }, { target: { module: 4 }, kind: 'atLoad' }] },
      { format: 'esm', loads: [{ target: { module: 2 }, kind: 'async' }, { target: { module: 3 }, kind: 'sync' }] },
      { format: 'cjs', loads: [{ target: { package: 'heavy-a' }, kind: 'required' }] },
      { format: 'esm', loads: [{ target: { package: 'heavy-b' }, kind: 'bare' }] },
      { format: 'esm', loads: [{ target: { module: 5 }, kind: 'sync' }, { target: { module: 6 }, kind: 'async' }] },
      { format: 'cjs', loads: [{ target: { module: 6 }, kind: 'required' }] },
      { format: 'cjs', loads: [{ target: { package: 'heavy-b' }, kind: 'requiredAtLoad' }] },
    ],
    entries: [0, 5],
  };

  it('fixes the same with threads as in one', { timeout: 120_000 }, async () => {
    const lazyImports = await builtPlugin();
    const single = path.join(scratch, 'single');
    writeCutProject(project, single);
    await fixAll(project, single, lazyImports);
    const threaded = path.join(scratch, 'threaded');
    writeCutProject(project, threaded);
    // Threads load the config from a file: the plugin as built, the same options.
    const entries = project.entries.map((entry) => cutFile(project, entry));
    writeFileSync(
      path.join(threaded, 'eslint.config.js'),
      [
        `import lazyImports from ${JSON.stringify(pathToFileURL(new URL('../../dist/index.js', import.meta.url).pathname).href)};`,
        'export default [',
        "  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },",
        `  { plugins: { 'lazy-imports': lazyImports }, settings: { 'lazy-imports': { heavy: ${JSON.stringify([...HEAVY_STUBS])} } },`,
        `    rules: { '${RULE}': ['error', { autofix: true, entries: ${JSON.stringify(entries)} }] } },`,
        '];',
        '',
      ].join('\n'),
    );
    const eslint = new ESLint({ cwd: threaded, fix: true, concurrency: 2 });
    await ESLint.outputFixes(await eslint.lintFiles(project.modules.map((_, index) => cutFile(project, index))));
    expect(texts(project, threaded)).toEqual(texts(project, single));
    // Cut at the first fixable link of each chain: m0 → m1 (m1 → m2 behind it stays), m4 → m6
    // (m0 → m4 is blocked) and m5 → m6.
    const changed = texts(project, single).flatMap((text, index) => (text === cutModuleText(project, index) ? [] : [index]));
    expect(changed).toEqual([0, 4, 5]);
    expect([...expectedCuts(project).cuts].sort()).toEqual(['0→1', '4→6', '5→6']);
  });
});
