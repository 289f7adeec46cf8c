import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import rule, { type MessageIds, type Options } from '../../src/rules/banned-module-level-imports.js';
import { espreeCommonjsRuleTester, espreeRuleTester, heavySettings, tsRuleTester } from '../rule-tester.js';

type Valid = ValidTestCase<Options>;
type Invalid = InvalidTestCase<MessageIds, Options>;

/** Every case runs with the shared heavy list unless it sets its own settings. */
function withHeavySettings<T extends Valid>(testCase: T): T {
  return { settings: heavySettings, ...testCase };
}

function run(testers: readonly (typeof tsRuleTester)[], valid: readonly Valid[], invalid: readonly Invalid[]): void {
  for (const tester of testers) {
    tester.run('banned-module-level-imports', rule, {
      valid: valid.map(withHeavySettings),
      invalid: invalid.map(withHeavySettings),
    });
  }
}

const STRIPE = { what: "heavy 'stripe'" };

// JavaScript that is also a CommonJS script: typescript-eslint, espree as a module, espree as CommonJS.
describe('JavaScript, every parser', () => {
  const valid: Valid[] = [
    // Function bodies, arrows, methods, getters and setters run later.
    "function pay() { return require('stripe'); }",
    "async function pay() { const { default: Stripe } = await import('stripe'); }",
    "const pay = function () { return require('stripe'); };",
    "const pay = () => { require('stripe'); };",
    "const pay = async () => (await import('stripe')).default;",
    "class Billing { pay() { return require('stripe'); } }",
    "class Billing { static pay() { return require('stripe'); } }",
    "class Billing { constructor() { this.stripe = require('stripe'); } }",
    "const billing = { pay() { return require('stripe'); } };",
    "class Billing { get stripe() { return require('stripe'); } set stripe(v) { require('stripe'); } }",
    "const billing = { get stripe() { return require('stripe'); }, set stripe(v) { require('stripe'); } };",
    // Instance fields run with `new`, default values with the call.
    "class Billing { stripe = require('stripe'); }",
    "class Billing { load = () => require('stripe'); }",
    "function pay(Stripe = require('stripe')) {}",
    "const pay = ({ Stripe = require('stripe') } = {}) => Stripe;",
    // Thunks, lazy getters, generators and callbacks.
    "const stripe = () => require('stripe');",
    "let client; const stripe = () => (client ??= require('stripe'));",
    "Object.defineProperty(exports, 'stripe', { get: () => require('stripe') });",
    "Object.defineProperty(exports, 'stripe', { enumerable: true, get() { return require('stripe'); } });",
    "(function* () { require('stripe'); })();",
    "setTimeout(() => require('stripe'), 1000);",
    "process.on('exit', function () { require('stripe'); });",
    "(() => { function later() { require('stripe'); } })();",
    // Not heavy: a subpath of an unlisted package is not matched by a scope glob.
    "require('lodash/map');",
    // Not loads.
    "require.resolve('stripe');",
    "const file = require.resolve('stripe/package.json');",
    'const sdk = require(name);',
    'const sdk = require(`${base}/stripe`);',
    'import(`./sdk/${name}.js`);',
    "require('stripe' + suffix);",
    // A `require` that is not Node's.
    "function require(id) { return id; } require('stripe');",
    "(function (require) { require('stripe'); })(loader);",
    "define(['x'], function (require) { const Stripe = require('stripe'); });",
    "const require = (id) => id; require('stripe');",
    "{ const require = loader; require('stripe'); }",
    "if (a) { var require = loader; } require('stripe');",
    "try { run(); } catch (require) { require('stripe'); }",
    // Not heavy.
    "require('stripe-mock');",
    "require('./stripe');",
    "require('@aws-sdk-x/client');",
    "require('lodash');",
    "require('googleapis-common');",
  ].map((code) => ({ code }));

  const invalid: Invalid[] = [
    {
      code: "const Stripe = require('stripe');",
      errors: [{ messageId: 'require', data: STRIPE, line: 1, column: 24 }],
    },
    {
      code: "require('stripe');",
      errors: [{ messageId: 'require', line: 1, column: 9 }],
    },
    {
      code: "require?.('stripe');",
      errors: [{ messageId: 'require', line: 1, column: 11 }],
    },
    {
      code: "const Stripe = module.require('stripe');",
      errors: [{ messageId: 'require', line: 1, column: 31 }],
    },
    {
      code: "module.exports = require('stripe');",
      errors: [{ messageId: 'require', line: 1, column: 26 }],
    },
    {
      code: 'const Stripe = require(`stripe`);',
      errors: [{ messageId: 'require', line: 1, column: 24 }],
    },
    {
      code: "const { Stripe } = require('stripe').default;",
      errors: [{ messageId: 'require', line: 1, column: 28 }],
    },
    // Statements that run at load.
    {
      code: "if (process.env.PAY) { require('stripe'); }",
      errors: [{ messageId: 'require', line: 1, column: 32 }],
    },
    {
      code: "if (a) {} else { require('stripe'); }",
      errors: [{ messageId: 'require', line: 1, column: 26 }],
    },
    {
      code: "try { require('stripe'); } catch {}",
      errors: [{ messageId: 'require', line: 1, column: 15 }],
    },
    {
      code: "try { run(); } catch (error) { require('stripe'); }",
      errors: [{ messageId: 'require', line: 1, column: 40 }],
    },
    {
      code: "try { run(); } finally { require('stripe'); }",
      errors: [{ messageId: 'require', line: 1, column: 34 }],
    },
    {
      code: "{ const Stripe = require('stripe'); }",
      errors: [{ messageId: 'require', line: 1, column: 26 }],
    },
    {
      code: "for (let i = 0; i < 2; i++) { require('stripe'); }",
      errors: [{ messageId: 'require', line: 1, column: 39 }],
    },
    {
      code: "for (const key in require('stripe')) {}",
      errors: [{ messageId: 'require', line: 1, column: 27 }],
    },
    {
      code: "for (const name of names) { require('stripe'); }",
      errors: [{ messageId: 'require', line: 1, column: 37 }],
    },
    {
      code: "while (pending()) { require('stripe'); }",
      errors: [{ messageId: 'require', line: 1, column: 29 }],
    },
    {
      code: "do { require('stripe'); } while (pending());",
      errors: [{ messageId: 'require', line: 1, column: 14 }],
    },
    {
      code: "switch (process.platform) { case 'linux': require('stripe'); }",
      errors: [{ messageId: 'require', line: 1, column: 51 }],
    },
    {
      code: "outer: for (;;) { require('stripe'); break outer; }",
      errors: [{ messageId: 'require', line: 1, column: 27 }],
    },
    // Functions invoked on the spot.
    {
      code: "(function () { require('stripe'); })();",
      errors: [{ messageId: 'require', line: 1, column: 24 }],
    },
    {
      code: "(() => { require('stripe'); })();",
      errors: [{ messageId: 'require', line: 1, column: 18 }],
    },
    {
      code: "(async () => { await import('stripe'); })();",
      errors: [{ messageId: 'dynamicImport', data: STRIPE, line: 1, column: 29 }],
    },
    {
      code: "void function () { require('stripe'); }();",
      errors: [{ messageId: 'require', line: 1, column: 28 }],
    },
    {
      code: "!function () { require('stripe'); }();",
      errors: [{ messageId: 'require', line: 1, column: 24 }],
    },
    {
      code: "new function () { this.stripe = require('stripe'); }();",
      errors: [{ messageId: 'require', line: 1, column: 41 }],
    },
    {
      code: "(function () { require('stripe'); }).call(this);",
      errors: [{ messageId: 'require', line: 1, column: 24 }],
    },
    // Class parts evaluated with the class.
    {
      code: "class Billing { static { require('stripe'); } }",
      errors: [{ messageId: 'require', line: 1, column: 34 }],
    },
    {
      code: "class Billing { static stripe = require('stripe'); }",
      errors: [{ messageId: 'require', line: 1, column: 41 }],
    },
    {
      code: "class Billing { [require('stripe').key]() {} }",
      errors: [{ messageId: 'require', line: 1, column: 26 }],
    },
    {
      code: "class Billing extends require('stripe').Resource {}",
      errors: [{ messageId: 'require', line: 1, column: 31 }],
    },
    // import() that starts loading now.
    {
      code: "import('stripe');",
      errors: [{ messageId: 'dynamicImport', line: 1, column: 8 }],
    },
    {
      code: "const pending = import('stripe').then((m) => m.default);",
      errors: [{ messageId: 'dynamicImport', line: 1, column: 24 }],
    },
    // What each kind of heavy entry matches.
    {
      code: "require('stripe/lib/resources');",
      errors: [
        { messageId: 'require', data: { what: "heavy 'stripe/lib/resources' (matches 'stripe')" }, line: 1, column: 9 },
      ],
    },
    {
      code: "const { S3Client } = require('@aws-sdk/client-s3');",
      errors: [
        { messageId: 'require', data: { what: "heavy '@aws-sdk/client-s3' (matches '@aws-sdk/*')" }, line: 1, column: 30 },
      ],
    },
    {
      code: "const map = require('lodash/fp/map');",
      errors: [{ messageId: 'require', data: { what: "heavy 'lodash/fp/map' (matches 'lodash/fp')" }, line: 1, column: 21 }],
    },
    {
      code: "const fs = require('node:fs');",
      errors: [{ messageId: 'require', data: { what: "heavy 'node:fs' (matches 'fs')" }, line: 1, column: 20 }],
    },
    {
      code: "const { google } = require('googleapis');",
      errors: [
        { messageId: 'require', data: { what: "heavy 'googleapis' (adds ~650 ms to start-up)" }, line: 1, column: 28 },
      ],
    },
    {
      code: `
const Stripe = require('stripe');
function later() { return require('googleapis'); }
if (process.env.S3) {
  require('@aws-sdk/client-s3');
}
`,
      errors: [
        { messageId: 'require', line: 2, column: 24 },
        { messageId: 'require', line: 5, column: 11 },
      ],
    },
    // A sibling block's `require` shadows nothing here.
    {
      code: "{ const require = loader; } require('stripe');",
      errors: [{ messageId: 'require', line: 1, column: 37 }],
    },
  ];

  run([tsRuleTester, espreeRuleTester, espreeCommonjsRuleTester], valid, invalid);
});

// JavaScript modules: typescript-eslint and espree as a module.
describe('JavaScript modules', () => {
  const valid: Valid[] = [
    "import Stripe from 'stripe-mock';",
    "import { helper } from './stripe.js';",
    "export function pay() { return import('stripe'); }",
    "export default async function pay() { const { default: Stripe } = await import('stripe'); return new Stripe(); }",
    "export const pay = async () => { const stripe = await import('stripe'); };",
    "import require from 'loader'; require('stripe');",
    "export function require(id) { return id; } require('stripe');",
    "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url); export const load = () => require('stripe');",
    "const a = 1; export { a };",
  ].map((code) => ({ code }));

  const invalid: Invalid[] = [
    {
      code: "import Stripe from 'stripe';",
      errors: [{ messageId: 'import', data: STRIPE, line: 1, column: 20 }],
    },
    {
      code: "import * as stripe from 'stripe';",
      errors: [{ messageId: 'import', line: 1, column: 25 }],
    },
    {
      code: "import { Stripe } from 'stripe';",
      errors: [{ messageId: 'import', line: 1, column: 24 }],
    },
    {
      code: "import Stripe, { errors } from 'stripe';",
      errors: [{ messageId: 'import', line: 1, column: 32 }],
    },
    {
      code: "import 'stripe';",
      errors: [{ messageId: 'import', line: 1, column: 8 }],
    },
    {
      code: "import {} from 'stripe';",
      errors: [{ messageId: 'import', line: 1, column: 16 }],
    },
    {
      code: "import fs from 'fs';",
      errors: [{ messageId: 'import', data: { what: "heavy 'fs'" }, line: 1, column: 16 }],
    },
    {
      code: "export { Stripe } from 'stripe';",
      errors: [{ messageId: 'reExport', data: STRIPE, line: 1, column: 24 }],
    },
    {
      code: "export { default as Stripe, errors } from 'stripe';",
      errors: [{ messageId: 'reExport', line: 1, column: 43 }],
    },
    {
      code: "export * from 'stripe';",
      errors: [{ messageId: 'reExport', line: 1, column: 15 }],
    },
    {
      code: "export * as stripe from 'stripe';",
      errors: [{ messageId: 'reExport', line: 1, column: 25 }],
    },
    {
      code: "await import('stripe');",
      errors: [{ messageId: 'dynamicImport', line: 1, column: 14 }],
    },
    {
      code: "const { default: Stripe } = await import('stripe');",
      errors: [{ messageId: 'dynamicImport', line: 1, column: 42 }],
    },
    {
      code: "export default await import('stripe');",
      errors: [{ messageId: 'dynamicImport', line: 1, column: 29 }],
    },
    {
      code: `
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const Stripe = require('stripe');
`,
      errors: [{ messageId: 'require', line: 4, column: 24 }],
    },
    {
      code: `
import Stripe from 'stripe';
import { google } from 'googleapis';
export * from '@aws-sdk/client-s3';
export async function later() { return import('lodash/fp'); }
`,
      errors: [
        { messageId: 'import', line: 2, column: 20 },
        { messageId: 'import', data: { what: "heavy 'googleapis' (adds ~650 ms to start-up)" }, line: 3, column: 24 },
        { messageId: 'reExport', line: 4, column: 15 },
      ],
    },
  ];

  run([tsRuleTester, espreeRuleTester], valid, invalid);
});

// TypeScript syntax: typescript-eslint only.
describe('TypeScript', () => {
  const valid: Valid[] = [
    "import type Stripe from 'stripe';",
    "import type { Stripe, Charge } from 'stripe';",
    "import type * as stripe from 'stripe';",
    "export type { Stripe } from 'stripe';",
    "export type * from 'stripe';",
    "export type * as stripe from 'stripe';",
    "import type Stripe = require('stripe');",
    "type StripeModule = typeof import('stripe');",
    "let client: import('stripe').Stripe;",
    "export function pay(client: typeof import('stripe')) {}",
    "declare module 'billing' { import Stripe from 'stripe'; export { Stripe } from 'stripe'; export * from 'stripe'; }",
    "namespace Billing { export function pay() { return require('stripe'); } }",
    "class Billing { accessor stripe = require('stripe'); }",
    "class Billing { pay(@inject(() => require('stripe')) client: unknown) {} }",
    "const require: (id: string) => unknown = load; require('stripe');",
    // import defer: the module is evaluated on the first read, and no read runs at load.
    "import defer * as stripe from 'stripe';",
    "import defer * as stripe from 'stripe'; export function pay() { return stripe.charges; }",
    "import defer * as stripe from 'stripe'; export const pay = () => new stripe.default();",
    "import defer * as stripe from 'stripe'; let api: typeof stripe; type S = typeof stripe.default;",
    // Re-exporting the deferred namespace passes it on without evaluating it.
    "import defer * as stripe from 'stripe'; export { stripe };",
    "import defer * as stripe from 'stripe'; export { stripe as billing };",
  ].map((code) => ({ code }));

  const invalid: Invalid[] = [
    {
      code: "import Stripe = require('stripe');",
      errors: [{ messageId: 'importEquals', data: STRIPE, line: 1, column: 25 }],
    },
    {
      code: "export import Stripe = require('stripe');",
      errors: [{ messageId: 'importEquals', line: 1, column: 32 }],
    },
    {
      code: "import { type Stripe } from 'stripe';",
      output: "import type { Stripe } from 'stripe';",
      errors: [{ messageId: 'inlineTypeImport', data: STRIPE, line: 1, column: 29 }],
    },
    {
      code: "import { type Stripe, type Charge as C } from 'stripe';",
      output: "import type { Stripe, Charge as C } from 'stripe';",
      errors: [{ messageId: 'inlineTypeImport', line: 1, column: 47 }],
    },
    {
      code: "export { type Stripe } from 'stripe';",
      output: "export type { Stripe } from 'stripe';",
      errors: [{ messageId: 'inlineTypeImport', line: 1, column: 29 }],
    },
    {
      code: "import { type Stripe, errors } from 'stripe';",
      // Nothing is used as a value: the whole import becomes type-only.
      output: "import type { Stripe, errors } from 'stripe';",
      errors: [{ messageId: 'typeOnlyImport', line: 1, column: 37 }],
    },
    {
      code: "import Stripe from 'stripe'; let client: Stripe;",
      output: "import type Stripe from 'stripe'; let client: Stripe;",
      errors: [{ messageId: 'typeOnlyImport', line: 1, column: 20 }],
    },
    {
      code: "namespace Billing { export const stripe = require('stripe'); }",
      errors: [{ messageId: 'require', line: 1, column: 51 }],
    },
    {
      code: "(function () { require('stripe'); } as () => void)();",
      errors: [{ messageId: 'require', line: 1, column: 24 }],
    },
    {
      code: "declare const require: NodeRequire; const Stripe = require('stripe');",
      errors: [{ messageId: 'require', line: 1, column: 60 }],
    },
    // Decorators run with the class.
    {
      code: "@inject(require('stripe')) class Billing {}",
      errors: [{ messageId: 'require', line: 1, column: 17 }],
    },
    {
      code: "class Billing { @inject(require('stripe')) pay() {} }",
      errors: [{ messageId: 'require', line: 1, column: 33 }],
    },
    {
      code: "class Billing { @inject(require('stripe')) client: unknown; }",
      errors: [{ messageId: 'require', line: 1, column: 33 }],
    },
    {
      code: "class Billing { constructor(@inject(require('stripe')) client: unknown) {} }",
      errors: [{ messageId: 'require', line: 1, column: 45 }],
    },
    {
      code: "class Billing { pay(@inject(require('stripe')) client: unknown) {} }",
      errors: [{ messageId: 'require', line: 1, column: 37 }],
    },
    {
      code: "class Billing { static accessor stripe = require('stripe'); }",
      errors: [{ messageId: 'require', line: 1, column: 50 }],
    },
    // import defer read at module level defers nothing.
    {
      code: `
import defer * as stripe from 'stripe';
const charges = stripe.charges;
`,
      errors: [{ messageId: 'deferReadAtLoad', data: { ...STRIPE, name: 'stripe', line: 3 }, line: 2, column: 31 }],
    },
    {
      code: `
import defer * as stripe from 'stripe';
export function pay() { return stripe.charges; }
(() => stripe.charges)();
`,
      errors: [{ messageId: 'deferReadAtLoad', data: { ...STRIPE, name: 'stripe', line: 4 }, line: 2, column: 31 }],
    },
    {
      code: `
import defer * as aws from '@aws-sdk/client-s3';
class Storage { static client = new aws.S3Client(); }
`,
      errors: [
        {
          messageId: 'deferReadAtLoad',
          data: { what: "heavy '@aws-sdk/client-s3' (matches '@aws-sdk/*')", name: 'aws', line: 3 },
          line: 2,
          column: 28,
        },
      ],
    },
  ];

  run([tsRuleTester], valid, invalid);
});

describe('declaration files are skipped', () => {
  const valid: Valid[] = [
    { code: "import Stripe from 'stripe'; export declare const client: Stripe;", filename: 'types.d.ts' },
    { code: "import { type Stripe } from 'stripe'; export type S = Stripe;", filename: 'src/billing.d.mts' },
    { code: "export * from 'stripe';", filename: 'src/billing.d.cts' },
  ];
  const invalid: Invalid[] = [
    // Only a declaration file's own extension counts.
    {
      code: "import Stripe from 'stripe';",
      filename: 'src/d.ts.helpers.ts',
      errors: [{ messageId: 'import', line: 1, column: 20 }],
    },
  ];

  run([tsRuleTester], valid, invalid);
});

describe('the heavy list', () => {
  tsRuleTester.run('banned-module-level-imports', rule, {
    valid: [
      // Nothing is heavy until the list says so.
      { code: "import Stripe from 'stripe';" },
      { code: "import Stripe from 'stripe';", settings: {} },
      { code: "import Stripe from 'stripe';", settings: { 'lazy-imports': {} } },
      { code: "import Stripe from 'stripe';", settings: { 'lazy-imports': { heavy: [] } } },
      { code: "import Stripe from 'stripe';", options: [{ heavy: [] }] },
      { code: "import OpenAI from 'openai';", settings: heavySettings, options: [{ heavy: ['anthropic'] }] },
    ],
    invalid: [
      {
        code: "import OpenAI from 'openai';",
        options: [{ heavy: ['openai'] }],
        errors: [{ messageId: 'import', data: { what: "heavy 'openai'" }, line: 1, column: 20 }],
      },
      // An option entry takes `except` too.
      {
        code: "import chalk from 'chalk';\nimport 'stripe';",
        options: [{ heavy: [{ name: '**', except: ['chalk'] }] }],
        errors: [{ messageId: 'import', data: { what: "heavy 'stripe' (matches '**')" }, line: 2, column: 8 }],
      },
      // The option adds to settings: both lists apply.
      {
        code: "import OpenAI from 'openai';\nimport Stripe from 'stripe';",
        settings: heavySettings,
        options: [{ heavy: [{ name: 'openai', reason: 'loads 2 MB of code' }] }],
        errors: [
          { messageId: 'import', data: { what: "heavy 'openai' (loads 2 MB of code)" }, line: 1, column: 20 },
          { messageId: 'import', data: STRIPE, line: 2, column: 20 },
        ],
      },
    ],
  });
});

describe('everything heavy but a few, and eager packages', () => {
  const allButSettings = {
    'lazy-imports': {
      heavy: [{ name: '**', except: ['commander', '@acme/*'] }],
      eager: ['reflect-metadata', 'dotenv/config'],
    },
  };
  const lines = (...text: string[]): string => text.join('\n');
  /** Imports that stay at the top: eager, excepted and built-in. */
  const kept = [
    "import 'reflect-metadata';",
    "import 'dotenv/config';",
    "import { Command } from 'commander';",
    "import { log } from '@acme/log';",
    "import fs from 'node:fs';",
    "import path from 'path';",
  ];
  const code = lines(
    ...kept,
    "import Stripe from 'stripe';",
    "import { parse } from 'yaml';",
    '',
    'export async function pay(file) {',
    "  return new Stripe(parse(fs.readFileSync(path.resolve(file), 'utf8')));",
    '}',
    'export const program = new Command();',
    'log(program);',
  );
  const fixed = lines(
    ...kept,
    '',
    'export async function pay(file) {',
    "  const { default: Stripe } = await import('stripe');",
    "  const { parse } = await import('yaml');",
    "  return new Stripe(parse(fs.readFileSync(path.resolve(file), 'utf8')));",
    '}',
    'export const program = new Command();',
    'log(program);',
  );

  /** The finding for `specifier`, whose suggestion moves its load alone: `other` (import, load) stays at the top. */
  function movedAlone(specifier: string, line: number, column: number, [otherImport, otherLoad]: [string, string]): Invalid['errors'][number] {
    const output = fixed.replace(`${otherLoad}\n`, '').replace("import path from 'path';\n", `import path from 'path';\n${otherImport}\n`);
    return {
      messageId: 'import',
      data: { what: `heavy '${specifier}' (matches '**')` },
      line,
      column,
      suggestions: [{ messageId: 'loadWhereUsed', data: { specifier }, output }],
    };
  }

  for (const tester of [tsRuleTester, espreeRuleTester]) {
    tester.run('banned-module-level-imports', rule, {
      valid: [
        // Eager, excepted and built-in: none is covered by `**`.
        { code: lines(...kept), settings: allButSettings },
        { code: "import 'dotenv/config';", settings: { 'lazy-imports': { heavy: ['dotenv'], eager: ['dotenv/config'] } } },
      ],
      invalid: [
        {
          // One `eslint --fix` with autofix takes the rest off start-up and leaves these where they are.
          code,
          settings: allButSettings,
          options: [{ autofix: true }],
          output: fixed,
          errors: [
            movedAlone('stripe', 7, 20, ["import { parse } from 'yaml';", "  const { parse } = await import('yaml');"]),
            movedAlone('yaml', 8, 23, ["import Stripe from 'stripe';", "  const { default: Stripe } = await import('stripe');"]),
          ],
        },
        {
          // `dotenv` is heavy by name; its subpath `dotenv/config` is eager.
          code: "import 'dotenv/config';\nimport 'dotenv';",
          settings: { 'lazy-imports': { heavy: ['dotenv'], eager: ['dotenv/config'] } },
          errors: [{ messageId: 'import', data: { what: "heavy 'dotenv'" }, line: 2, column: 8, suggestions: [] }],
        },
        {
          // Built-ins are heavy only by name, or under `node:*`.
          code: "import 'node:fs';\nimport 'path';",
          settings: { 'lazy-imports': { heavy: ['**', 'node:*'] } },
          errors: [
            { messageId: 'import', data: { what: "heavy 'node:fs' (matches 'node:*')" }, line: 1, column: 8, suggestions: [] },
            { messageId: 'import', data: { what: "heavy 'path' (matches 'node:*')" }, line: 2, column: 8, suggestions: [] },
          ],
        },
      ],
    });
  }
});

describe('allowIn', () => {
  const openai = { name: 'openai', allowIn: ['tests/fixtures/allow-in/vendors/**'] };
  const settings = { 'lazy-imports': { heavy: [openai, './tests/fixtures/allow-in/sources/load-all.ts'] } };
  const vendorFile = 'tests/fixtures/allow-in/vendors/openai/client.ts';
  const appFile = 'tests/fixtures/allow-in/app.ts';
  const carrier = { what: "'./vendors/openai/client' (loads heavy 'openai')" };

  const valid: Valid[] = [
    // The leaf vendor module exists to wrap the SDK.
    { code: "import OpenAI from 'openai';\nexport const client = new OpenAI();", filename: vendorFile, settings },
    { code: "export { client } from './client';", filename: 'tests/fixtures/allow-in/vendors/openai/index.ts', settings },
    // Loading the wrapper where it is used is the point.
    {
      code: "export async function ask() { const { client } = await import('./vendors/openai/client.js'); return client; }",
      filename: appFile,
      settings,
    },
    { code: "import { client } from './vendor-mocks/openai/client';", filename: appFile, settings },
  ];

  const invalid: Invalid[] = [
    {
      code: "import OpenAI from 'openai';",
      filename: appFile,
      settings,
      errors: [{ messageId: 'import', data: { what: "heavy 'openai'" }, line: 1, column: 20 }],
    },
    {
      code: "import { client } from './vendors/openai/client';",
      filename: appFile,
      settings,
      errors: [{ messageId: 'import', data: carrier, line: 1, column: 24 }],
    },
    {
      code: "export { client } from './vendors/openai/client.js';",
      filename: appFile,
      settings,
      errors: [
        { messageId: 'reExport', data: { what: "'./vendors/openai/client.js' (loads heavy 'openai')" }, line: 1, column: 24 },
      ],
    },
    {
      code: "import { client } from '../vendors/openai/client';",
      filename: 'tests/fixtures/allow-in/nested/cli.ts',
      settings,
      errors: [{ messageId: 'import', line: 1, column: 24 }],
    },
    {
      code: "import './sources/load-all.js';",
      filename: appFile,
      settings,
      errors: [
        {
          messageId: 'import',
          data: { what: "heavy './sources/load-all.js' (matches './tests/fixtures/allow-in/sources/load-all.ts')" },
          line: 1,
          column: 8,
        },
      ],
    },
  ];

  run([tsRuleTester, espreeRuleTester], valid, invalid);

  espreeCommonjsRuleTester.run('banned-module-level-imports', rule, {
    valid: [
      {
        code: "exports.ask = () => require('./vendors/openai/client').client;",
        filename: 'tests/fixtures/allow-in/app.js',
        settings,
      },
    ],
    invalid: [
      {
        code: "const { client } = require('./vendors/openai/client');",
        filename: 'tests/fixtures/allow-in/app.js',
        settings,
        errors: [{ messageId: 'require', data: carrier, line: 1, column: 28 }],
      },
    ],
  });
});

describe('messages', () => {
  /** The messages of one lint run with the rule on, as ESLint users see them. */
  function lint(code: string, filename = 'file.ts', settings: object = heavySettings): Linter.LintMessage[] {
    const linter = new Linter({ configType: 'flat' });
    return linter.verify(
      code,
      {
        files: ['**/*.ts'],
        plugins: { 'lazy-imports': { rules: { 'banned-module-level-imports': rule as never } } },
        rules: { 'lazy-imports/banned-module-level-imports': 'error' },
        languageOptions: { parser: tsParser as Linter.Parser },
        settings: settings as Record<string, unknown>,
      },
      { filename },
    );
  }

  it('names the entry and says what to do', () => {
    const [message] = lint("import Stripe from 'stripe';");
    expect(message?.message).toBe(
      "Module-level import of heavy 'stripe' loads it at start-up. Load it inside the function that uses it (`await import()` or `require()`), or use `import type` if only types are needed.",
    );
  });

  it("includes the entry's reason", () => {
    const [message] = lint("const { google } = require('googleapis');");
    expect(message?.message).toBe(
      "`require()` of heavy 'googleapis' (adds ~650 ms to start-up) runs at start-up. Move it into the function that uses the module.",
    );
  });

  it('names the entry a subpath matched', () => {
    const [message] = lint("export * from 'stripe/lib/resources';");
    expect(message?.message).toBe(
      "Re-exporting from heavy 'stripe/lib/resources' (matches 'stripe') loads it at start-up. Use `export type` for types, or let callers load the module where they use it.",
    );
  });

  it('says which heavy entry a wrapper file carries', () => {
    const settings = { 'lazy-imports': { heavy: [{ name: 'openai', allowIn: ['tests/fixtures/allow-in/vendors/**'] }] } };
    const [message] = lint("import { client } from './vendors/openai/client';", 'tests/fixtures/allow-in/app.ts', settings);
    expect(message?.message).toBe(
      "Module-level import of './vendors/openai/client' (loads heavy 'openai') loads it at start-up. Load it inside the function that uses it (`await import()` or `require()`), or use `import type` if only types are needed.",
    );
  });

  it('says where an import defer binding is read at module level', () => {
    const [message] = lint("import defer * as stripe from 'stripe';\n\nstripe.charges.list();");
    expect(message?.message).toBe(
      "`import defer` of heavy 'stripe' does not defer it: `stripe` is read at module level on line 3. Read it only inside functions, or import the module where it is used.",
    );
  });

  it.each([
    ["import Stripe from 'stripe';", "'stripe'"],
    ["import { type Stripe } from 'stripe';", "'stripe'"],
    ['import Stripe = require("stripe");', '"stripe"'],
    ["if (a) {\n  const Stripe = require('stripe');\n}", "'stripe'"],
    ['await import(`stripe`);', '`stripe`'],
    ["import defer * as s from 'stripe'; s.x;", "'stripe'"],
  ])('reports on the module string: %s', (code, text) => {
    const [message] = lint(code);
    if (!message) throw new Error('no report');
    const lines = code.split('\n');
    const start = lines.slice(0, message.line - 1).join('\n').length + (message.line > 1 ? 1 : 0) + message.column - 1;
    const endLine = message.endLine ?? message.line;
    const end = lines.slice(0, endLine - 1).join('\n').length + (endLine > 1 ? 1 : 0) + (message.endColumn ?? 0) - 1;
    expect(code.slice(start, end)).toBe(text);
  });
});
