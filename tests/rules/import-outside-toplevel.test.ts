import tsParser from '@typescript-eslint/parser';
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import { Linter } from 'eslint';
import * as espree from 'espree';
import { describe, expect, it } from 'vitest';
import bannedModuleLevelImports from '../../src/rules/banned-module-level-imports.js';
import rule, { type MessageIds, type Options } from '../../src/rules/import-outside-toplevel.js';
import { espreeCommonjsRuleTester, espreeRuleTester, heavySettings, tsRuleTester } from '../rule-tester.js';

type Valid = ValidTestCase<Options>;
type Invalid = InvalidTestCase<MessageIds, Options>;

const lines = (...text: string[]): string => text.join('\n');

/** Settings with a vendor wrapper: `openai` may be imported at module level under `src/vendors/openai/`. */
const vendorSettings = {
  'lazy-imports': { heavy: ['stripe', { name: 'openai', allowIn: ['src/vendors/openai/**'] }] },
};

/** An error without a suggestion. */
function reported(line: number, column: number): Invalid['errors'][number] {
  return { messageId: 'loadInFunction', line, column, suggestions: [] };
}

/** An error whose hoisting suggestion produces `output`. */
function hoisted(line: number, column: number, module: string, output: string): Invalid['errors'][number] {
  return {
    messageId: 'loadInFunction',
    line,
    column,
    suggestions: [{ messageId: 'hoist', data: { module }, output }],
  };
}

// Cases that mean the same under typescript-eslint's parser and espree, in ES modules.
const moduleValid: (Valid | string)[] = [
  // The file resets or mocks the module registry: it loads modules late on purpose.
  lines(
    "import { vi } from 'vitest';",
    'async function fresh() {',
    "  const { load } = await import('./config.js');",
    '  return load();',
    '}',
    'beforeEach(() => vi.resetModules());',
  ),
  lines(
    'function reload() {',
    "  const config = require('./config.js');",
    "  delete require.cache[require.resolve('./config.js')];",
    '  return config;',
    '}',
  ),
  // A mock factory may not read module-level names: its loads stay where they are.
  lines(
    "import { vi } from 'vitest';",
    "vi.mock('./db.js', async () => {",
    "  const { join } = await import('node:path');",
    "  return { file: join('a', 'b') };",
    '});',
  ),
  "import chalk from 'chalk';",
  "const chalk = require('chalk');",
  "const { red } = await import('chalk');",
  // IIFEs and class static blocks run when the module is evaluated.
  "(() => { const chalk = require('chalk'); })();",
  "(async () => { const { red } = await import('chalk'); })();",
  "!function () { require('chalk'); }();",
  "class Reporter { static { this.chalk = require('chalk'); } }",
  "class Reporter { static chalk = require('chalk'); }",
  // Heavy entries from settings may be loaded lazily: that is what the other rule asks for.
  { code: "async function pay() { const { default: Stripe } = await import('stripe'); return Stripe; }", settings: heavySettings },
  { code: "function s3() { return require('@aws-sdk/client-s3'); }", settings: heavySettings },
  { code: "function fp() { return require('lodash/fp/map'); }", settings: heavySettings },
  { code: "async function read() { return import('node:fs'); }", settings: heavySettings },
  { code: "function google() { return require('googleapis'); }", settings: heavySettings },
  // … and from the rule's own `heavy` option.
  { code: "function color() { return require('chalk'); }", options: [{ heavy: ['chalk'] }] },
  { code: "function color() { return require('chalk'); }", options: [{ heavy: [{ name: 'chalk', reason: 'slow' }] }] },
  // `allow`: package names, globs and path globs.
  { code: "function color() { return require('chalk'); }", options: [{ allow: ['chalk'] }] },
  { code: "function color() { return require('chalk/source/index.js'); }", options: [{ allow: ['chalk'] }] },
  { code: "const page = () => import('@app/page-home');", options: [{ allow: ['@app/*'] }] },
  { code: "const page = () => import('./routes/home.js');", filename: 'src/app.ts', options: [{ allow: ['./src/routes/**'] }] },
  // Not a module load.
  'function load(name) { return import(name); }',
  'function load(name) { return require(name); }',
  "function where() { return require.resolve('chalk'); }",
  "function load(require) { return require('chalk'); }",
  "function load() { const require = (name) => name; return require('chalk'); }",
];

const moduleInvalid: Invalid[] = [
  {
    // Parsed as a module, yet CommonJS (`module.exports`): a static import would break it.
    code: lines("async function load() { const { default: chalk } = await import('chalk'); return chalk; }", 'module.exports = { load };'),
    errors: [reported(1, 65)],
  },
  {
    code: lines('function color() {', "  return require('chalk');", '}'),
    errors: [reported(2, 18)],
  },
  {
    code: "const color = () => import('chalk');",
    errors: [reported(1, 28)],
  },
  {
    // The message names the module and both ways out.
    code: "function color() { return require('chalk'); }",
    errors: [
      {
        messageId: 'loadInFunction',
        data: { call: 'require()', module: 'chalk' },
        line: 1,
        column: 35,
        suggestions: [],
      },
    ],
  },
  {
    code: "function f() { return module.require('chalk'); }",
    errors: [
      {
        messageId: 'loadInFunction',
        data: { call: 'require()', module: 'chalk' },
        line: 1,
        column: 38,
        suggestions: [],
      },
    ],
  },
  {
    code: lines('function color() {', "  const chalk = require('chalk');", '  return chalk;', '}'),
    errors: [
      hoisted(2, 25, 'chalk', lines("const chalk = require('chalk');", '', 'function color() {', '  return chalk;', '}')),
    ],
  },
  {
    code: lines('async function color() {', "  const { red, green: ok } = await import('chalk');", '  return red(ok);', '}'),
    errors: [
      hoisted(
        2,
        43,
        'chalk',
        lines("import { red, green as ok } from 'chalk';", '', 'async function color() {', '  return red(ok);', '}'),
      ),
    ],
  },
  {
    // A namespace, and the default export.
    code: lines(
      'const reporter = {',
      '  async print(text) {',
      "    const chalk = await import('chalk');",
      '    return chalk.default.red(text);',
      '  },',
      '  async parse(text) {',
      "    const { default: YAML, parse: read } = await import('yaml');",
      '    return read(text, YAML);',
      '  },',
      '};',
    ),
    errors: [
      hoisted(
        3,
        32,
        'chalk',
        lines(
          "import * as chalk from 'chalk';",
          '',
          'const reporter = {',
          '  async print(text) {',
          '    return chalk.default.red(text);',
          '  },',
          '  async parse(text) {',
          "    const { default: YAML, parse: read } = await import('yaml');",
          '    return read(text, YAML);',
          '  },',
          '};',
        ),
      ),
      hoisted(
        7,
        57,
        'yaml',
        lines(
          "import YAML, { parse as read } from 'yaml';",
          '',
          'const reporter = {',
          '  async print(text) {',
          "    const chalk = await import('chalk');",
          '    return chalk.default.red(text);',
          '  },',
          '  async parse(text) {',
          '    return read(text, YAML);',
          '  },',
          '};',
        ),
      ),
    ],
  },
  {
    // Class methods and instance fields; the hoisted import goes after the existing ones.
    code: lines(
      "import path from 'node:path';",
      "import { root } from './root.js';",
      '',
      'export class Renderer {',
      '  async render(file) {',
      "    const { marked } = await import('marked');",
      '    return marked(path.join(root, file));',
      '  }',
      '  highlight = async (code) => {',
      "    const { default: hljs } = await import('highlight.js');",
      '    return hljs.highlightAuto(code);',
      '  };',
      '}',
    ),
    errors: [
      hoisted(
        6,
        37,
        'marked',
        lines(
          "import path from 'node:path';",
          "import { root } from './root.js';",
          "import { marked } from 'marked';",
          '',
          'export class Renderer {',
          '  async render(file) {',
          '    return marked(path.join(root, file));',
          '  }',
          '  highlight = async (code) => {',
          "    const { default: hljs } = await import('highlight.js');",
          '    return hljs.highlightAuto(code);',
          '  };',
          '}',
        ),
      ),
      hoisted(
        10,
        44,
        'highlight.js',
        lines(
          "import path from 'node:path';",
          "import { root } from './root.js';",
          "import hljs from 'highlight.js';",
          '',
          'export class Renderer {',
          '  async render(file) {',
          "    const { marked } = await import('marked');",
          '    return marked(path.join(root, file));',
          '  }',
          '  highlight = async (code) => {',
          '    return hljs.highlightAuto(code);',
          '  };',
          '}',
        ),
      ),
    ],
  },
  {
    // A JSDoc comment stays with the function it documents; directives may precede the load.
    code: lines(
      '/** Prints in colour. */',
      'export function print(text) {',
      "  'use strict';",
      "  const chalk = require('chalk'); // colours",
      '  return chalk.red(text);',
      '}',
    ),
    errors: [
      hoisted(
        4,
        25,
        'chalk',
        lines(
          "const chalk = require('chalk');",
          '',
          '/** Prints in colour. */',
          'export function print(text) {',
          "  'use strict';",
          '  // colours',
          '  return chalk.red(text);',
          '}',
        ),
      ),
    ],
  },
  {
    // Windows line endings are kept.
    code: "function color() {\r\n  const chalk = require('chalk');\r\n  return chalk;\r\n}\r\n",
    errors: [hoisted(2, 25, 'chalk', "const chalk = require('chalk');\r\n\r\nfunction color() {\r\n  return chalk;\r\n}\r\n")],
  },
  {
    // Default parameter values that run no code do not block the suggestion.
    code: "function print(text = '', { bold = false } = {}) { const chalk = require('chalk'); return chalk.red(text, bold); }",
    errors: [
      hoisted(
        1,
        74,
        'chalk',
        lines(
          "const chalk = require('chalk');",
          '',
          "function print(text = '', { bold = false } = {}) { return chalk.red(text, bold); }",
        ),
      ),
    ],
  },
  {
    // Nested functions are reported; the load cannot move above the outer function's code.
    code: lines(
      'function outer() {',
      '  return function inner() {',
      "    const chalk = require('chalk');",
      '    return chalk;',
      '  };',
      '}',
    ),
    errors: [reported(3, 27)],
  },
  {
    // A function inside a static block or an IIFE runs later: reported.
    code: "class Reporter { static { queueMicrotask(() => require('chalk')); } }",
    errors: [reported(1, 56)],
  },
  {
    code: "(() => { globalThis.later = () => import('chalk'); })();",
    errors: [reported(1, 42)],
  },
  {
    // One heavy module (exempt) and one that is not; the second load runs after the first,
    // so it is not moved above it.
    code: lines(
      'async function pay(amount) {',
      "  const { default: Stripe } = await import('stripe');",
      "  const { format } = await import('currency-format');",
      '  return new Stripe(format(amount));',
      '}',
    ),
    settings: heavySettings,
    errors: [reported(3, 35)],
  },
  {
    code: lines(
      'async function pay(amount) {',
      "  const { format } = await import('currency-format');",
      "  const { default: Stripe } = await import('stripe');",
      '  return new Stripe(format(amount));',
      '}',
    ),
    settings: heavySettings,
    errors: [
      hoisted(
        2,
        35,
        'currency-format',
        lines(
          "import { format } from 'currency-format';",
          '',
          'async function pay(amount) {',
          "  const { default: Stripe } = await import('stripe');",
          '  return new Stripe(format(amount));',
          '}',
        ),
      ),
    ],
  },
  {
    // `heavy` and `allow` exempt only what they name.
    code: "function load() { return [require('chalk'), require('yaml'), require('marked')]; }",
    options: [{ heavy: ['chalk'], allow: ['yaml'] }],
    errors: [reported(1, 70)],
  },
  {
    code: "const page = () => import('./admin/users.js');",
    filename: 'src/app.ts',
    options: [{ allow: ['./src/routes/**'] }],
    errors: [reported(1, 27)],
  },
  {
    // Not the whole initializer of a `const` directly in the function: no suggestion.
    code: lines(
      'async function f() {',
      "  const pending = import('chalk');",
      "  let yaml = require('yaml');",
      "  const parse = require('yaml').parse;",
      "  const a = require('marked'), b = 1;",
      "  const [first] = require('list');",
      "  const { deep: { red } } = require('chalk');",
      "  const { green = 1 } = require('chalk');",
      '  return [pending, yaml, parse, a, b, first, red, green];',
      '}',
    ),
    errors: [reported(2, 26), reported(3, 22), reported(4, 25), reported(5, 21), reported(6, 27), reported(7, 37), reported(8, 33)],
  },
  {
    code: lines('function f() {', '  try {', "    const chalk = require('chalk');", '    return chalk;', '  } catch {', '    return undefined;', '  }', '}'),
    errors: [reported(3, 27)],
  },
  {
    // Something else runs first in the function, or in its parameters.
    code: lines('function f() {', "  process.env.FORCE_COLOR = '1';", "  const chalk = require('chalk');", '  return chalk;', '}'),
    errors: [reported(3, 25)],
  },
  {
    code: "function f(options = defaults()) { const chalk = require('chalk'); return chalk(options); }",
    errors: [reported(1, 58)],
  },
  {
    // Import attributes.
    code: "async function data() { const table = await import('./table.json', { with: { type: 'json' } }); return table; }",
    errors: [reported(1, 52)],
  },
  {
    // The binding name is taken at module level, by a global used elsewhere, or by an enclosing scope.
    code: "const red = 1; async function f() { const { red } = await import('chalk'); return red; }",
    errors: [reported(1, 66)],
  },
  {
    code: "function g() { return chalk; } function f() { const chalk = require('chalk'); return chalk; }",
    errors: [reported(1, 69)],
  },
  {
    code: "const f = function chalk() { const chalk = require('chalk'); return chalk; };",
    errors: [reported(1, 52)],
  },
  {
    // A `require` made by `createRequire` is not there before its declaration runs.
    code: lines(
      "import { createRequire } from 'node:module';",
      'const require = createRequire(import.meta.url);',
      "function f() { const chalk = require('chalk'); return chalk; }",
    ),
    errors: [reported(3, 38)],
  },
];

for (const tester of [tsRuleTester, espreeRuleTester]) {
  tester.run('import-outside-toplevel (ES modules)', rule, { valid: moduleValid, invalid: moduleInvalid });
}

// Parsed as scripts too: the tester's own parser options would otherwise parse them as modules.
const commonjs = { parserOptions: { sourceType: 'commonjs' } } as const;

const commonjsValid: Valid[] = [
  { code: "const yaml = require('yaml');" },
  { code: "(function () { require('yaml'); })();" },
  { code: "function s3() { return require('@aws-sdk/client-s3'); }", settings: heavySettings },
];

const commonjsInvalid: Invalid[] = [
  {
    // Inside `with`, a hoisted name could resolve to a property of the object instead.
    code: "with (config) { var load = function () { const path = require('path'); return path; }; }",
    errors: [reported(1, 63)],
  },
  {
    // After the requires at the top, below a 'use strict' directive.
    code: lines(
      "'use strict';",
      "const path = require('node:path');",
      '',
      'function read(file) {',
      "  const { parse } = require('yaml');",
      '  return parse(path.basename(file));',
      '}',
      'module.exports = { read };',
    ),
    errors: [
      hoisted(
        5,
        29,
        'yaml',
        lines(
          "'use strict';",
          "const path = require('node:path');",
          "const { parse } = require('yaml');",
          '',
          'function read(file) {',
          '  return parse(path.basename(file));',
          '}',
          'module.exports = { read };',
        ),
      ),
    ],
  },
  {
    // Below a shebang; a file without semicolons gets none.
    code: lines('#!/usr/bin/env node', 'function main() {', "  const { program } = require('commander')", '  program.parse()', '}', 'main()'),
    errors: [
      hoisted(
        3,
        31,
        'commander',
        lines('#!/usr/bin/env node', "const { program } = require('commander')", '', 'function main() {', '  program.parse()', '}', 'main()'),
      ),
    ],
  },
  {
    // A semicolon where the next line would otherwise continue the hoisted statement.
    code: lines(
      "const debug = require('debug');",
      '(function main() { debug(); })();',
      'function f() {',
      "  const chalk = require('chalk')",
      '  return chalk',
      '}',
    ),
    errors: [
      hoisted(
        4,
        25,
        'chalk',
        lines(
          "const debug = require('debug');",
          "const chalk = require('chalk');",
          '(function main() { debug(); })();',
          'function f() {',
          '  return chalk',
          '}',
        ),
      ),
    ],
  },
  {
    // `require` after other module-level code could be reached before it runs: it goes
    // after the requires at the head of the file.
    code: lines(
      "const a = require('a');",
      'a.setup(run);',
      "const b = require('b');",
      "function run() { const chalk = require('chalk'); return chalk(b); }",
    ),
    errors: [
      hoisted(
        4,
        40,
        'chalk',
        lines(
          "const a = require('a');",
          "const chalk = require('chalk');",
          'a.setup(run);',
          "const b = require('b');",
          'function run() { return chalk(b); }',
        ),
      ),
    ],
  },
  {
    // A call that is handed a function is not part of the head: the load goes above it.
    code: "const a = require('a')(() => { const chalk = require('chalk'); return chalk; });",
    errors: [
      hoisted(1, 54, 'chalk', lines("const chalk = require('chalk');", '', "const a = require('a')(() => { return chalk; });")),
    ],
  },
  {
    // A head statement that hands a function of the file to a call could run it before the
    // hoisted binding exists, so the load goes above that statement.
    code: lines(
      "require('./routes').forEach(register);",
      'function register(route) {',
      "  const path = require('node:path');",
      '  return path.join(route);',
      '}',
    ),
    errors: [
      hoisted(
        3,
        24,
        'node:path',
        lines(
          "const path = require('node:path');",
          '',
          "require('./routes').forEach(register);",
          'function register(route) {',
          '  return path.join(route);',
          '}',
        ),
      ),
    ],
  },
  {
    // Destructuring a project file's exports would read them at load time, not at call time.
    code: "function query() { const { client } = require('./db'); return client.query(); }",
    errors: [reported(1, 47)],
  },
  {
    // `import()` in CommonJS cannot become an import declaration.
    code: "async function f() { const chalk = await import('chalk'); return chalk; }",
    errors: [reported(1, 49)],
  },
];

espreeCommonjsRuleTester.run('import-outside-toplevel (CommonJS)', rule, {
  valid: commonjsValid.map((test) => ({ ...test, languageOptions: commonjs })),
  invalid: commonjsInvalid.map((test) => ({ ...test, languageOptions: commonjs })),
});

tsRuleTester.run('import-outside-toplevel (TypeScript)', rule, {
  valid: [
    "function f(): typeof import('chalk') { return undefined as never; }",
    "type Chalk = import('chalk').ChalkInstance;",
    "import type { ChalkInstance } from 'chalk'; function f(): ChalkInstance { return undefined as never; }",
    { code: "async function f() { const { red } = await import('chalk'); return red; }", filename: 'types.d.ts' },
    { code: "import defer * as chalk from 'chalk'; export function f() { return chalk.red; }" },
    "function f() { return import.defer('chalk'); }",
  ],
  invalid: [
    {
      // A file that reads Node's `require` is CommonJS: an `import()` stays, with no import suggestion.
      code: lines(
        'export async function print(text: string): Promise<string> {',
        '  type Text = string;',
        "  const { red } = await import('chalk');",
        '  return red(text as Text);',
        '}',
        'export function parse<T>(text: string): T {',
        "  const yaml: { parse(text: string): T } = require('yaml');",
        '  return yaml.parse(text);',
        '}',
      ),
      errors: [reported(3, 32), reported(7, 52)],
    },
    {
      // An instance field arrow in a TypeScript class that reads `require`: CommonJS, so no import suggestion;
      // `as` makes the load only part of the initializer.
      code: lines(
        'class Loader {',
        '  private readonly load = async (): Promise<unknown> => {',
        "    const { parse } = await import('yaml');",
        "    const chalk = require('chalk') as unknown;",
        '    return [parse, chalk];',
        '  };',
        '}',
      ),
      errors: [reported(3, 36), reported(4, 27)],
    },
    {
      // A type of the same name at module level would clash with the import.
      code: "type red = string; async function f() { const { red } = await import('chalk'); return red; }",
      errors: [reported(1, 70)],
    },
  ],
});

tsRuleTester.run('import-outside-toplevel (heavy entries with allowIn)', rule, {
  valid: [
    // Inside `allowIn` the entry may be imported at module level, and lazily as well.
    {
      code: "async function f() { const { default: OpenAI } = await import('openai'); return OpenAI; }",
      filename: 'src/vendors/openai/client.ts',
      settings: vendorSettings,
    },
    // Outside, the wrapper carries the entry's weight: loading it lazily is what the other rule asks.
    {
      code: "async function f() { const { client } = await import('./vendors/openai/client.js'); return client; }",
      filename: 'src/app.ts',
      settings: vendorSettings,
    },
    {
      code: "async function f() { const { default: OpenAI } = await import('openai'); return OpenAI; }",
      filename: 'src/app.ts',
      settings: vendorSettings,
    },
  ],
  invalid: [
    {
      code: "async function f() { const { client } = await import('./vendors/anthropic/client.js'); return client; }",
      filename: 'src/app.ts',
      settings: vendorSettings,
      errors: [
        hoisted(
          1,
          54,
          './vendors/anthropic/client.js',
          lines(
            "import { client } from './vendors/anthropic/client.js';",
            '',
            'async function f() { return client; }',
          ),
        ),
      ],
    },
  ],
});

/** Everything heavy but a few, and packages that must load at start-up. */
const eagerSettings = {
  'lazy-imports': {
    heavy: [{ name: '**', except: ['chalk'] }],
    eager: ['reflect-metadata', { name: '@opentelemetry/*', reason: 'tracing must start first' }, 'dotenv/config'],
  },
};

const eagerValid: Valid[] = [
  // At module level, where they belong.
  { code: "import 'reflect-metadata';", settings: eagerSettings },
  { code: "import { trace } from '@opentelemetry/api'; export const t = trace;", settings: eagerSettings },
  // What `**` covers may load lazily; what it does not is reported as any light module would be.
  { code: "async function f() { return import('stripe'); }", settings: eagerSettings },
  { code: "async function f() { return import('dotenv'); }", settings: eagerSettings },
];

// An optional dependency of the file's package is heavy for it: loading it where it is used is right.
const optionalFile = { filename: 'tests/fixtures/optional-sdk/src/index.ts', settings: { 'lazy-imports': { optionalDependencies: true } } };
eagerValid.push({ code: "export async function chat() { const { default: OpenAI } = await import('openai'); return new OpenAI(); }", ...optionalFile });

const eagerInvalid: Invalid[] = [
  {
    // A required peer is not optional.
    code: "export async function parse() { const { z } = await import('zod'); return z; }",
    ...optionalFile,
    errors: [hoisted(1, 60, 'zod', "import { z } from 'zod';\n\nexport async function parse() { return z; }")],
  },
  {
    code: lines('async function boot() {', "  await import('reflect-metadata');", '}'),
    settings: eagerSettings,
    errors: [
      {
        messageId: 'eagerInFunction',
        data: { module: 'reflect-metadata', call: 'import()', entry: '' },
        line: 2,
        column: 16,
        suggestions: [],
      },
    ],
  },
  {
    code: lines('async function boot() {', "  const { trace } = await import('@opentelemetry/api');", '  return trace;', '}'),
    settings: eagerSettings,
    errors: [
      {
        messageId: 'eagerInFunction',
        data: { module: '@opentelemetry/api', call: 'import()', entry: " (as '@opentelemetry/*'; tracing must start first)" },
        line: 2,
        column: 34,
        suggestions: [
          {
            messageId: 'hoist',
            data: { module: '@opentelemetry/api' },
            output: lines("import { trace } from '@opentelemetry/api';", '', 'async function boot() {', '  return trace;', '}'),
          },
        ],
      },
    ],
  },
  {
    // `allow` does not let a module that must load at start-up load late.
    code: "function load() { return require('dotenv/config'); }",
    settings: eagerSettings,
    options: [{ allow: ['dotenv/*'] }],
    errors: [{ messageId: 'eagerInFunction', data: { module: 'dotenv/config', call: 'require()', entry: '' }, line: 1, column: 34, suggestions: [] }],
  },
  {
    code: "async function f() { const { red } = await import('chalk'); return red; }",
    settings: eagerSettings,
    errors: [hoisted(1, 51, 'chalk', lines("import { red } from 'chalk';", '', 'async function f() { return red; }'))],
  },
];

for (const tester of [tsRuleTester, espreeRuleTester]) {
  tester.run('import-outside-toplevel (eager)', rule, { valid: eagerValid, invalid: eagerInvalid });
}

it('says what to do about a lazy load of an eager module, naming the setting', () => {
  const linter = new Linter({ configType: 'flat' });
  const [message] = linter.verify(
    "async function boot() { await import('reflect-metadata'); }",
    [{ plugins: { 'lazy-imports': { rules: { 'import-outside-toplevel': rule } } as never }, rules: { 'lazy-imports/import-outside-toplevel': 'error' }, settings: eagerSettings }],
  );
  expect(message?.message).toBe(
    "`import()` of 'reflect-metadata' runs inside a function, but 'reflect-metadata' must load at start-up: it is in settings['lazy-imports'].eager. Import it at the top of the file.",
  );
});

describe('import-outside-toplevel with banned-module-level-imports', () => {
  const plugin = {
    rules: {
      'banned-module-level-imports': bannedModuleLevelImports,
      'import-outside-toplevel': rule,
    },
  } as unknown as NonNullable<Linter.Config['plugins']>[string];

  function lint(code: string, parser: Linter.Parser, settings: Record<string, unknown>, filename = 'src/app.ts'): string[] {
    const linter = new Linter({ configType: 'flat' });
    const messages = linter.verify(
      code,
      [
        {
          files: ['**/*.ts'],
          languageOptions: { parser, ecmaVersion: 'latest', sourceType: 'module' },
          plugins: { 'lazy-imports': plugin },
          rules: { 'lazy-imports/banned-module-level-imports': 'error', 'lazy-imports/import-outside-toplevel': 'error' },
          settings,
        },
      ],
      filename,
    );
    return messages.map((message) => message.ruleId ?? message.message);
  }

  const parsers: [string, Linter.Parser][] = [
    ['typescript-eslint', tsParser as Linter.Parser],
    ['espree', espree as Linter.Parser],
  ];

  for (const [name, parser] of parsers) {
    it(`accepts the lazy form the first rule recommends (${name})`, () => {
      const code = "async function f() { const { default: Stripe } = await import('stripe'); return new Stripe('key'); }";
      expect(lint(code, parser, heavySettings)).toEqual([]);
    });

    it(`lets exactly one form of each heavy load pass (${name})`, () => {
      for (const specifier of ['stripe', 'stripe/lib/x', '@aws-sdk/client-s3', 'node:fs', 'lodash/fp']) {
        expect(lint(`import * as m from '${specifier}'; export const f = () => m;`, parser, heavySettings)).toEqual([
          'lazy-imports/banned-module-level-imports',
        ]);
        expect(lint(`export async function f() { const m = await import('${specifier}'); return m; }`, parser, heavySettings)).toEqual([]);
      }
    });

    it(`keeps light modules at the top (${name})`, () => {
      expect(lint("import chalk from 'chalk'; export const f = () => chalk;", parser, heavySettings)).toEqual([]);
      expect(lint("export async function f() { const chalk = await import('chalk'); return chalk; }", parser, heavySettings)).toEqual([
        'lazy-imports/import-outside-toplevel',
      ]);
    });

    it(`leaves eager modules at module level under a heavy glob, and asks for them there (${name})`, () => {
      expect(lint("import 'reflect-metadata'; import { trace } from '@opentelemetry/api'; export const t = trace;", parser, eagerSettings)).toEqual([]);
      expect(lint("export async function f() { await import('reflect-metadata'); }", parser, eagerSettings)).toEqual([
        'lazy-imports/import-outside-toplevel',
      ]);
      expect(lint("import Stripe from 'stripe'; export const f = () => new Stripe('key');", parser, eagerSettings)).toEqual([
        'lazy-imports/banned-module-level-imports',
      ]);
      expect(lint("export async function f() { const { default: Stripe } = await import('stripe'); return Stripe; }", parser, eagerSettings)).toEqual([]);
    });

    it(`leaves built-ins alone under a heavy glob (${name})`, () => {
      const code = "import fs from 'node:fs'; import path from 'path'; export const f = () => [fs, path];";
      expect(lint(code, parser, eagerSettings)).toEqual([]);
      expect(lint(code, parser, { 'lazy-imports': { heavy: ['node:*'] } })).toEqual([
        'lazy-imports/banned-module-level-imports',
        'lazy-imports/banned-module-level-imports',
      ]);
    });

    it(`agrees on vendor wrappers loaded lazily from outside allowIn (${name})`, () => {
      const code = "export async function f() { const { client } = await import('./vendors/openai/client.js'); return client; }";
      expect(lint(code, parser, vendorSettings)).toEqual([]);
      expect(lint("import { client } from './vendors/openai/client.js'; export const f = () => client;", parser, vendorSettings)).toEqual([
        'lazy-imports/banned-module-level-imports',
      ]);
    });
  }
});
