import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import { describe } from 'vitest';
import rule, { type MessageIds, type Options } from '../../src/rules/banned-module-level-imports.js';
import { espreeCommonjsRuleTester, espreeRuleTester, heavySettings, tsRuleTester } from '../rule-tester.js';

type Valid = ValidTestCase<Options>;
type Invalid = InvalidTestCase<MessageIds, Options>;

function run(testers: readonly (typeof tsRuleTester)[], invalid: readonly Invalid[], valid: readonly Valid[] = []): void {
  for (const tester of testers) {
    tester.run('banned-module-level-imports', rule, {
      valid: valid.map((testCase) => ({ settings: heavySettings, ...testCase })),
      invalid: invalid.map((testCase) => ({ settings: heavySettings, ...testCase })),
    });
  }
}

const LOAD_STRIPE = { messageId: 'loadWhereUsed', data: { specifier: 'stripe' } } as const;
/** Message data of a module-level import and a `require()` of `stripe`. */
const IMPORT = { what: "heavy 'stripe'", load: 'Module-level import' };
const REQUIRE = { what: "heavy 'stripe'", load: '`require()`' };
const AUTOFIX: Options = [{ autofix: true }];
const DEFER: Options = [{ style: 'import-defer' }];

describe('import type fix', () => {
  run(
    [tsRuleTester],
    [
      {
        code: "import { Stripe, Charge } from 'stripe';\nlet client: Stripe;\nlet charge: Charge;",
        output: "import type { Stripe, Charge } from 'stripe';\nlet client: Stripe;\nlet charge: Charge;",
        errors: [{ messageId: 'typeOnlyImport', data: { what: "heavy 'stripe'" }, line: 1, column: 32 }],
      },
      {
        code: "import * as stripe from 'stripe';\nexport type Client = stripe.Stripe;",
        output: "import type * as stripe from 'stripe';\nexport type Client = stripe.Stripe;",
        errors: [{ messageId: 'typeOnlyImport', line: 1, column: 25 }],
      },
      // `typeof x` in a type, `implements`, type arguments and `satisfies` are types too.
      {
        code: "import { charge } from 'stripe';\ntype Charge = typeof charge;",
        output: "import type { charge } from 'stripe';\ntype Charge = typeof charge;",
        errors: [{ messageId: 'typeOnlyImport', line: 1, column: 24 }],
      },
      {
        code: "import { Resource } from 'stripe';\nexport class Refunds implements Resource {}",
        output: "import type { Resource } from 'stripe';\nexport class Refunds implements Resource {}",
        errors: [{ messageId: 'typeOnlyImport', line: 1, column: 26 }],
      },
      {
        code: "import { Charge } from 'stripe';\nexport const byId = new Map<string, Charge>();",
        output: "import type { Charge } from 'stripe';\nexport const byId = new Map<string, Charge>();",
        errors: [{ messageId: 'typeOnlyImport', line: 1, column: 24 }],
      },
      {
        code: "import { Config } from 'stripe';\nexport const config = { apiVersion: '2024' } satisfies Config;",
        output: "import type { Config } from 'stripe';\nexport const config = { apiVersion: '2024' } satisfies Config;",
        errors: [{ messageId: 'typeOnlyImport', line: 1, column: 24 }],
      },
      // A default and named bindings cannot share one `import type`.
      {
        code: "import Stripe, { Charge } from 'stripe';\nlet client: Stripe;\nlet charge: Charge;",
        output: "import type Stripe from 'stripe';\nimport type { Charge } from 'stripe';\nlet client: Stripe;\nlet charge: Charge;",
        errors: [{ messageId: 'typeOnlyImport', line: 1, column: 32 }],
      },
      {
        code: 'import Stripe = require("stripe");\nlet charge: Stripe.Charge;',
        output: 'import type Stripe = require("stripe");\nlet charge: Stripe.Charge;',
        errors: [{ messageId: 'typeOnlyImport', line: 1, column: 25 }],
      },
      // Inline `type` markers become one `import type`; quotes and comments stay.
      {
        code: 'import { /* the client */ type Stripe, type Charge } from "stripe";',
        output: 'import type { /* the client */ Stripe, Charge } from "stripe";',
        errors: [{ messageId: 'inlineTypeImport', line: 1, column: 59 }],
      },
      {
        code: "export { type Stripe, type Charge as C } from 'stripe';",
        output: "export type { Stripe, Charge as C } from 'stripe';",
        errors: [{ messageId: 'inlineTypeImport', line: 1, column: 47 }],
      },
      // Mixed imports split: the type part becomes `import type`, the value part stays.
      {
        code: "import { type Charge, Stripe } from 'stripe';\nexport function make(): Charge { return new Stripe('key').charge(); }",
        output:
          "import type { Charge } from 'stripe';\nimport { Stripe } from 'stripe';\nexport function make(): Charge { return new Stripe('key').charge(); }",
        errors: [
          {
            messageId: 'usedInSyncFunction',
            data: { ...IMPORT, name: 'Stripe', fn: 'function `make`', line: 2 },
            line: 1,
            column: 37,
          },
        ],
      },
      {
        code: "import { Charge, Stripe } from 'stripe';\nlet last: Charge;\nexport const client = new Stripe('key');",
        output:
          "import type { Charge } from 'stripe';\nimport { Stripe } from 'stripe';\nlet last: Charge;\nexport const client = new Stripe('key');",
        errors: [{ messageId: 'usedAtLoad', data: { ...IMPORT, name: 'Stripe', line: 3 }, line: 1, column: 32 }],
      },
      // Names typed in a decorated class may be emitted as values (decorator metadata): no fix.
      {
        code: "import { Stripe } from 'stripe';\n@Injectable()\nexport class Billing {\n  constructor(private client: Stripe) {}\n}",
        output: null,
        errors: [{ messageId: 'import', line: 1, column: 24 }],
      },
      // `export { x }` needs the value.
      {
        code: "import { Stripe } from 'stripe';\nlet client: Stripe;\nexport { Stripe };",
        output: null,
        errors: [{ messageId: 'usedAtLoad', data: { ...IMPORT, name: 'Stripe', line: 3 }, line: 1, column: 24 }],
      },
    ],
    [
      // Already type-only: nothing to fix, nothing reported.
      "import type { Stripe } from 'stripe';\nlet client: Stripe;",
      "export type { Stripe } from 'stripe';",
    ].map((code) => ({ code })),
  );
});

describe('lazy form in ES modules: `await import()` in async functions', () => {
  run(
    [tsRuleTester, espreeRuleTester],
    [
      {
        code: `import { Stripe, errors as e } from 'stripe';

export async function pay(amount) {
  const client = new Stripe('key');
  return client.charge(amount, e.card);
}
`,
        output: null,
        errors: [
          {
            messageId: 'import',
            line: 1,
            column: 37,
            suggestions: [
              {
                ...LOAD_STRIPE,
                output: `export async function pay(amount) {
  const { Stripe, errors: e } = await import('stripe');
  const client = new Stripe('key');
  return client.charge(amount, e.card);
}
`,
              },
            ],
          },
        ],
      },
      // Default and namespace imports; expression-bodied arrows become blocks.
      {
        code: `import Stripe from 'stripe';
import * as s3 from '@aws-sdk/client-s3';

export const pay = async (amount) => new Stripe('key').charge(amount);
export const upload = async (body) =>
  new s3.S3Client({}).send(body);
`,
        output: null,
        errors: [
          {
            messageId: 'import',
            line: 1,
            column: 20,
            suggestions: [
              {
                ...LOAD_STRIPE,
                output: `import * as s3 from '@aws-sdk/client-s3';

export const pay = async (amount) => { const { default: Stripe } = await import('stripe'); return new Stripe('key').charge(amount); };
export const upload = async (body) =>
  new s3.S3Client({}).send(body);
`,
              },
            ],
          },
          {
            messageId: 'import',
            line: 2,
            column: 21,
            suggestions: [
              {
                messageId: 'loadWhereUsed',
                data: { specifier: '@aws-sdk/client-s3' },
                output: `import Stripe from 'stripe';

export const pay = async (amount) => new Stripe('key').charge(amount);
export const upload = async (body) => {
  const s3 = await import('@aws-sdk/client-s3');
  return new s3.S3Client({}).send(body);
};
`,
              },
            ],
          },
        ],
      },
      // Methods; the body's indentation; after directives and after other lazy loads.
      {
        code: `import { Stripe } from 'stripe';

export class Billing {
    async pay(amount) {
        'use strict';
        return new Stripe('key').charge(amount);
    }
}
export const api = {
\tasync refund(id) {
\t\tconst { S3Client } = await import('@aws-sdk/client-s3');
\t\treturn new Stripe('key').refund(id, S3Client);
\t},
};
`,
        output: null,
        errors: [
          {
            messageId: 'import',
            line: 1,
            column: 24,
            suggestions: [
              {
                ...LOAD_STRIPE,
                output: `export class Billing {
    async pay(amount) {
        'use strict';
        const { Stripe } = await import('stripe');
        return new Stripe('key').charge(amount);
    }
}
export const api = {
\tasync refund(id) {
\t\tconst { S3Client } = await import('@aws-sdk/client-s3');
\t\tconst { Stripe } = await import('stripe');
\t\treturn new Stripe('key').refund(id, S3Client);
\t},
};
`,
              },
            ],
          },
        ],
      },
      // The outermost async function loads once for its callbacks; a sync function hands
      // the load to the async function inside it.
      {
        code: `import { Stripe } from 'stripe';

export async function payAll(amounts) {
  return amounts.map((amount) => new Stripe('key').charge(amount));
}
export function later() {
  return async () => new Stripe('key');
}
`,
        output: null,
        errors: [
          {
            messageId: 'import',
            line: 1,
            column: 24,
            suggestions: [
              {
                ...LOAD_STRIPE,
                output: `export async function payAll(amounts) {
  const { Stripe } = await import('stripe');
  return amounts.map((amount) => new Stripe('key').charge(amount));
}
export function later() {
  return async () => { const { Stripe } = await import('stripe'); return new Stripe('key'); };
}
`,
              },
            ],
          },
        ],
      },
      // A shadowing block and a hoisted function declaration inside the function.
      {
        code: `import { Stripe } from 'stripe';

export async function pay() {
  {
    const Stripe = 1;
  }
  return run();
  function run() { return new Stripe('key'); }
}
`,
        output: null,
        errors: [
          {
            messageId: 'import',
            line: 1,
            column: 24,
            suggestions: [
              {
                ...LOAD_STRIPE,
                output: `export async function pay() {
  const { Stripe } = await import('stripe');
  {
    const Stripe = 1;
  }
  return run();
  function run() { return new Stripe('key'); }
}
`,
              },
            ],
          },
        ],
      },
      // Quotes follow the import; comments in and around it are kept.
      {
        code: `// The payments SDK.
import { Stripe /* client */, errors } from "stripe"; // heavy

export async function pay() {
  return new Stripe(errors);
}
`,
        output: null,
        errors: [
          {
            messageId: 'import',
            line: 2,
            column: 45,
            suggestions: [
              {
                ...LOAD_STRIPE,
                output: `// The payments SDK.
/* client */ // heavy

export async function pay() {
  const { Stripe, errors } = await import("stripe");
  return new Stripe(errors);
}
`,
              },
            ],
          },
        ],
      },
      // `this` and `arguments` mean what they meant.
      {
        code: `import { Stripe } from 'stripe';

export class Billing {
  async pay() {
    return new Stripe(this.key, arguments.length);
  }
}
`,
        output: null,
        errors: [
          {
            messageId: 'import',
            line: 1,
            column: 24,
            suggestions: [
              {
                ...LOAD_STRIPE,
                output: `export class Billing {
  async pay() {
    const { Stripe } = await import('stripe');
    return new Stripe(this.key, arguments.length);
  }
}
`,
              },
            ],
          },
        ],
      },
    ],
  );
});

describe('lazy form in TypeScript: names still used as types keep an `import type`', () => {
  run(
    [tsRuleTester],
    [
      {
        code: `import { Stripe, type Charge } from 'stripe';

let last: Charge | undefined;
export async function pay(): Promise<Stripe> {
  return new Stripe('key');
}
`,
        // The safe fix splits off the type part.
        output: `import type { Charge } from 'stripe';
import { Stripe } from 'stripe';

let last: Charge | undefined;
export async function pay(): Promise<Stripe> {
  return new Stripe('key');
}
`,
        errors: [
          {
            messageId: 'import',
            line: 1,
            column: 37,
            suggestions: [
              {
                ...LOAD_STRIPE,
                output: `import type { Stripe, Charge } from 'stripe';

let last: Charge | undefined;
export async function pay(): Promise<Stripe> {
  const { Stripe } = await import('stripe');
  return new Stripe('key');
}
`,
              },
            ],
          },
        ],
      },
      // JSX names a value.
      {
        code: `import { Chart } from 'stripe';

export async function render() {
  return <Chart title="x">hi</Chart>;
}
`,
        filename: 'view.tsx',
        output: null,
        errors: [
          {
            messageId: 'import',
            line: 1,
            column: 23,
            suggestions: [
              {
                ...LOAD_STRIPE,
                output: `export async function render() {
  const { Chart } = await import('stripe');
  return <Chart title="x">hi</Chart>;
}
`,
              },
            ],
          },
        ],
      },
      // A class used in a decorated class may be needed by decorator metadata: no lazy form.
      {
        code: `import { Stripe } from 'stripe';
@Injectable()
export class Billing {
  constructor(private client: Stripe) {}
  async make() { return new Stripe('key'); }
}
`,
        output: null,
        errors: [{ messageId: 'import', line: 1, column: 24 }],
      },
    ],
  );
});

describe('no lazy form: the message says what blocks it', () => {
  run(
    [tsRuleTester, espreeRuleTester],
    [
      {
        code: "import { Stripe } from 'stripe';\nexport const client = new Stripe('key');",
        output: null,
        errors: [{ messageId: 'usedAtLoad', data: { ...IMPORT, name: 'Stripe', line: 2 }, line: 1, column: 24 }],
      },
      {
        code: "import { Stripe } from 'stripe';\nexport { Stripe };\nexport async function pay() { return new Stripe('key'); }",
        output: null,
        errors: [{ messageId: 'usedAtLoad', data: { ...IMPORT, name: 'Stripe', line: 2 }, line: 1, column: 24 }],
      },
      {
        code: "import { Stripe } from 'stripe';\nexport class Billing { static client = new Stripe('key'); }",
        output: null,
        errors: [{ messageId: 'usedAtLoad', data: { ...IMPORT, name: 'Stripe', line: 2 }, line: 1, column: 24 }],
      },
      {
        code: "import { Stripe } from 'stripe';\nexport function pay() {\n  return new Stripe('key');\n}",
        output: null,
        errors: [{ messageId: 'usedInSyncFunction', data: { ...IMPORT, name: 'Stripe', fn: 'function `pay`', line: 3 }, line: 1, column: 24 }],
      },
      {
        code: "import { Stripe } from 'stripe';\nexport class Billing {\n  pay() { return new Stripe('key'); }\n}",
        output: null,
        errors: [{ messageId: 'usedInSyncFunction', data: { ...IMPORT, name: 'Stripe', fn: 'method `pay`', line: 3 }, line: 1, column: 24 }],
      },
      {
        code: "import { Stripe } from 'stripe';\nexport class Billing {\n  constructor() { this.client = new Stripe('key'); }\n}",
        output: null,
        errors: [
          {
            messageId: 'usedInSyncFunction',
            data: { ...IMPORT, name: 'Stripe', fn: 'the constructor of `Billing`', line: 3 },
            line: 1,
            column: 24,
          },
        ],
      },
      {
        code: "import { Stripe } from 'stripe';\nexport function* rows() {\n  yield new Stripe('key');\n}",
        output: null,
        errors: [
          { messageId: 'usedInSyncFunction', data: { ...IMPORT, name: 'Stripe', fn: 'generator function `rows`', line: 3 }, line: 1, column: 24 },
        ],
      },
      {
        code: "import { Stripe } from 'stripe';\nexport class Billing {\n  client = new Stripe('key');\n}",
        output: null,
        errors: [{ messageId: 'usedInField', data: { ...IMPORT, name: 'Stripe', field: 'field `client`', line: 3 }, line: 1, column: 24 }],
      },
      {
        code: "import { Stripe } from 'stripe';\nexport async function pay(client = new Stripe('key')) {\n  return client;\n}",
        output: null,
        errors: [{ messageId: 'usedInParameter', data: { ...IMPORT, name: 'Stripe', fn: 'function `pay`', line: 2 }, line: 1, column: 24 }],
      },
      // Unused: nothing to load anywhere.
      {
        code: "import { Stripe } from 'stripe';",
        output: null,
        errors: [{ messageId: 'import', line: 1, column: 24 }],
      },
      // Of several blocked uses, the first in source order is named, whichever binding it reads.
      {
        code: "import { a, b } from 'stripe';\nexport function g() { return b(); }\nexport function f(x = a) { return x; }",
        output: null,
        errors: [{ messageId: 'usedInSyncFunction', data: { ...IMPORT, name: 'b', fn: 'function `g`', line: 2 }, line: 1, column: 22 }],
      },
      // A use in a nested callback names the outermost function, where the load would go.
      {
        code: "import { a } from 'stripe';\nexport function outer() { return () => a(); }",
        output: null,
        errors: [{ messageId: 'usedInSyncFunction', data: { ...IMPORT, name: 'a', fn: 'function `outer`', line: 2 }, line: 1, column: 19 }],
      },
    ],
  );
});

describe('lazy form in CommonJS: `require()` inside each function, sync ones too', () => {
  const invalid: Invalid[] = [
    {
      code: `const Stripe = require('stripe');

function pay(amount) {
  return new Stripe('key').charge(amount);
}
module.exports = { pay };
`,
      output: null,
      errors: [
        {
          messageId: 'require',
          line: 1,
          column: 24,
          suggestions: [
            {
              ...LOAD_STRIPE,
              output: `function pay(amount) {
  const Stripe = require('stripe');
  return new Stripe('key').charge(amount);
}
module.exports = { pay };
`,
            },
          ],
        },
      ],
    },
    // Destructuring, a property of the module, constructors and field arrows.
    {
      code: `const { Stripe, errors: e } = require('stripe');
const toS3 = require('@aws-sdk/client-s3').S3Client;

class Billing {
  constructor() {
    this.client = new Stripe('key', e);
  }
  upload = (body) => new toS3({}).send(body);
}
module.exports = { Billing };
`,
      output: null,
      errors: [
        {
          messageId: 'require',
          line: 1,
          column: 39,
          suggestions: [
            {
              ...LOAD_STRIPE,
              output: `const toS3 = require('@aws-sdk/client-s3').S3Client;

class Billing {
  constructor() {
    const { Stripe, errors: e } = require('stripe');
    this.client = new Stripe('key', e);
  }
  upload = (body) => new toS3({}).send(body);
}
module.exports = { Billing };
`,
            },
          ],
        },
        {
          messageId: 'require',
          line: 2,
          column: 22,
          suggestions: [
            {
              messageId: 'loadWhereUsed',
              data: { specifier: '@aws-sdk/client-s3' },
              output: `const { Stripe, errors: e } = require('stripe');

class Billing {
  constructor() {
    this.client = new Stripe('key', e);
  }
  upload = (body) => { const toS3 = require('@aws-sdk/client-s3').S3Client; return new toS3({}).send(body); };
}
module.exports = { Billing };
`,
            },
          ],
        },
      ],
    },
    {
      code: "const Stripe = require('stripe');\nmodule.exports = { Stripe };",
      output: null,
      errors: [{ messageId: 'usedAtLoad', data: { ...REQUIRE, name: 'Stripe', line: 2 }, line: 1, column: 24 }],
    },
    {
      code: "const Stripe = require('stripe');\nfunction pay(client = new Stripe('key')) { return client; }\nmodule.exports = { pay };",
      output: null,
      errors: [{ messageId: 'usedInParameter', data: { ...REQUIRE, name: 'Stripe', fn: 'function `pay`', line: 2 }, line: 1, column: 24 }],
    },
    // Inside the function, `require` would be something else.
    {
      code: "const Stripe = require('stripe');\nfunction pay(require) { return new Stripe(require('key')); }\nmodule.exports = { pay };",
      output: null,
      errors: [{ messageId: 'require', line: 1, column: 24 }],
    },
    // A variable that is assigned again is more than a name for the module.
    {
      code: "let Stripe = require('stripe');\nStripe = wrap(Stripe);\nexports.pay = () => new Stripe('key');",
      output: null,
      errors: [{ messageId: 'require', line: 1, column: 22 }],
    },
  ];
  run([tsRuleTester, espreeCommonjsRuleTester], invalid);
});

describe('lazy form of `import x = require()`', () => {
  run(
    [tsRuleTester],
    [
      {
        code: `import Stripe = require('stripe');

let last: Stripe.Charge | undefined;
export function pay() {
  return new Stripe('key');
}
`,
        output: null,
        errors: [
          {
            messageId: 'importEquals',
            line: 1,
            column: 25,
            suggestions: [
              {
                ...LOAD_STRIPE,
                output: `import type Stripe = require('stripe');

let last: Stripe.Charge | undefined;
export function pay() {
  const Stripe: typeof import('stripe') = require('stripe');
  return new Stripe('key');
}
`,
              },
            ],
          },
        ],
      },
    ],
  );
});

describe('option autofix: the lazy form is a fix', () => {
  run(
    [tsRuleTester, espreeRuleTester],
    [
      // Every fix of the file carries all its lazy forms, so one pass converts it; the loads
      // keep the imports' order. Suggestions still convert one import each.
      {
        code: `import { Stripe } from 'stripe';
import { google } from 'googleapis';

export async function sync() {
  return [new Stripe('key'), google.sheets()];
}
`,
        options: AUTOFIX,
        output: `export async function sync() {
  const { Stripe } = await import('stripe');
  const { google } = await import('googleapis');
  return [new Stripe('key'), google.sheets()];
}
`,
        errors: [
          {
            messageId: 'import',
            line: 1,
            column: 24,
            suggestions: [
              {
                ...LOAD_STRIPE,
                output: `import { google } from 'googleapis';

export async function sync() {
  const { Stripe } = await import('stripe');
  return [new Stripe('key'), google.sheets()];
}
`,
              },
            ],
          },
          {
            messageId: 'import',
            line: 2,
            column: 24,
            suggestions: [
              {
                messageId: 'loadWhereUsed',
                data: { specifier: 'googleapis' },
                output: `import { Stripe } from 'stripe';

export async function sync() {
  const { google } = await import('googleapis');
  return [new Stripe('key'), google.sheets()];
}
`,
              },
            ],
          },
        ],
      },
      // Without a lazy form, autofix changes nothing.
      {
        code: "import { Stripe } from 'stripe';\nexport function pay() { return new Stripe('key'); }",
        options: AUTOFIX,
        output: null,
        errors: [{ messageId: 'usedInSyncFunction', line: 1, column: 24 }],
      },
    ],
  );
});

describe('option autofix: the fixes of a file land together', () => {
  run(
    [tsRuleTester],
    [
      // Both loads go into one block body; a TypeScript file whose imports all go stays a module.
      {
        code: `import { Stripe } from 'stripe';
import { google } from 'googleapis';

const sync = async () => [new Stripe('key'), google.sheets()];
void sync;
`,
        options: AUTOFIX,
        output: `export {};

const sync = async () => { const { Stripe } = await import('stripe'); const { google } = await import('googleapis'); return [new Stripe('key'), google.sheets()]; };
void sync;
`,
        errors: [
          {
            messageId: 'import',
            line: 1,
            column: 24,
            suggestions: [
              {
                ...LOAD_STRIPE,
                output: `import { google } from 'googleapis';

const sync = async () => { const { Stripe } = await import('stripe'); return [new Stripe('key'), google.sheets()]; };
void sync;
`,
              },
            ],
          },
          {
            messageId: 'import',
            line: 2,
            column: 24,
            suggestions: [
              {
                messageId: 'loadWhereUsed',
                data: { specifier: 'googleapis' },
                output: `import { Stripe } from 'stripe';

const sync = async () => { const { google } = await import('googleapis'); return [new Stripe('key'), google.sheets()]; };
void sync;
`,
              },
            ],
          },
        ],
      },
      // A type-only part, a lazy form and a blocked import: the first two land in one pass.
      {
        code: `import { Stripe, type Options } from 'stripe';
import { google } from 'googleapis';
import { S3 } from '@aws-sdk/client-s3';

export const s3 = new S3();
export async function sync(options: Options) {
  return [new Stripe('key', options), google.sheets()];
}
`,
        options: AUTOFIX,
        output: `import type { Options } from 'stripe';
import { S3 } from '@aws-sdk/client-s3';

export const s3 = new S3();
export async function sync(options: Options) {
  const { Stripe } = await import('stripe');
  const { google } = await import('googleapis');
  return [new Stripe('key', options), google.sheets()];
}
`,
        errors: [
          {
            messageId: 'import',
            line: 1,
            column: 38,
            suggestions: [
              {
                ...LOAD_STRIPE,
                output: `import type { Options } from 'stripe';
import { google } from 'googleapis';
import { S3 } from '@aws-sdk/client-s3';

export const s3 = new S3();
export async function sync(options: Options) {
  const { Stripe } = await import('stripe');
  return [new Stripe('key', options), google.sheets()];
}
`,
              },
            ],
          },
          {
            messageId: 'import',
            line: 2,
            column: 24,
            suggestions: [
              {
                messageId: 'loadWhereUsed',
                data: { specifier: 'googleapis' },
                output: `import { Stripe, type Options } from 'stripe';
import { S3 } from '@aws-sdk/client-s3';

export const s3 = new S3();
export async function sync(options: Options) {
  const { google } = await import('googleapis');
  return [new Stripe('key', options), google.sheets()];
}
`,
              },
            ],
          },
          { messageId: 'usedAtLoad', line: 3, column: 20 },
        ],
      },
      // Deferred namespaces named alike by their specifiers get distinct names in the combined fix.
      {
        code: `import { map } from 'lodash/fp';
import { filter } from 'ramda/fp';

export function run(xs: number[]) {
  return map(filter(xs));
}
`,
        settings: { 'lazy-imports': { heavy: ['lodash/fp', 'ramda/fp'] } },
        options: [{ style: 'import-defer', autofix: true }],
        output: `import defer * as fp from 'lodash/fp';
import defer * as fp2 from 'ramda/fp';

export function run(xs: number[]) {
  return fp.map(fp2.filter(xs));
}
`,
        errors: [
          {
            messageId: 'import',
            line: 1,
            column: 21,
            suggestions: [
              {
                messageId: 'importDefer',
                data: { specifier: 'lodash/fp' },
                output: `import defer * as fp from 'lodash/fp';
import { filter } from 'ramda/fp';

export function run(xs: number[]) {
  return fp.map(filter(xs));
}
`,
              },
            ],
          },
          {
            messageId: 'import',
            line: 2,
            column: 24,
            suggestions: [
              {
                messageId: 'importDefer',
                data: { specifier: 'ramda/fp' },
                output: `import { map } from 'lodash/fp';
import defer * as fp from 'ramda/fp';

export function run(xs: number[]) {
  return map(fp.filter(xs));
}
`,
              },
            ],
          },
        ],
      },
    ],
  );
});

describe("option style: 'import-defer'", () => {
  run(
    [tsRuleTester],
    [
      // Named and default bindings become reads of the namespace, sync functions included.
      {
        code: `import Stripe, { errors } from 'stripe';

export function pay(amount: number) {
  return { amount, errors, client: new Stripe('key') };
}
export const refund = () => errors.refund;
`,
        options: DEFER,
        output: null,
        errors: [
          {
            messageId: 'import',
            line: 1,
            column: 32,
            suggestions: [
              {
                messageId: 'importDefer',
                data: { specifier: 'stripe' },
                output: `import defer * as stripe from 'stripe';

export function pay(amount: number) {
  return { amount, errors: stripe.errors, client: new stripe.default('key') };
}
export const refund = () => stripe.errors.refund;
`,
              },
            ],
          },
        ],
      },
      // A namespace import keeps its name; instance fields read it later too.
      {
        code: "import * as stripe from 'stripe';\nexport class Billing {\n  client = new stripe.Stripe('key');\n}",
        options: DEFER,
        output: null,
        errors: [
          {
            messageId: 'import',
            line: 1,
            column: 25,
            suggestions: [
              {
                messageId: 'importDefer',
                data: { specifier: 'stripe' },
                output: "import defer * as stripe from 'stripe';\nexport class Billing {\n  client = new stripe.Stripe('key');\n}",
              },
            ],
          },
        ],
      },
      // The namespace gets a name nothing else uses; types keep an `import type`; with autofix it is a fix.
      {
        code: `import { Stripe } from 'stripe';
const stripe = 1;
let last: Stripe | undefined;
export function pay() {
  return new Stripe('key');
}
`,
        options: [{ style: 'import-defer', autofix: true }],
        output: `import type { Stripe } from 'stripe';
import defer * as stripe2 from 'stripe';
const stripe = 1;
let last: Stripe | undefined;
export function pay() {
  return new stripe2.Stripe('key');
}
`,
        errors: [
          {
            messageId: 'import',
            line: 1,
            column: 24,
            suggestions: [
              {
                messageId: 'importDefer',
                data: { specifier: 'stripe' },
                output: `import type { Stripe } from 'stripe';
import defer * as stripe2 from 'stripe';
const stripe = 1;
let last: Stripe | undefined;
export function pay() {
  return new stripe2.Stripe('key');
}
`,
              },
            ],
          },
        ],
      },
      {
        code: `import { Chart } from 'stripe';

export function render() {
  return <Chart title="x">hi</Chart>;
}
`,
        filename: 'view.tsx',
        options: DEFER,
        output: null,
        errors: [
          {
            messageId: 'import',
            line: 1,
            column: 23,
            suggestions: [
              {
                messageId: 'importDefer',
                data: { specifier: 'stripe' },
                output: `import defer * as stripe from 'stripe';

export function render() {
  return <stripe.Chart title="x">hi</stripe.Chart>;
}
`,
              },
            ],
          },
        ],
      },
      // A read at module level would evaluate the module at start-up anyway.
      {
        code: "import { Stripe } from 'stripe';\nexport const client = new Stripe('key');",
        options: DEFER,
        output: null,
        errors: [{ messageId: 'usedAtLoad', data: { ...IMPORT, name: 'Stripe', line: 2 }, line: 1, column: 24 }],
      },
    ],
  );

  // espree cannot read `import defer`: the rule offers the `await import()` form instead.
  run(
    [espreeRuleTester],
    [
      {
        code: "import { Stripe } from 'stripe';\nexport async function pay() {\n  return new Stripe('key');\n}",
        options: DEFER,
        output: null,
        errors: [
          {
            messageId: 'import',
            line: 1,
            column: 24,
            suggestions: [
              {
                ...LOAD_STRIPE,
                output: "export async function pay() {\n  const { Stripe } = await import('stripe');\n  return new Stripe('key');\n}",
              },
            ],
          },
        ],
      },
    ],
  );
});

describe('edits that keep the rest of the file as it was', () => {
  run(
    [espreeCommonjsRuleTester],
    [
      {
        // Without semicolons, the next line's leading `;` stays, or the lines would join.
        code: "const config = load()\nconst { S3 } = require('stripe')\n;['a', 'b'].forEach(register)\nfunction upload() { return new S3() }",
        output: "const config = load()\n;['a', 'b'].forEach(register)\nfunction upload() { const { S3 } = require('stripe'); return new S3() }",
        options: AUTOFIX,
        errors: [
          {
            messageId: 'require',
            line: 2,
            column: 24,
            suggestions: [
              {
                ...LOAD_STRIPE,
                output:
                  "const config = load()\n;['a', 'b'].forEach(register)\nfunction upload() { const { S3 } = require('stripe'); return new S3() }",
              },
            ],
          },
        ],
      },
    ],
  );
  run(
    [tsRuleTester],
    [
      {
        // A `//` comment kept from inside the import must not swallow code after it on the line.
        code: "import { A, // the type\n  b } from 'stripe'; b();\nlet x: A;",
        output: "import type { A } from 'stripe';\nimport { b } from 'stripe';\n// the type\n b();\nlet x: A;",
        errors: [{ messageId: 'usedAtLoad', line: 2, column: 12 }],
      },
      {
        // A file whose only import goes stays a module for TypeScript.
        code: "import { a } from 'stripe';\nasync function main() { return a(); }",
        output: "export {};\nasync function main() { const { a } = await import('stripe'); return a(); }",
        options: AUTOFIX,
        errors: [{ messageId: 'import', line: 1, column: 19, suggestions: [{ ...LOAD_STRIPE, output: "export {};\nasync function main() { const { a } = await import('stripe'); return a(); }" }] }],
      },
      {
        // A directive for the next line would end up over another statement: no fix at all.
        code: "// @ts-expect-error: no types\nimport { A, b } from 'stripe';\nlet x: A = b();\nexport { x };",
        output: null,
        errors: [{ messageId: 'import', line: 2, column: 22 }],
      },
      {
        // Comments between the directive and the statement leave it under the directive.
        code: "// @ts-ignore\n/* the SDK's types are wrong */\nimport { A, b } from 'stripe';\nlet x: A = b();\nexport { x };",
        output: null,
        errors: [{ messageId: 'import', line: 3, column: 22 }],
      },
      {
        // A directive over an earlier statement does not reach the import.
        code: "// @ts-expect-error: not a number\nconst y: number = 'y';\nimport { A, b } from 'stripe';\nlet x: A = b(y);\nexport { x };",
        output:
          "// @ts-expect-error: not a number\nconst y: number = 'y';\nimport type { A } from 'stripe';\nimport { b } from 'stripe';\nlet x: A = b(y);\nexport { x };",
        errors: [{ messageId: 'usedAtLoad', line: 3, column: 22 }],
      },
      {
        // The function runs at start-up anyway: loading inside it would only reorder start-up.
        code: "import { a } from 'stripe';\nasync function main() { return a(); }\nawait main();",
        output: null,
        options: AUTOFIX,
        errors: [{ messageId: 'import', line: 1, column: 19 }],
      },
      {
        // `.cts` compiles the import to `require()`; `await import()` would load it differently.
        code: "import { run } from 'stripe';\nexport async function f() { return run(); }",
        filename: 'billing.cts',
        output: null,
        options: AUTOFIX,
        errors: [{ messageId: 'import', line: 1, column: 21 }],
      },
      {
        // `.mts` has no `require` for `import x = require()` to become.
        code: "import x = require('stripe');\nexport function f() { return x.run(); }",
        filename: 'billing.mts',
        output: null,
        options: AUTOFIX,
        errors: [{ messageId: 'importEquals', line: 1, column: 20 }],
      },
    ],
  );
  run(
    [espreeRuleTester],
    [
      {
        // checkJs reads JSDoc types: `{A}` needs the import to stay.
        code: "import { A } from 'stripe';\n/** @param {A} x */\nexport function use(x) { return x; }\nexport async function make() { return A.make(); }",
        output: null,
        options: AUTOFIX,
        errors: [{ messageId: 'import', line: 1, column: 19 }],
      },
    ],
  );
});
