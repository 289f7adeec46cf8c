// The chain rule against Node itself. Generated projects (modules in TypeScript, ES modules and
// CommonJS, some in a workspace package, loading each other and installed stub packages in every
// way a load can be written) are run in Node, which shows which loads happen at start-up; the
// rule must report exactly the loads of project modules whose start-up closure, as run, loads
// a heavy package.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { expectedFindings, observeRun, type ExpectedFinding, type RunGraph } from './support/oracle.js';
import {
  allSites,
  HEAVY,
  modelSaysEager,
  projectArbitrary,
  sourceFile,
  writeProject,
  type Project,
} from './support/project.js';

const RULE = 'lazy-imports/banned-import-chains';
const RUNS = 50;
const scratch = mkdtempSync(path.join(os.tmpdir(), 'lazy-imports-chains-'));
let counter = 0;

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function plugin(): Promise<ESLint.Plugin> {
  // The built plugin, as users load it (`npm test` builds first).
  const { default: built } = (await import(new URL('../../dist/index.js', import.meta.url).href)) as { default: ESLint.Plugin };
  return built;
}

function config(project: Project, lazyImports: ESLint.Plugin): Linter.Config[] {
  const options = project.entries ? [{ entries: project.entries.map((index) => sourceFile(project.modules, index)) }] : [];
  return [
    { files: ['**/*.ts'], languageOptions: { parser: tsParser as Linter.Parser } },
    { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
    {
      plugins: { 'lazy-imports': lazyImports },
      settings: { 'lazy-imports': { heavy: [...HEAVY] } },
      rules: { [RULE]: ['error', ...options] },
    },
  ];
}

interface Actual {
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
      if (message.ruleId !== RULE) throw new Error(`${result.filePath}:${message.line}: ${message.message}`);
      return {
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

/** The run must agree with the generator on which loads happen, or the generator is wrong. */
function expectRunMatchesModel(project: Project, graph: RunGraph): void {
  for (const site of allSites(project)) {
    const { target } = site.load;
    const node = 'module' in target ? target.module : target.package;
    const ran = graph.edges.get(site.importer)?.has(node) ?? false;
    const format = project.modules[site.importer]?.format ?? 'ts';
    expect(ran, `${site.load.kind} in m${site.importer} (${format}) of ${site.specifier}`).toBe(
      modelSaysEager(site.load.kind, format, project.verbatim),
    );
  }
}

/**
 * The message names a heavy package the load reaches and a shortest chain to it, from the loaded
 * file: a chain of loads the run performed, not back through the importer.
 */
function expectMessage(project: Project, graph: RunGraph, actual: Actual, expected: ExpectedFinding): void {
  const named = /loads heavy '([^']+)'/.exec(actual.message)?.[1];
  expect(expected.heavy, actual.message).toContain(named);
  const chain = /at start-up: (.+?)(?: \(and |\. )/.exec(actual.message)?.[1]?.split(' → ') ?? [];
  expect(chain, actual.message).toHaveLength(expected.chainLength);
  const files = project.modules.map((_, index) => sourceFile(project.modules, index));
  const nodes = chain.map((link) => (files.includes(link) ? files.indexOf(link) : link));
  expect(nodes[0], actual.message).toBe(expected.target);
  expect(nodes.at(-1), actual.message).toBe(named);
  for (const [index, node] of nodes.slice(1).entries()) {
    const from = nodes[index];
    expect(typeof from === 'number' && from !== expected.importer && graph.edges.get(from)?.has(node), actual.message).toBe(true);
  }
  const more = /and (\d+) more heavy package/.exec(actual.message)?.[1];
  expect(Number(more ?? 0), actual.message).toBe(expected.heavy.length - 1);
}

describe('banned-import-chains against the loads Node performs', () => {
  it(`reports exactly the start-up loads that reach a heavy package, over ${RUNS} generated projects`, { timeout: 120_000 }, async () => {
    const lazyImports = await plugin();
    await fc.assert(
      fc.asyncProperty(projectArbitrary(), async (project) => {
        const dir = path.join(scratch, `case-${counter++}`);
        const root = path.join(dir, 'source');
        const runRoot = path.join(dir, 'run');
        writeProject(project, root, runRoot);
        const graph = await observeRun(project, runRoot, path.join(dir, 'loads.log'));
        expectRunMatchesModel(project, graph);
        const expected = expectedFindings(project, graph);
        const actual = await lint(project, root, lazyImports);
        expect(actual.map(position).sort()).toEqual(expected.map(position).sort());
        for (const finding of actual) {
          const match = expected.find((candidate) => position(candidate) === position(finding));
          if (match) expectMessage(project, graph, finding, match);
        }
        rmSync(dir, { recursive: true, force: true });
      }),
      { numRuns: RUNS },
    );
  });
});
