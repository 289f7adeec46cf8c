import path from 'node:path';
import { AST_NODE_TYPES, AST_TOKEN_TYPES, type TSESTree } from '@typescript-eslint/types';
import { createHeavyMatcher } from '../analysis/heavy-matcher.js';
import { moduleLoadOf, type ModuleLoad } from '../analysis/module-loads.js';
import { parseList, readVerbatimModuleSyntax, type HeavyEntry } from '../analysis/settings.js';
import { hoistPlanner } from '../fixes/hoist.js';
import { loadsHeavyProjectModule } from '../graph/graph.js';
import { cwdOf } from '../util/compat.js';
import { createRule } from '../util/create-rule.js';
import { REQUIRE_CALL } from '../util/load-listeners.js';
import { heavyMatcherFor, heavyOptionSchema, type HeavyOption } from '../util/heavy-options.js';
import { isDeclarationFile } from '../analysis/resolve.js';

export type Options = [
  {
    allow?: string[];
    heavy?: HeavyOption[];
  },
];

export type MessageIds = 'loadInFunction' | 'eagerInFunction' | 'hoist';

/**
 * Members of test runners and of Node that reset, isolate or mock the module registry
 * (`jest.mock()`, `vi.resetModules()`, `jest.isolateModules()`, `jest.unstable_mockModule()`):
 * a file that calls them loads modules late on purpose (a mock factory may not even read
 * module-level names), so its loads are neither reported nor hoisted.
 */
const MODULE_REGISTRY_MEMBERS = new Set([
  'mock',
  'doMock',
  'doUnmock',
  'unstable_mockModule',
  'resetModules',
  'resetModuleRegistry',
  'isolateModules',
  'isolateModulesAsync',
]);

/** How the eager message names the entry a load matched, when it is not the module itself: ` (as '@otel/*'; reason)`. */
function eagerEntryNote(specifier: string, { name, reason }: HeavyEntry): string {
  const notes = [...(name === specifier ? [] : [`as '${name}'`]), ...(reason ? [reason] : [])];
  return notes.length > 0 ? ` (${notes.join('; ')})` : '';
}

export default createRule<Options, MessageIds>({
  name: 'import-outside-toplevel',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Require modules to be loaded at the top of the file unless they are heavy',
      recommended: false,
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          allow: {
            type: 'array',
            description:
              'Modules that may be loaded inside functions: package names, scope globs, or path globs relative to the working directory.',
            items: { type: 'string', minLength: 1 },
          },
          heavy: heavyOptionSchema,
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ allow: [] }],
    messages: {
      loadInFunction:
        "`{{call}}` of '{{module}}' runs inside a function. Move it to the top of the file, or add it to settings['lazy-imports'].heavy if it is heavy enough to load lazily.",
      eagerInFunction:
        "`{{call}}` of '{{module}}' runs inside a function, but '{{module}}' must load at start-up: it is in settings['lazy-imports'].eager{{entry}}. Import it at the top of the file.",
      hoist: "Load '{{module}}' at the top of the file.",
    },
  },
  create(context, [options]) {
    const filename = context.filename;
    if (isDeclarationFile(filename)) return {};
    const cwd = cwdOf(context);
    const heavy = heavyMatcherFor(context, options.heavy);
    const allowed = createHeavyMatcher(parseList(options.allow ?? [], 'options.allow'), cwd);
    const { sourceCode } = context;
    const program = sourceCode.ast;
    const sourceType = (context.languageOptions as { sourceType?: string } | undefined)?.sourceType;
    const hoistFix = hoistPlanner(sourceCode, { filename, sourceType });
    let touchesModuleRegistry: boolean | undefined;

    function isExempt({ specifier, kind }: ModuleLoad): boolean {
      // A heavy entry is exempt wherever it is loaded lazily, even in the files its `allowIn`
      // lets load it at module level; so is a project module whose eager closure reaches one.
      return (
        allowed.match(specifier, filename) !== undefined ||
        heavy.match(specifier, filename, true) !== undefined ||
        loadsHeavyProjectModule(heavy, readVerbatimModuleSyntax(context.settings), path.resolve(cwd, filename), { specifier, kind })
      );
    }

    /** Whether the file resets, isolates or mocks modules, so when a module loads matters. */
    function fileTouchesModuleRegistry(): boolean {
      if (touchesModuleRegistry !== undefined) return touchesModuleRegistry;
      const tokens = program.tokens ?? [];
      touchesModuleRegistry = tokens.some((token, index) => {
        if (token.type !== AST_TOKEN_TYPES.Identifier) return false;
        const previous = tokens[index - 1];
        const object = tokens[index - 2];
        const member = previous?.value === '.' || previous?.value === '?.';
        if (member && MODULE_REGISTRY_MEMBERS.has(token.value)) return true;
        // `require.cache` (clearing it reloads a module on the next call) and `mock.module()` of `node:test`.
        return (
          member &&
          ((object?.value === 'require' && token.value === 'cache') || (object?.value === 'mock' && token.value === 'module'))
        );
      });
      return touchesModuleRegistry;
    }

    function check(node: TSESTree.CallExpression | TSESTree.ImportExpression): void {
      if (node.type === AST_NODE_TYPES.ImportExpression && node.phase) return;
      const load = moduleLoadOf(node);
      if (!load || load.atLoad || (load.kind !== 'require' && load.kind !== 'dynamic-import')) return;
      // A module that must load at start-up is reported even where `allow` would let it load late.
      const eager = heavy.eager(load.specifier, filename);
      if ((!eager && isExempt(load)) || fileTouchesModuleRegistry()) return;
      const data = { module: load.specifier, call: load.kind === 'require' ? 'require()' : 'import()' };
      const fix = hoistFix(load);
      context.report({
        node: load.source,
        ...(eager
          ? { messageId: 'eagerInFunction', data: { ...data, entry: eagerEntryNote(load.specifier, eager) } }
          : { messageId: 'loadInFunction', data }),
        ...(fix ? { suggest: [{ messageId: 'hoist', data, fix }] } : {}),
      });
    }

    return {
      // Only `require()` and `module.require()` among the calls: `moduleLoadOf` reads no other.
      [REQUIRE_CALL]: check,
      ImportExpression: check,
    };
  },
});
