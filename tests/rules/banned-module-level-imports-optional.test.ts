import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import rule, { type MessageIds, type Options } from '../../src/rules/banned-module-level-imports.js';
import { espreeCommonjsRuleTester, espreeRuleTester, tsRuleTester } from '../rule-tester.js';

type Valid = ValidTestCase<Options>;
type Invalid = InvalidTestCase<MessageIds, Options>;

const lines = (...text: string[]): string => text.join('\n');

/** A file of `@acme/sdk`, whose manifest declares `openai` an optional peer and `fast-native` an optional dependency. */
const SDK_FILE = 'tests/fixtures/optional-sdk/src/index.ts';
const optionalSettings = { 'lazy-imports': { optionalDependencies: true } };

function run(testers: readonly (typeof tsRuleTester)[], name: string, invalid: readonly Invalid[], valid: readonly (Valid | string)[] = []): void {
  for (const tester of testers) {
    tester.run(`banned-module-level-imports (${name})`, rule, {
      valid: valid.map((testCase) => ({ settings: optionalSettings, filename: SDK_FILE, ...(typeof testCase === 'string' ? { code: testCase } : testCase) })),
      invalid: invalid.map((testCase) => ({ settings: optionalSettings, filename: SDK_FILE, ...testCase })),
    });
  }
}

/** The message data of a module-level load of the optional peer `openai`. */
function openaiData(load = 'Module-level import'): Record<string, string> {
  return {
    what: "optional peer dependency 'openai' of @acme/sdk",
    load,
    name: 'openai',
    dependency: 'peer dependency',
    owner: '@acme/sdk',
    reason: '',
  };
}

const MISSING_OPENAI = `"'openai' is not installed, and @acme/sdk needs it here: install it with \`npm install openai\`."`;
/** The lines of the `require()` form that explains a missing `openai`, the first at `indent`. */
function guardedRequire(indent: string): string[] {
  return [
    '(() => {',
    '  try {',
    "    return require('openai');",
    '  } catch (error) {',
    `    if (${IS_MISSING_OPENAI}) {`,
    `      throw new Error(${MISSING_OPENAI});`,
    '    }',
    '    throw error;',
    '  }',
    '})()',
  ].map((line, index) => (index === 0 ? line : indent + line));
}

const IS_MISSING_OPENAI =
  "error instanceof Error && 'code' in error && (error.code === 'ERR_MODULE_NOT_FOUND' || error.code === 'MODULE_NOT_FOUND') && error.message.includes(\"'openai'\")";

describe('optional dependencies of the file’s package', () => {
  run(
    [tsRuleTester, espreeRuleTester],
    'optional, ES modules',
    [
      {
        // Never an autofix, even with `autofix: true`: users without the package would see a different error.
        code: lines("import OpenAI from 'openai';", '', 'export async function chat() {', '  return new OpenAI();', '}'),
        options: [{ autofix: true }],
        output: null,
        errors: [
          {
            messageId: 'optionalDependency',
            data: openaiData(),
            line: 1,
            column: 20,
            suggestions: [
              {
                messageId: 'loadOptionalWhereUsed',
                data: { specifier: 'openai' },
                output: lines(
                  'export async function chat() {',
                  "  const { default: OpenAI } = await import('openai').catch((error) => {",
                  `    if (${IS_MISSING_OPENAI}) {`,
                  `      throw new Error(${MISSING_OPENAI});`,
                  '    }',
                  '    throw error;',
                  '  });',
                  '  return new OpenAI();',
                  '}',
                ),
              },
            ],
          },
        ],
      },
      {
        // A subpath: ES modules name the package, CommonJS the specifier.
        code: lines("import { helper } from 'openai/helpers';", 'export const run = async () => helper();'),
        errors: [
          {
            messageId: 'optionalDependency',
            data: { ...openaiData(), what: "'openai/helpers' (optional peer dependency 'openai' of @acme/sdk)" },
            line: 1,
            column: 24,
            suggestions: [
              {
                messageId: 'loadOptionalWhereUsed',
                data: { specifier: 'openai/helpers' },
                output: lines(
                  'export const run = async () => {',
                  "  const { helper } = await import('openai/helpers').catch((error) => {",
                  `    if (error instanceof Error && 'code' in error && (error.code === 'ERR_MODULE_NOT_FOUND' || error.code === 'MODULE_NOT_FOUND') && (error.message.includes("'openai'") || error.message.includes("'openai/helpers'"))) {`,
                  `      throw new Error(${MISSING_OPENAI});`,
                  '    }',
                  '    throw error;',
                  '  });',
                  '  return helper();',
                  '};',
                ),
              },
            ],
          },
        ],
      },
      {
        // `import defer` would throw as the module is linked: the suggestion loads it where it is used.
        code: lines("import * as native from 'fast-native';", 'export async function hash(text) {', '\treturn native.hash(text);', '}'),
        options: [{ style: 'import-defer' }],
        errors: [
          {
            messageId: 'optionalDependency',
            data: {
              what: "optional dependency 'fast-native' of @acme/sdk",
              load: 'Module-level import',
              name: 'fast-native',
              dependency: 'dependency',
              owner: '@acme/sdk',
              reason: '',
            },
            line: 1,
            column: 25,
            suggestions: [
              {
                messageId: 'loadOptionalWhereUsed',
                data: { specifier: 'fast-native' },
                output: lines(
                  'export async function hash(text) {',
                  "\tconst native = await import('fast-native').catch((error) => {",
                  "\t\tif (error instanceof Error && 'code' in error && (error.code === 'ERR_MODULE_NOT_FOUND' || error.code === 'MODULE_NOT_FOUND') && error.message.includes(\"'fast-native'\")) {",
                  "\t\t\tthrow new Error(\"'fast-native' is not installed, and @acme/sdk needs it here: install it with `npm install fast-native`.\");",
                  '\t\t}',
                  '\t\tthrow error;',
                  '\t});',
                  '\treturn native.hash(text);',
                  '}',
                ),
              },
            ],
          },
        ],
      },
      {
        // A use at module level blocks the lazy form: the message says where, and names the dependency.
        code: lines("import OpenAI from 'openai';", 'export const client = new OpenAI();'),
        errors: [
          {
            messageId: 'usedAtLoad',
            data: { what: "optional peer dependency 'openai' of @acme/sdk", load: 'Module-level import', name: 'OpenAI', line: 2 },
            line: 1,
            column: 20,
            suggestions: [],
          },
        ],
      },
      {
        code: "export * from 'openai';",
        errors: [{ messageId: 'optionalDependency', data: openaiData(), line: 1, column: 15 }],
      },
      {
        code: "await import('openai');",
        errors: [{ messageId: 'optionalDependency', data: openaiData(), line: 1, column: 14 }],
      },
      {
        // The setting's reason and allowIn apply to every optional dependency.
        code: "import 'openai';",
        settings: { 'lazy-imports': { optionalDependencies: { reason: 'one provider of many', allowIn: ['tests/fixtures/optional-sdk/src/providers/**'] } } },
        errors: [
          {
            messageId: 'optionalDependency',
            data: { ...openaiData(), what: "optional peer dependency 'openai' of @acme/sdk (one provider of many)", reason: ' (one provider of many)' },
            line: 1,
            column: 8,
          },
        ],
      },
    ],
    [
      // A required peer, a dependency, and a package the manifest does not name.
      "import { z } from 'zod'; export const schema = z.string();",
      "import chalk from 'chalk'; export const red = chalk.red;",
      "import Stripe from 'stripe'; export const f = () => Stripe;",
      // Off unless the setting says so.
      { code: "import OpenAI from 'openai'; export const f = () => OpenAI;", settings: {} },
      { code: "import OpenAI from 'openai'; export const f = () => OpenAI;", settings: { 'lazy-imports': { optionalDependencies: false } } },
      // Another package's file: its manifest is the plugin's own, which has no optional dependency named so.
      { code: "import OpenAI from 'openai'; export const f = () => OpenAI;", filename: 'src/app.ts' },
      // A leaf module that exists to wrap the provider.
      {
        code: "import OpenAI from 'openai'; export const client = new OpenAI();",
        filename: 'tests/fixtures/optional-sdk/src/providers/openai.ts',
        settings: { 'lazy-imports': { optionalDependencies: { allowIn: ['tests/fixtures/optional-sdk/src/providers/**'] } } },
      },
      // Eager wins, as over any heavy entry.
      { code: "import 'openai';", settings: { 'lazy-imports': { optionalDependencies: true, eager: ['openai'] } } },
      // Loaded where it is used already.
      "export async function chat() { const { default: OpenAI } = await import('openai'); return new OpenAI(); }",
    ],
  );

  run(
    [tsRuleTester],
    'optional, TypeScript',
    [
      {
        // Types only: `import type` loads nothing, so it is a safe fix.
        code: lines("import { ChatModel } from 'openai';", 'export type Model = ChatModel;'),
        output: lines("import type { ChatModel } from 'openai';", 'export type Model = ChatModel;'),
        errors: [
          {
            messageId: 'typeOnlyImport',
            data: { what: "optional peer dependency 'openai' of @acme/sdk" },
            line: 1,
            column: 27,
          },
        ],
      },
      {
        code: lines("import OpenAI = require('openai');", 'export function chat(): unknown {', '  return new OpenAI();', '}'),
        filename: 'tests/fixtures/optional-sdk/src/index.cts',
        errors: [
          {
            messageId: 'optionalDependency',
            data: openaiData('`import … = require()`'),
            line: 1,
            column: 25,
            suggestions: [
              {
                messageId: 'loadOptionalWhereUsed',
                data: { specifier: 'openai' },
                output: lines(
                  'export function chat(): unknown {',
                  `  const OpenAI: typeof import('openai') = ${guardedRequire('  ').join('\n')};`,
                  '  return new OpenAI();',
                  '}',
                ),
              },
            ],
          },
        ],
      },
    ],
  );

  run(
    [espreeCommonjsRuleTester],
    'optional, CommonJS',
    [
      {
        code: lines("const { OpenAI } = require('openai').default;", 'function chat() {', '  return new OpenAI();', '}', 'module.exports = { chat };'),
        filename: 'tests/fixtures/optional-sdk/src/index.cjs',
        errors: [
          {
            messageId: 'optionalDependency',
            data: openaiData('`require()`'),
            line: 1,
            column: 28,
            suggestions: [
              {
                messageId: 'loadOptionalWhereUsed',
                data: { specifier: 'openai' },
                output: lines(
                  'function chat() {',
                  `  const { OpenAI } = ${guardedRequire('  ').join('\n')}.default;`,
                  '  return new OpenAI();',
                  '}',
                  'module.exports = { chat };',
                ),
              },
            ],
          },
        ],
      },
    ],
  );
});

it('says why an optional dependency must not load at start-up, and what to do', () => {
  const linter = new Linter({ configType: 'flat' });
  const [message] = linter.verify(
    "import OpenAI from 'openai';\nexport const chat = async () => new OpenAI();",
    [
      {
        plugins: { 'lazy-imports': { rules: { 'banned-module-level-imports': rule } } as never },
        rules: { 'lazy-imports/banned-module-level-imports': 'error' },
        settings: optionalSettings,
      },
    ],
    SDK_FILE.replace(/\.ts$/, '.js'),
  );
  expect(message?.message).toBe(
    "'openai' is an optional peer dependency of @acme/sdk: a module-level import throws for users who have not installed it. Load it where it is used, with an error that says how to install it when it is missing.",
  );
  expect(message?.suggestions?.[0]?.desc).toBe(
    'Load `openai` where it is used, with an error that names the package and how to install it when it is missing.',
  );
});
