import path from 'node:path';
import type { ModuleLoad } from '../analysis/module-loads.js';
import { readVerbatimModuleSyntax } from '../analysis/settings.js';
import type { ProjectGraph } from '../graph/graph.js';
import { startupEntries } from '../graph/entries.js';
import { chainText, graphLoadListeners } from '../graph/linted-file.js';
import { resolveLoad } from '../analysis/resolver.js';
import { cwdOf } from '../util/compat.js';
import { createRule } from '../util/create-rule.js';
import { heavyMatcherFor, heavyOptionSchema, type HeavyOption } from '../util/heavy-options.js';
import { isDeclarationFile } from '../analysis/resolve.js';

export type Options = [
  {
    entries?: string[];
    heavy?: HeavyOption[];
  },
];

export type MessageIds = 'chain' | 'chainInCycle';

export default createRule<Options, MessageIds>({
  name: 'banned-import-chains',
  meta: {
    type: 'problem',
    docs: {
      description: "Disallow loading heavy modules at start-up through the project's own modules",
      recommended: false,
    },
    schema: [
      {
        type: 'object',
        properties: {
          entries: {
            type: 'array',
            description:
              'Globs (relative to the working directory) of the entry points: report only in files on their start-up path. Without it, the entry points of the nearest package.json (`bin`, `main`, `exports`); where it names none, every file is checked.',
            items: { type: 'string', minLength: 1 },
          },
          heavy: heavyOptionSchema,
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{}],
    messages: {
      chain:
        "'{{specifier}}' loads heavy '{{heavy}}' at start-up: {{chain}}{{more}}. Load '{{specifier}}' where it is used, or make a module of the chain load the next one lazily.",
      chainInCycle:
        "'{{specifier}}' loads heavy '{{heavy}}' at start-up: {{chain}}{{more}}. The chain runs through an import cycle of {{cycle}} modules, so cutting one link inside it may not cut the chain. Load '{{specifier}}' where it is used, or make a module of the chain load the next one lazily.",
    },
  },
  create(context, [options]) {
    // Code without a file (`<input>`, `<text>`) has no place in the project graph.
    if (isDeclarationFile(context.filename) || /^<\w+>$/.test(context.filename)) return {};
    const matcher = heavyMatcherFor(context, options.heavy);
    if (matcher.isEmpty) return {};
    const cwd = cwdOf(context);
    const filename = path.resolve(cwd, context.filename);
    const verbatimModuleSyntax = readVerbatimModuleSyntax(context.settings);

    function report(graph: ProjectGraph, kept: readonly ModuleLoad[]): void {
      const entries = startupEntries(filename, cwd, options.entries);
      if (entries && !entries.matches(filename) && !graph.startupFiles(entries.files()).has(filename)) return;
      for (const load of kept) {
        if (!load.atLoad) continue;
        const direct = matcher.match(load.specifier, filename, true);
        // The direct rule reports a heavy specifier, and a file that carries an entry where
        // the importer may not load it; a heavy specifier ends the chain even where it is allowed.
        if ((direct && !direct.carrier) || matcher.match(load.specifier, filename)) continue;
        const target = resolveLoad(filename, load.specifier, load.kind)?.project;
        if (!target || target === filename) continue;
        const finding = graph.chainThrough(filename, target);
        if (!finding) continue;
        const chain = chainText(finding.files, finding.heavy, cwd);
        const more =
          finding.moreHeavy > 0
            ? ` (and ${finding.moreHeavy} more heavy ${finding.moreHeavy === 1 ? 'package' : 'packages'})`
            : '';
        context.report({
          node: load.source,
          messageId: finding.cycle > 1 ? 'chainInCycle' : 'chain',
          data: { specifier: load.specifier, heavy: finding.heavy, chain, more, cycle: finding.cycle },
        });
      }
    }

    return graphLoadListeners({ sourceCode: context.sourceCode, filename, matcher, verbatimModuleSyntax }, report);
  },
});
