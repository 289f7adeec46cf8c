// The chain rule against Node itself. Generated projects (modules in TypeScript, ES modules and
// CommonJS, some in a workspace package, loading each other and installed stub packages in every
// way a load can be written) are run in Node, which shows which loads happen at start-up; the
// rule must report exactly the loads of project modules whose start-up closure, as run, loads
// a heavy package; import-outside-toplevel must report every load inside a function except
// those of what loads a heavy package; and no-ineffective-lazy-imports must report exactly the
// loads inside a function whose module, or a heavy package behind it, the run of an entry
// loaded at start-up anyway.
import { rmSync } from 'node:fs';
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { temporaryDir } from '../support/files.js';
import { builtPlugin } from './support/built-plugin.js';
import {
  expectedFindings,
  expectedIneffectiveFindings,
  expectedLazyFindings,
  heavyOf,
  observeRun,
  type ExpectedFinding,
  type ExpectedIneffectiveFinding,
  type RunGraph,
  type RunNode,
} from './support/oracle.js';
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
const INEFFECTIVE = 'lazy-imports/no-ineffective-lazy-imports';
const RULES: ReadonlySet<string> = new Set([RULE, OUTSIDE_TOPLEVEL, INEFFECTIVE]);
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
      rules: { [RULE]: ['error', ...options], [OUTSIDE_TOPLEVEL]: 'error', [INEFFECTIVE]: ['error', ...options] },
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
      if (!message.ruleId || !RULES.has(message.ruleId)) {
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

/** The fewest nodes of a chain of start-up loads from `from` to a node `to` accepts, or `Infinity`. */
function shortestChain(graph: RunGraph, from: number, to: (node: RunNode) => boolean): number {
  const depth = new Map<RunNode, number>([[from, 1]]);
  const queue: RunNode[] = [from];
  for (let head = 0; head < queue.length; head += 1) {
    const node = queue[head] as RunNode;
    if (to(node)) return depth.get(node) as number;
    if (typeof node === 'string') continue;
    for (const next of graph.edges.get(node) ?? []) {
      if (!depth.has(next)) {
        depth.set(next, (depth.get(node) as number) + 1);
        queue.push(next);
      }
    }
  }
  return Infinity;
}

/**
 * The message of no-ineffective-lazy-imports gives a shortest chain of loads the run performed,
 * from an entry that judges the load to the loaded module (as the last file loads it, for a
 * package) or, behind a lazily loaded module, to a heavy thing the run loaded at start-up; and
 * how many more heavy things behind it did.
 */
function expectIneffectiveMessage(project: Project, graph: RunGraph, actual: Actual, expected: ExpectedIneffectiveFinding): void {
  const heavyForm = expected.heavyAtStartup.length > 0;
  const parsed = heavyForm
    ? /^'[^']+' is loaded lazily, but heavy '([^']+)' behind it loads at start-up anyway: (.+?)(?: \(and (\d+) more heavy packages? behind it\))?\. /.exec(actual.message)
    : /^'[^']+' is loaded lazily here, but loads at start-up anyway: (.+?)\. /.exec(actual.message);
  expect(parsed, actual.message).not.toBeNull();
  const links = ((heavyForm ? parsed?.[2] : parsed?.[1]) ?? '').split(' → ');
  const files = project.modules.map((_, index) => sourceFile(project.modules, index));
  // An entry that is itself the heavy module is its own chain, named by its path.
  const heavyEntry = heavyForm && links.length === 1;
  const endsAtFile = heavyEntry || (!heavyForm && typeof expected.loads === 'number');
  const modules = (endsAtFile ? links : links.slice(0, -1)).map((link) => files.indexOf(link));
  const entry = modules[0] ?? -1;
  expect(expected.startup.has(entry), actual.message).toBe(true);
  for (const [index, module] of modules.entries()) {
    expect(index === 0 || graph.edges.get(modules[index - 1] ?? -1)?.has(module), actual.message).toBe(true);
  }
  const last = modules.at(-1) ?? -1;
  let reaches: (node: RunNode) => boolean;
  if (heavyEntry) {
    expect(parsed?.[1], actual.message).toBe(links[0]);
    expect(expected.heavyAtStartup, actual.message).toContain(heavyOf(project, last));
    reaches = (node) => expected.heavyAtStartup.includes(heavyOf(project, node) ?? '');
  } else if (endsAtFile) {
    expect(last, actual.message).toBe(expected.loads);
    reaches = (node) => node === expected.loads;
  } else {
    // The last file's load, as it is written there, of what the chain ends at.
    const named = links.at(-1);
    const load = allSites(project).find((site) => site.importer === last && site.specifier === named);
    expect(load && graph.edges.get(last)?.has(nodeOf(load)), actual.message).toBeTruthy();
    if (heavyForm) {
      expect(parsed?.[1], actual.message).toBe(named);
      expect(expected.heavyAtStartup, actual.message).toContain(load && heavyOf(project, nodeOf(load)));
      reaches = (node) => expected.heavyAtStartup.includes(heavyOf(project, node) ?? '');
    } else {
      expect(load && nodeOf(load), actual.message).toBe(expected.loads);
      reaches = (node) => node === expected.loads;
    }
  }
  if (heavyForm) expect(Number(parsed?.[3] ?? 0), actual.message).toBe(expected.heavyAtStartup.length - 1);
  const fewest = Math.min(...[...expected.startup.keys()].map((from) => shortestChain(graph, from, reaches)));
  expect(links, actual.message).toHaveLength(fewest);
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
  for (const finding of actual) {
    if (finding.ruleId === RULE) seen.add(finding.message.includes('import cycle') ? 'finding through a cycle' : 'finding');
    if (finding.ruleId === INEFFECTIVE) seen.add(finding.message.includes('behind it') ? 'ineffective behind a module' : 'ineffective');
  }
}

describe('banned-import-chains against the loads Node performs', () => {
  it(`reports exactly the start-up loads that reach a heavy package, import-outside-toplevel agrees, and no-ineffective-lazy-imports reports the lazy loads start-up undoes, over ${RUNS} generated projects`, { timeout: 120_000 }, async () => {
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
        // Lazy loads that buy nothing: exactly those whose module, or a heavy thing behind it, loaded at start-up.
        const ineffective = found.filter((finding) => finding.ruleId === INEFFECTIVE);
        const expectedIneffective = expectedIneffectiveFindings(project, graph);
        expect(ineffective.map(position).sort()).toEqual(expectedIneffective.map(position).sort());
        for (const finding of ineffective) {
          const match = expectedIneffective.find((candidate) => position(candidate) === position(finding));
          if (match) expectIneffectiveMessage(project, graph, finding, match);
        }
        tally(project, [...actual, ...ineffective]);
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
        'ineffective',
        'ineffective behind a module',
      ].sort(),
    );
  });
});
