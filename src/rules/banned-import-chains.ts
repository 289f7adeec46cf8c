import path from 'node:path';
import type { SuggestionReportDescriptor } from '@typescript-eslint/utils/ts-eslint';
import type { ModuleLoad } from '../analysis/module-loads.js';
import { LazyImportsConfigError, readVerbatimModuleSyntax } from '../analysis/settings.js';
import { chainLoadTarget, cutLinksFor } from '../graph/cuts.js';
import { linkKey, type ChainFinding, type ProjectGraph } from '../graph/graph.js';
import { entriesOptionSchema, startupEntries } from '../graph/entries.js';
import { chainText, graphLoadListeners, moreHeavyText } from '../graph/linted-file.js';
import {
  fixMessages,
  fixReportsFor,
  jsxFactoryCalls,
  readsTypeScriptSyntax,
  type FixMessageId,
  type ReportedLoad,
  type SuggestionMessageId,
} from '../fixes/report.js';
import { cwdOf } from '../util/compat.js';
import { createRule } from '../util/create-rule.js';
import { heavyMatcherFor, heavyOptionSchema, type HeavyOption } from '../util/heavy-options.js';
import { isDeclarationFile } from '../analysis/resolve.js';

export type Options = [
  {
    entries?: string[];
    heavy?: HeavyOption[];
    autofix?: boolean;
  },
];

export type MessageIds = 'chain' | 'chainInCycle' | FixMessageId | ChainSuggestionMessageId;

/** The only suggestion the rule offers: its lazy form is `await import()` or `require()`, never `import defer`, and no load is an optional dependency. */
type ChainSuggestionMessageId = Extract<SuggestionMessageId, 'loadWhereUsed'>;

/** How every message starts: the load, the heavy module it reaches and the chain to it, then the cycle that chain runs through, if any. */
const CHAIN_LEAD = "'{{specifier}}' loads heavy '{{heavy}}' at start-up: {{chain}}{{more}}. {{cycleNote}}";
const CHAIN_MESSAGE = `${CHAIN_LEAD}Load '{{specifier}}' where it is used, or make a module of the chain load the next one lazily.`;

/** What a message says of the import cycle a chain runs through: nothing, when it runs through none. */
function cycleNote(cycle: number): string {
  return cycle > 1 ? `The chain runs through an import cycle of ${cycle} modules, so cutting one link inside it may not cut the chain. ` : '';
}

export default createRule<Options, MessageIds>({
  name: 'banned-import-chains',
  meta: {
    type: 'problem',
    docs: {
      description: "Disallow loading heavy modules at start-up through the project's own modules",
      recommended: false,
    },
    fixable: 'code',
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          entries: entriesOptionSchema(': report only in files on their start-up path', 'every file is checked'),
          heavy: heavyOptionSchema,
          autofix: {
            type: 'boolean',
            description:
              "Cut each chain with `eslint --fix` at its first link from an entry that has a safe lazy form. Needs entry points: `entries`, or those the nearest package.json names. It moves loads into functions, which changes when the modules are evaluated.",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ autofix: false }],
    messages: {
      // One text for both: the message id says whether the chain runs through a cycle, `cycleNote` says how big.
      chain: CHAIN_MESSAGE,
      chainInCycle: CHAIN_MESSAGE,
      // The fixes' messages, with the chain first; the rule has no `import defer` style and no optional dependency to offer.
      typeOnlyImport: `${CHAIN_LEAD}Its bindings are used only as types: use \`import type\`, which loads nothing.`,
      usedAtLoad: `${CHAIN_LEAD}\`{{name}}\` is used at module level on line {{line}}, so '{{specifier}}' cannot be loaded lazily here. Move that use into a function, or make a later module of the chain load the next one lazily.`,
      usedInSyncFunction: `${CHAIN_LEAD}\`{{name}}\` is used in {{fn}} on line {{line}}, which is not async, so \`await import()\` cannot load '{{specifier}}' there. Move that use into an async function, or make a later module of the chain load the next one lazily.`,
      usedInParameter: `${CHAIN_LEAD}\`{{name}}\` is used in a default parameter value of {{fn}} on line {{line}}, which runs before a load in the body could. Move that use into the function body, or make a later module of the chain load the next one lazily.`,
      usedInField: `${CHAIN_LEAD}\`{{name}}\` is used in the initializer of {{field}} on line {{line}}, where no statement can load '{{specifier}}' first. Move that use into a method or the constructor, or make a later module of the chain load the next one lazily.`,
      loadWhereUsed: fixMessages.loadWhereUsed,
    },
  },
  create(context, [options]) {
    const { autofix = false } = options;
    // Code without a file (`<input>`, `<text>`) has no place in the project graph.
    if (isDeclarationFile(context.filename) || /^<\w+>$/.test(context.filename)) return {};
    const matcher = heavyMatcherFor(context, options.heavy);
    if (matcher.isEmpty) return {};
    const cwd = cwdOf(context);
    const filename = path.resolve(cwd, context.filename);
    const entries = startupEntries(filename, cwd, options.entries);
    if (autofix && !entries) {
      throw new LazyImportsConfigError(
        "banned-import-chains: `autofix: true` cuts chains from the program's entry points, and none is found: set the option `entries` (e.g. ['src/cli.ts']), or name them in package.json (`bin`, `main`, `exports`).",
      );
    }
    const verbatimModuleSyntax = readVerbatimModuleSyntax(context.settings);

    function report(graph: ProjectGraph, kept: readonly ModuleLoad[], hasJsx: boolean): void {
      if (entries && !entries.matches(filename) && !graph.startupFiles(entries.files()).has(filename)) return;
      const findings: { load: ModuleLoad; target: string; finding: ChainFinding }[] = [];
      for (const load of kept) {
        const target = chainLoadTarget(matcher, filename, load);
        const finding = target && graph.chainThrough(filename, target);
        if (target && finding) findings.push({ load, target, finding });
      }
      if (findings.length === 0) return;
      // With `autofix`, `--fix` edits only the links where the chains from the entries are cut.
      const cuts = entries && autofix ? cutLinksFor(graph, matcher, verbatimModuleSyntax, entries.files(), cwd) : undefined;
      const { sourceCode } = context;
      const reports = fixReportsFor(
        sourceCode,
        findings.map(({ load, target }): ReportedLoad => ({
          load,
          what: `'${load.specifier}'`,
          declaration: undefined,
          level: cuts ? (cuts.has(linkKey(filename, target)) ? 'lazy' : 'none') : 'type-only',
        })),
        {
          autofix: false,
          style: 'dynamic-import',
          typeScriptSyntax: readsTypeScriptSyntax(sourceCode.ast),
          filename,
          calledByJsx: jsxFactoryCalls(sourceCode.ast, filename, hasJsx),
        },
      );
      findings.forEach(({ load, finding }, index) => {
        const fixes = reports[index];
        if (!fixes) return;
        context.report({
          node: load.source,
          messageId: fixes.messageId ?? (finding.cycle > 1 ? 'chainInCycle' : 'chain'),
          data: {
            ...fixes.data,
            specifier: load.specifier,
            heavy: finding.heavy,
            chain: chainText(finding.files, finding.heavy, cwd),
            more: moreHeavyText(finding.moreHeavy),
            cycleNote: cycleNote(finding.cycle),
          },
          fix: fixes.fix,
          // Planned with the 'dynamic-import' style and no optional dependency: `loadWhereUsed` is the only suggestion.
          suggest: fixes.suggest as SuggestionReportDescriptor<ChainSuggestionMessageId>[],
        });
      });
    }

    // With `autofix`, the graph holds the files as they are on disk: a cut `--fix` has made in
    // memory must not change which links the files linted after it cut.
    return graphLoadListeners({ sourceCode: context.sourceCode, filename, matcher, verbatimModuleSyntax, feedsFromDisk: autofix }, report);
  },
});
