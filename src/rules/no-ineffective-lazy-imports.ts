import path from 'node:path';
import type { ModuleLoad } from '../analysis/module-loads.js';
import { isDeclarationFile } from '../analysis/resolve.js';
import { readVerbatimModuleSyntax } from '../analysis/settings.js';
import { loadsOfStartFunctions } from '../analysis/start-calls.js';
import { entriesOptionSchema, startupEntries, type EntryFiles } from '../graph/entries.js';
import { packageModuleOf, type ProjectGraph, type StartupChain, type StartupClosure } from '../graph/graph.js';
import { chainText, graphLoadListeners, moreHeavyText } from '../graph/linted-file.js';
import { resolveLoad } from '../analysis/resolver.js';
import { cwdOf } from '../util/compat.js';
import { createRule } from '../util/create-rule.js';
import { heavyMatcherFor, heavyOptionSchema, type HeavyOption } from '../util/heavy-options.js';

export type Options = [
  {
    entries?: string[];
    heavy?: HeavyOption[];
  },
];

export type MessageIds = 'loadedAtStartup' | 'heavyLoadedAtStartup';

/** The shortest of the chains the closures give, the first of equals. */
function shortest(closures: readonly StartupClosure[], chainIn: (closure: StartupClosure) => StartupChain | undefined): StartupChain | undefined {
  let best: StartupChain | undefined;
  for (const closure of closures) {
    const chain = chainIn(closure);
    if (chain && (!best || chain.files.length < best.files.length)) best = chain;
  }
  return best;
}

/**
 * The heavy modules behind a lazily loaded file of the project that the closures load at
 * start-up: the one with the shortest chain, and how many more.
 */
function heavyAtStartup(
  graph: ProjectGraph,
  target: string,
  closures: readonly StartupClosure[],
): { chain: StartupChain; more: number } | undefined {
  let first: StartupChain | undefined;
  let count = 0;
  for (const key of graph.heavyReachedFrom(target)) {
    const chain = shortest(closures, (closure) => closure.chainToHeavy(key));
    if (!chain) continue;
    count += 1;
    if (!first || chain.files.length < first.files.length) first = chain;
  }
  return first && { chain: first, more: count - 1 };
}

export default createRule<Options, MessageIds>({
  name: 'no-ineffective-lazy-imports',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow lazy loads of modules that the entry points load at start-up anyway',
      recommended: false,
    },
    schema: [
      {
        type: 'object',
        properties: {
          entries: entriesOptionSchema(' whose start-up loads make a lazy load pointless', 'the rule reports nothing'),
          heavy: heavyOptionSchema,
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{}],
    messages: {
      loadedAtStartup:
        "'{{specifier}}' is loaded lazily here, but loads at start-up anyway: {{chain}}. Make the eager load in that chain lazy too; until then this lazy load keeps nothing off start-up.",
      heavyLoadedAtStartup:
        "'{{specifier}}' is loaded lazily, but heavy '{{heavy}}' behind it loads at start-up anyway: {{chain}}{{more}}. Make the eager load of '{{heavy}}' in that chain lazy too; until then loading '{{specifier}}' lazily does not keep '{{heavy}}' off start-up.",
    },
  },
  create(context, [options]) {
    // Code without a file (`<input>`, `<text>`) has no place in the project graph.
    if (isDeclarationFile(context.filename) || /^<\w+>$/.test(context.filename)) return {};
    const cwd = cwdOf(context);
    const filename = path.resolve(cwd, context.filename);
    const entries = startupEntries(filename, cwd, options.entries);
    // Without entry points there is no start-up to compare with.
    if (!entries) return {};
    const matcher = heavyMatcherFor(context, options.heavy);
    const verbatimModuleSyntax = readVerbatimModuleSyntax(context.settings);

    function reportLoad(load: ModuleLoad, graph: ProjectGraph, judging: readonly string[], starts: boolean): void {
      // In an entry, a lazy load in the function it starts with is a start-up load of the graph:
      // not what undoes itself (the same load in any other function of the entry is undone by it).
      const closures = judging.map((entry) => graph.startupClosureOf(entry, starts && entry === filename ? load.specifier : undefined));
      const target = resolveLoad(filename, load.specifier, load.kind)?.project;
      let chainIn: (closure: StartupClosure) => StartupChain | undefined;
      if (target === undefined) {
        const module = packageModuleOf(load.specifier);
        // A path that names no file of the project is no module to compare.
        if (module === undefined) return;
        chainIn = (closure) => closure.chainToPackage(module);
      } else {
        chainIn = (closure) => closure.chainToFile(target);
      }
      const eager = shortest(closures, chainIn);
      if (eager) {
        context.report({
          node: load.source,
          messageId: 'loadedAtStartup',
          data: { specifier: load.specifier, chain: chainText(eager.files, eager.specifier, cwd) },
        });
        return;
      }
      if (target === undefined) return;
      const heavy = heavyAtStartup(graph, target, closures);
      if (!heavy) return;
      const { chain, more } = heavy;
      context.report({
        node: load.source,
        messageId: 'heavyLoadedAtStartup',
        data: {
          specifier: load.specifier,
          // An entry that is itself heavy (a path entry) is named by its path.
          heavy: chain.specifier ?? chainText(chain.files, undefined, cwd),
          chain: chainText(chain.files, chain.specifier, cwd),
          more: moreHeavyText(more, ' behind it'),
        },
      });
    }

    function report(graph: ProjectGraph, kept: readonly ModuleLoad[], entries: EntryFiles): void {
      if (kept.every((load) => load.atLoad)) return;
      const all = entries.files();
      // A file on the start-up path of some entries runs in their programs: what another entry
      // (a separate program) loads does not make its lazy loads pointless.
      const containing = all.filter((entry) => graph.startupClosureOf(entry).has(filename));
      const judging = containing.length > 0 ? containing : all;
      const starting = new Set(judging.includes(filename) ? loadsOfStartFunctions(context.sourceCode.ast, kept) : []);
      for (const load of kept) {
        if (!load.atLoad) reportLoad(load, graph, judging, starting.has(load));
      }
    }

    return graphLoadListeners({ sourceCode: context.sourceCode, filename, matcher, verbatimModuleSyntax }, (graph, kept) =>
      report(graph, kept, entries),
    );
  },
});
