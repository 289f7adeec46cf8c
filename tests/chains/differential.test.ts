// The chain rule against Node itself. Generated projects (modules in TypeScript, ES modules and
// CommonJS, some in a workspace package, loading each other and installed stub packages in every
// way a load can be written) are run in Node, which shows which loads happen at start-up; the
// rule must report exactly the loads of project modules whose start-up closure, as run, loads
// a heavy package; and import-outside-toplevel must report every load inside a function except
// those of what loads a heavy package.
import { rmSync } from 'node:fs';
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { temporaryDir } from '../support/files.js';
import { builtPlugin } from './support/built-plugin.js';
import { expectedFindings, expectedLazyFindings, heavyOf, observeRun, type ExpectedFinding, type RunGraph, type RunNode } from './support/oracle.js';
import {
  allSites,
  heavyList,
  LOAD_KINDS,
  modelSaysEager,
  projectArbitrary,
  sourceFile,
  writeProject,
  type Project,
  type Site,
} from './support/project.js';

const RULE = 'lazy-imports/banned-import-chains';
const OUTSIDE_TOPLEVEL = 'lazy-imports/import-outside-toplevel';
const RUNS = Number(process.env.CHAINS_RUNS ?? 40);
const { dir: scratch, remove } = temporaryDir('chains');
let counter = 0;

afterAll(remove);

function config(project: Project, lazyImports: ESLint.Plugin): Linter.Config[] {
  const options = project.entries ? [{ entries: project.entries.map((index) => sourceFile(project.modules, index)) }] : [];
  return [
    { files: ['**/*.ts'], languageOptions: { parser: tsParser as Linter.Parser } },
    { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
    {
      plugins: { 'lazy-imports': lazyImports },
      settings: { 'lazy-imports': { heavy: heavyList(project) } },
      rules: { [RULE]: ['error', ...options], [OUTSIDE_TOPLEVEL]: 'error' },
    },
  ];
}

interface Actual {
  readonly ruleId: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

async function lint(project: Project, root: string, lazyImports: ESLint.Plugin): Promise<Actual[]> {
  const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: config(project, lazyImports) });
  const files = project.modules.map((_, index) => sourceFile(project.modules, index));
  const results = await eslint.lintFiles(files);
  return results.flatMap((result) =>
    result.messages.map((message) => {
      if (message.ruleId !== RULE && message.ruleId !== OUTSIDE_TOPLEVEL) {
        throw new Error(`${result.filePath}:${message.line}: ${message.message}`);
      }
      return {
        ruleId: message.ruleId,
        file: path.relative(root, result.filePath).split(path.sep).join('/'),
        line: message.line,
        column: message.column,
        message: message.message,
      };
    }),
  );
}

function position({ file, line, column }: { file: string; line: number; column: number }): string {
  return `${file}:${line}:${column}`;
}

/** The node of the run a site loads. */
function nodeOf(site: Site): RunNode {
  const { target } = site.load;
  if ('module' in target) return target.module;
  return target.subpath ? `${target.package}/extra` : target.package;
}

/** The run must agree with the generator on which loads happen, or the generator is wrong. */
function expectRunMatchesModel(project: Project, graph: RunGraph): void {
  for (const site of allSites(project)) {
    const ran = graph.edges.get(site.importer)?.has(nodeOf(site)) ?? false;
    const format = project.modules[site.importer]?.format ?? 'ts';
    expect(ran, `${site.load.kind} in m${site.importer} (${format}) of ${site.specifier}`).toBe(
      modelSaysEager(site.load.kind, format, project.verbatim),
    );
  }
}

/**
 * The message names something heavy the load reaches, as the last file of the chain imports
 * it, and a shortest chain to it from the loaded file: loads the run performed, not back through
 * the importer; and how many more heavy things the load reaches.
 */
function expectMessage(project: Project, graph: RunGraph, actual: Actual, expected: ExpectedFinding): void {
  const named = /loads heavy '([^']+)'/.exec(actual.message)?.[1];
  const chain = /at start-up: (.+?)(?: \(and |\. )/.exec(actual.message)?.[1]?.split(' → ') ?? [];
  expect(chain, actual.message).toHaveLength(expected.chainLength);
  expect(chain.at(-1), actual.message).toBe(named);
  const files = project.modules.map((_, index) => sourceFile(project.modules, index));
  const modules = chain.slice(0, -1).map((link) => files.indexOf(link));
  expect(modules[0], actual.message).toBe(expected.target);
  for (const [index, module] of modules.entries()) {
    expect(module !== expected.importer && (index === 0 || graph.edges.get(modules[index - 1] ?? -1)?.has(module)), actual.message).toBe(true);
  }
  const last = modules.at(-1) ?? -1;
  const heavyLoad = allSites(project).find((site) => site.importer === last && site.specifier === named);
  expect(heavyLoad && graph.edges.get(last)?.has(nodeOf(heavyLoad)) && heavyOf(project, nodeOf(heavyLoad)), actual.message).toBeTruthy();
  // How many more: at least the other heavy packages, at most the other heavy specifiers (a
  // package and its subpath, a module by two spellings) the closure loads.
  const more = Number(/and (\d+) more heavy package/.exec(actual.message)?.[1] ?? 0);
  const heavySpecifiers = new Set(
    allSites(project)
      .filter((site) => expected.closure.includes(site.importer) && graph.edges.get(site.importer)?.has(nodeOf(site)))
      .filter((site) => heavyOf(project, nodeOf(site)) !== undefined)
      .map((site) => site.specifier),
  );
  expect(more, actual.message).toBeGreaterThanOrEqual(expected.heavy.length - 1);
  expect(more, actual.message).toBeLessThanOrEqual(heavySpecifiers.size - 1);
}

/** What the generated projects held, so that a run that never met a case cannot pass for one that did. */
const seen = new Set<string>();

function tally(project: Project, actual: readonly Actual[]): void {
  for (const site of allSites(project)) {
    seen.add(`kind ${site.load.kind}`);
    if ('module' in site.load.target) seen.add(`spelling ${site.load.spelling}`);
    else if (site.load.target.subpath) seen.add('subpath');
  }
  for (const module of project.modules) seen.add(`format ${module.format} in ${module.location}`);
  seen.add(`verbatimModuleSyntax ${String(project.verbatim)}`);
  if (project.entries) seen.add('entries');
  if (project.heavyModule !== undefined) seen.add('path entry');
  if (project.vendor !== undefined) seen.add('allowIn');
  for (const finding of actual) seen.add(finding.message.includes('import cycle') ? 'finding through a cycle' : 'finding');
}

describe('banned-import-chains against the loads Node performs', () => {
  it(`reports exactly the start-up loads that reach a heavy package, and import-outside-toplevel agrees, over ${RUNS} generated projects`, { timeout: 120_000 }, async () => {
    const lazyImports = await builtPlugin();
    await fc.assert(
      fc.asyncProperty(projectArbitrary(), async (project) => {
        const dir = path.join(scratch, `case-${counter++}`);
        const root = path.join(dir, 'source');
        const runRoot = path.join(dir, 'run');
        writeProject(project, root, runRoot);
        const graph = await observeRun(project, runRoot, path.join(dir, 'loads.log'));
        expectRunMatchesModel(project, graph);
        const expected = expectedFindings(project, graph);
        const found = await lint(project, root, lazyImports);
        const actual = found.filter((finding) => finding.ruleId === RULE);
        expect(actual.map(position).sort()).toEqual(expected.map(position).sort());
        // The rules agree: a lazy load of what reaches heavy is never asked to move up.
        const lazy = found.filter((finding) => finding.ruleId === OUTSIDE_TOPLEVEL);
        expect(lazy.map(position).sort()).toEqual(expectedLazyFindings(project, graph).map(position).sort());
        for (const finding of actual) {
          const match = expected.find((candidate) => position(candidate) === position(finding));
          if (match) expectMessage(project, graph, finding, match);
        }
        tally(project, actual);
        rmSync(dir, { recursive: true, force: true });
      }),
      { numRuns: RUNS },
    );
    expect([...seen].sort()).toEqual(
      [
        ...Object.keys(LOAD_KINDS).map((kind) => `kind ${kind}`),
        ...['relative', 'alias', 'hash', 'workspace'].map((spelling) => `spelling ${spelling}`),
        ...(['ts', 'js', 'mjs', 'cjs'] as const).flatMap((format) => [`format ${format} in app`, `format ${format} in lib`]),
        'verbatimModuleSyntax true',
        'verbatimModuleSyntax false',
        'subpath',
        'entries',
        'path entry',
        'allowIn',
        'finding',
        'finding through a cycle',
      ].sort(),
    );
  });
});
