import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TSESTree } from '@typescript-eslint/types';
import type { RuleListener } from '@typescript-eslint/utils/ts-eslint';
import { importSemanticsFor, jsxFactoriesFor } from '../analysis/compile-semantics.js';
import type { HeavyMatcher } from '../analysis/heavy-matcher.js';
import { loadsTheBuildKeeps, moduleLoadOf, type ModuleLoad } from '../analysis/module-loads.js';
import { moduleLoadListeners } from '../util/load-listeners.js';
import { projectGraphFor, type ProjectGraph } from './graph.js';
import { eagerLoadsFrom } from './scanner.js';

/** The file being linted, as a rule of the project graph sees it. */
export interface LintedFile {
  readonly sourceCode: { readonly ast: TSESTree.Program; readonly text: string };
  /** Absolute. */
  readonly filename: string;
  readonly matcher: HeavyMatcher;
  readonly verbatimModuleSyntax: boolean | undefined;
  /** Feed the graph only a text that the file holds on disk (an edit `--fix` made in memory is not fed). */
  readonly feedsFromDisk?: boolean;
}

/** Whether `text` is what `file` holds on disk: the graph's reading of the file answers while the file is as it was then. */
function onDisk(graph: ProjectGraph, file: string, text: string): boolean {
  const reading = graph.currentReadingOf(file);
  if (reading) return reading.text === text;
  try {
    return readFileSync(file, 'utf8') === text;
  } catch {
    return false;
  }
}

/**
 * What a lint of a program fed to each graph: the loads the build keeps. Rules of the graph that
 * lint the same file share ESLint's AST, so the second takes the first one's answer.
 */
const fedByProgram = new WeakMap<TSESTree.Program, Map<ProjectGraph, readonly ModuleLoad[]>>();

/**
 * ESLint listeners that collect the module loads of the file being linted and, once the whole
 * file has been seen, feed the loads that run at start-up to the project graph, then hand
 * `report` the graph and the loads the build keeps (under elided semantics an import no value
 * uses is gone). Every rule of the graph lints through these, so that a file gives the graph
 * the same edges whichever rule feeds it, and a second rule on the file costs next to nothing.
 */
export function graphLoadListeners(
  { sourceCode, filename, matcher, verbatimModuleSyntax, feedsFromDisk = false }: LintedFile,
  report: (graph: ProjectGraph, kept: readonly ModuleLoad[], hasJsx: boolean) => void,
): RuleListener {
  const loads: ModuleLoad[] = [];
  let hasJsx = false;

  /** The loads the build keeps, by the same syntactic reading as for files read from disk. */
  function keptLoads(): readonly ModuleLoad[] {
    const semantics = importSemanticsFor(filename, verbatimModuleSyntax);
    if (semantics === 'kept') return loads;
    return loadsTheBuildKeeps(sourceCode.ast, loads, semantics, { jsxFactories: jsxFactoriesFor(filename) });
  }

  return moduleLoadListeners(filename, {
    load(node) {
      const load = moduleLoadOf(node);
      if (load) loads.push(load);
    },
    jsx() {
      hasJsx = true;
    },
    exit() {
      const graph = projectGraphFor(matcher, verbatimModuleSyntax);
      let fed = fedByProgram.get(sourceCode.ast);
      let kept = fed?.get(graph);
      if (!kept) {
        graph.revalidate();
        kept = graph.keptLoadsFromReading(filename, sourceCode.text, loads) ?? keptLoads();
        if (!feedsFromDisk || onDisk(graph, filename, sourceCode.text)) graph.feed(filename, eagerLoadsFrom(kept, { filename, hasJsx }));
        if (!fed) {
          fed = new Map();
          fedByProgram.set(sourceCode.ast, fed);
        }
        fed.set(graph, kept);
      }
      report(graph, kept, hasJsx);
    },
  });
}

/** A path as messages show it: relative to the working directory, with forward slashes. */
function shown(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return (relative.startsWith('..') || path.isAbsolute(relative) ? file : relative).split(path.sep).join('/');
}

/** A chain as messages show it: its files relative to the working directory, then the module it ends at, if not a file. */
export function chainText(files: readonly string[], last: string | undefined, cwd: string): string {
  const links = files.map((file) => shown(file, cwd));
  if (last !== undefined) links.push(last);
  return links.join(' → ');
}

/** What a message adds after a chain for the other heavy modules the same load brings: ` (and 2 more heavy packages)`, or nothing. */
export function moreHeavyText(count: number, where = ''): string {
  return count > 0 ? ` (and ${count} more heavy ${count === 1 ? 'package' : 'packages'}${where})` : '';
}
