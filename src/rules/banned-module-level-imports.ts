import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { RuleListener } from '@typescript-eslint/utils/ts-eslint';
import { bindingUses } from '../analysis/binding-uses.js';
import { describeMatch } from '../analysis/heavy-matcher.js';
import { LOAD_NODE_TYPES, moduleLoadOf, type ModuleLoad } from '../analysis/module-loads.js';
import { createRule } from '../util/create-rule.js';
import { heavyMatcherFor, heavyOptionSchema, type HeavyOption } from '../util/heavy-options.js';

export type Options = [
  {
    heavy?: HeavyOption[];
  },
];

export type MessageIds =
  | 'import'
  | 'inlineTypeImport'
  | 'reExport'
  | 'importEquals'
  | 'require'
  | 'dynamicImport'
  | 'deferReadAtLoad';

const DECLARATION_FILE = /\.d\.[cm]?ts$/;

function messageIdOf(load: ModuleLoad): Exclude<MessageIds, 'deferReadAtLoad'> {
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
    schema: [
      {
        type: 'object',
        properties: { heavy: heavyOptionSchema },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{}],
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
      deferReadAtLoad:
        '`import defer` of {{what}} does not defer it: `{{name}}` is read at module level on line {{line}}. Read it only inside functions, or import the module where it is used.',
    },
  },
  create(context, [options]) {
    const filename = context.filename;
    if (DECLARATION_FILE.test(filename)) return {};
    const matcher = heavyMatcherFor(context, options.heavy);
    if (matcher.isEmpty) return {};
    const { sourceCode } = context;

    function check(node: TSESTree.Node): void {
      const load = moduleLoadOf(node);
      if (!load) return;
      if (!load.atLoad && !load.deferred) return;
      const match = matcher.match(load.specifier, filename);
      if (!match) return;
      const what = describeMatch(load.specifier, match);
      if (load.deferred) {
        const variables = sourceCode.getDeclaredVariables(node);
        // Re-exporting the namespace passes it on without evaluating the module.
        const readAtLoad = bindingUses(variables).find(
          (use) => use.atLoad && use.identifier.parent?.type !== AST_NODE_TYPES.ExportSpecifier,
        );
        if (readAtLoad) {
          context.report({
            node: load.source,
            messageId: 'deferReadAtLoad',
            data: { what, name: readAtLoad.variable.name, line: readAtLoad.identifier.loc.start.line },
          });
        }
        return;
      }
      context.report({ node: load.source, messageId: messageIdOf(load), data: { what } });
    }

    return Object.fromEntries(LOAD_NODE_TYPES.map((type) => [type, check])) as RuleListener;
  },
});

