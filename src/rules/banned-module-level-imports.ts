import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { bindingUses, isUsedAsValue } from '../analysis/binding-uses.js';
import { importSemanticsFor } from '../analysis/compile-semantics.js';
import { describeMatch, type HeavyMatch } from '../analysis/heavy-matcher.js';
import { buildKeepsLoad, moduleLoadOf, writtenSpecifier, type ImportSemantics, type ModuleLoad } from '../analysis/module-loads.js';
import { readVerbatimModuleSyntax } from '../analysis/settings.js';
import { loadDeclarationOf, valueUses, type LoadDeclaration } from '../fixes/bindings.js';
import {
  fixMessages,
  fixReportsFor,
  jsxFactoryCalls,
  readsTypeScriptSyntax,
  type FixMessageId,
  type ReportedLoad,
  type SuggestionMessageId,
} from '../fixes/report.js';
import { createRule } from '../util/create-rule.js';
import { moduleLoadListeners } from '../util/load-listeners.js';
import { heavyMatcherFor, heavyOptionSchema, type HeavyOption } from '../util/heavy-options.js';
import { isDeclarationFile } from '../analysis/resolve.js';

export type Options = [
  {
    heavy?: HeavyOption[];
    autofix?: boolean;
    style?: 'dynamic-import' | 'import-defer';
  },
];

export type MessageIds =
  | 'import'
  | 'inlineTypeImport'
  | 'reExport'
  | 'importEquals'
  | 'require'
  | 'dynamicImport'
  | 'deferReadAtLoad'
  | 'optionalDependency'
  | FixMessageId
  | SuggestionMessageId;

/** A load of a heavy module that runs at start-up (or is deferred), found as ESLint walks the file. */
interface Candidate {
  readonly node: TSESTree.Node;
  readonly load: ModuleLoad;
  readonly match: HeavyMatch;
}

function messageIdOf(
  load: ModuleLoad,
): Exclude<MessageIds, 'deferReadAtLoad' | 'optionalDependency' | FixMessageId | SuggestionMessageId> {
  if (load.inlineTypesOnly) return 'inlineTypeImport';
  switch (load.kind) {
    case 'import':
      return 'import';
    case 'export':
      return 'reExport';
    case 'import-equals':
      return 'importEquals';
    case 'require':
      return 'require';
    case 'dynamic-import':
      return 'dynamicImport';
  }
}

export default createRule<Options, MessageIds>({
  name: 'banned-module-level-imports',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow loading heavy modules when a module is evaluated',
      recommended: true,
    },
    fixable: 'code',
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          heavy: heavyOptionSchema,
          autofix: {
            type: 'boolean',
            description:
              'Also apply the lazy form with `eslint --fix`, not only as a suggestion. It moves loads into functions, which changes when the module is evaluated.',
          },
          style: {
            type: 'string',
            enum: ['dynamic-import', 'import-defer'],
            description:
              "How the lazy form loads an ES module: `await import()` at the top of each async function that uses it ('dynamic-import'), or one `import defer * as ns` read where it is used ('import-defer': TypeScript 5.9+ with module esnext or preserve).",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ autofix: false, style: 'dynamic-import' }],
    messages: {
      import:
        'Module-level import of {{what}} loads it at start-up. Load it inside the function that uses it (`await import()` or `require()`), or use `import type` if only types are needed.',
      inlineTypeImport:
        'Inline type imports of {{what}} still load it at start-up (they compile to `import {} from …`). Use `import type` instead.',
      reExport:
        'Re-exporting from {{what}} loads it at start-up. Use `export type` for types, or let callers load the module where they use it.',
      importEquals:
        '`import … = require()` of {{what}} loads it at start-up. Call `require()` inside the function that uses it, or use `import type … = require()` if only types are needed.',
      require: '`require()` of {{what}} runs at start-up. Move it into the function that uses the module.',
      dynamicImport:
        'Top-level `import()` of {{what}} starts loading it at start-up. Call `import()` inside the function that needs the module.',
      ...fixMessages,
      optionalDependency:
        "'{{name}}' is an optional {{dependency}} of {{owner}}{{reason}}: a module-level import throws for users who have not installed it. Load it where it is used, with an error that says how to install it when it is missing.",
      deferReadAtLoad:
        '`import defer` of {{what}} does not defer it: `{{name}}` is read at module level on line {{line}}. Read it only inside functions, or import the module where it is used.',
    },
  },
  create(context, [options]) {
    const filename = context.filename;
    if (isDeclarationFile(filename)) return {};
    const matcher = heavyMatcherFor(context, options.heavy);
    if (matcher.isEmpty) return {};
    const { sourceCode } = context;
    const { autofix = false, style = 'dynamic-import' } = options;
    // Read on the first heavy import: most files have none, and they need no tsconfig.
    let semantics: ImportSemantics | undefined;
    // Set by the `jsx` handler given to `moduleLoadListeners`, called only for files that have JSX.
    let fileHasJsx = false;

    /** Whether the scope manager sees a binding the statement declares used as a value, shadowing included. */
    function hasValueUse(node: TSESTree.Node, local: TSESTree.Identifier): boolean {
      return sourceCode
        .getDeclaredVariables(node)
        .some((variable) => variable.name === local.name && isUsedAsValue(variable));
    }

    const candidates: Candidate[] = [];

    function check(node: TSESTree.Node): void {
      // Most imports name no heavy module: their specifier settles it, before the load is classified.
      const written = writtenSpecifier(node);
      const early = written === undefined ? undefined : matcher.match(written, filename);
      if (written !== undefined && !early) return;
      const load = moduleLoadOf(node);
      if (!load) return;
      if (!load.atLoad && !load.deferred) return;
      const match = early ?? matcher.match(load.specifier, filename);
      if (match) candidates.push({ node, load, match });
    }

    /**
     * Whether the build keeps the load: an import the project's compiler removes loads nothing.
     * `declaration` is the import's, as the fixes rewrite it (`null`: none).
     */
    function isKept({ node, load }: Candidate, declaration: LoadDeclaration | null, calledByJsx: (name: string) => boolean): boolean {
      if (load.kind !== 'import' && load.kind !== 'export' && load.kind !== 'import-equals') return true;
      // The bindings' uses the fixes read decide; imports the fixes cannot rewrite ask the scope manager.
      const isValueUsed = declaration
        ? (local: TSESTree.Identifier) =>
            declaration.bindings.some((binding) => binding.local === local.name && valueUses(binding).length > 0)
        : (local: TSESTree.Identifier) => hasValueUse(node, local);
      // An import the scope manager sees used as a value stays under any compile semantics:
      // most do, and they need no tsconfig read. The second look asks only for the JSX
      // factory: the first has found no binding the scope manager sees used.
      return (
        buildKeepsLoad(load, 'elided', isValueUsed) ||
        buildKeepsLoad(
          load,
          (semantics ??= importSemanticsFor(filename, readVerbatimModuleSyntax(context.settings))),
          (local) => calledByJsx(local.name),
        )
      );
    }

    /** Reports a deferred import whose namespace is read at module level, which evaluates the module anyway. */
    function checkDeferred(node: TSESTree.Node, load: ModuleLoad, what: string): void {
      // Re-exporting the namespace passes it on without evaluating the module.
      const readAtLoad = bindingUses(sourceCode.getDeclaredVariables(node)).find(
        (use) => use.atLoad && use.identifier.parent?.type !== AST_NODE_TYPES.ExportSpecifier,
      );
      if (!readAtLoad) return;
      context.report({
        node: load.source,
        messageId: 'deferReadAtLoad',
        data: { what, name: readAtLoad.variable.name, line: readAtLoad.identifier.loc.start.line },
      });
    }

    // Reported when the file is done: JSX anywhere in it may call an import, and with
    // `autofix` each fix applies every fix of the file.
    function reportFindings(): void {
      if (candidates.length === 0) return;
      const calledByJsx = jsxFactoryCalls(sourceCode.ast, filename, fileHasJsx);
      const findings: (ReportedLoad & { readonly match: HeavyMatch })[] = [];
      for (const candidate of candidates) {
        const { node, load, match } = candidate;
        // The fixes of a reported import read every use of its bindings: they are classified
        // once, for the elision check, and the fixes have them (other loads they look up).
        const declaration = load.kind === 'import' ? (loadDeclarationOf(sourceCode, load) ?? null) : undefined;
        if (!isKept(candidate, declaration ?? null, calledByJsx)) continue;
        const what = describeMatch(load.specifier, match);
        const { optional } = match.entry;
        if (load.deferred) {
          checkDeferred(node, load, what);
          continue;
        }
        findings.push(
          optional && !match.carrier
            ? { load, what, declaration, match, optional: { specifier: load.specifier, owner: optional.owner } }
            : { load, what, declaration, match },
        );
      }
      if (findings.length === 0) return;
      const typeScriptSyntax = readsTypeScriptSyntax(sourceCode.ast);
      const reports = fixReportsFor(sourceCode, findings, { autofix, style, typeScriptSyntax, filename, calledByJsx });
      findings.forEach(({ load, match }, index) => {
        const fixes = reports[index];
        if (!fixes) return;
        const { entry } = match;
        // An optional dependency's own message says why it must not load at start-up, unless a fix says more.
        const optional = fixes.messageId === undefined && !match.carrier ? entry.optional : undefined;
        context.report({
          node: load.source,
          ...(optional
            ? {
                messageId: 'optionalDependency',
                data: {
                  ...fixes.data,
                  name: entry.name,
                  dependency: optional.peer ? 'peer dependency' : 'dependency',
                  owner: optional.owner,
                  reason: entry.reason ? ` (${entry.reason})` : '',
                },
              }
            : { messageId: fixes.messageId ?? messageIdOf(load), data: fixes.data }),
          fix: fixes.fix,
          suggest: fixes.suggest,
        });
      });
    }

    return moduleLoadListeners(filename, {
      load: check,
      jsx: () => {
        fileHasJsx = true;
      },
      exit: reportFindings,
    });
  },
});

