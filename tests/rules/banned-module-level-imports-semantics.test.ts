import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import { describe } from 'vitest';
import rule, { type MessageIds, type Options } from '../../src/rules/banned-module-level-imports.js';
import { espreeRuleTester, heavySettings, tsRuleTester } from '../rule-tester.js';

type Valid = ValidTestCase<Options>;
type Invalid = InvalidTestCase<MessageIds, Options>;

const STRIPE = { what: "heavy 'stripe'" };

/** The shared heavy list, with the compile semantics set by the setting. */
function settingsWith(verbatimModuleSyntax: boolean) {
  return { 'lazy-imports': { ...heavySettings['lazy-imports'], verbatimModuleSyntax } };
}

const ELIDED_DIR = 'tests/fixtures/compile-semantics/elided';
const KEPT_DIR = 'tests/fixtures/compile-semantics/kept';

/** Imports that an eliding build removes: each loads `stripe` only where imports are kept. */
const typeOnlyImports: readonly { code: string; fixed: string; messageId: MessageIds; column: number }[] = [
  {
    code: "import { type Stripe } from 'stripe';\nexport let client: Stripe;",
    fixed: "import type { Stripe } from 'stripe';\nexport let client: Stripe;",
    messageId: 'inlineTypeImport',
    column: 29,
  },
  {
    code: "import Stripe from 'stripe';\nexport function pay(client: Stripe): void {}",
    fixed: "import type Stripe from 'stripe';\nexport function pay(client: Stripe): void {}",
    messageId: 'typeOnlyImport',
    column: 20,
  },
  {
    code: "import { Stripe } from 'stripe';\nexport class Billing implements Stripe {}",
    fixed: "import type { Stripe } from 'stripe';\nexport class Billing implements Stripe {}",
    messageId: 'typeOnlyImport',
    column: 24,
  },
  {
    code: "export { type Stripe } from 'stripe';",
    fixed: "export type { Stripe } from 'stripe';",
    messageId: 'inlineTypeImport',
    column: 29,
  },
  {
    code: "import Stripe = require('stripe');\nexport let client: Stripe.Customer;",
    fixed: "import type Stripe = require('stripe');\nexport let client: Stripe.Customer;",
    messageId: 'typeOnlyImport',
    column: 25,
  },
];

describe('elided: the setting says the build removes imports that no value uses', () => {
  const settings = settingsWith(false);
  const valid: Valid[] = [
    ...typeOnlyImports.map(({ code }) => ({ code, settings })),
    // Unused, or used only by a parameter of the same name.
    { code: "import { Stripe } from 'stripe';", settings },
    { code: "import { Stripe } from 'stripe';\nexport function f(Stripe: number) { return Stripe; }", settings },
    { code: "import * as stripe from 'stripe';\nexport type Client = stripe.Stripe;", settings },
    { code: "import { type Stripe, type Customer } from 'stripe';\nexport type Both = [Stripe, Customer];", settings },
  ];
  const invalid: Invalid[] = [
    { code: "import 'stripe';", settings, errors: [{ messageId: 'import', data: STRIPE, line: 1, column: 8 }], output: null },
    {
      code: "import {} from 'stripe';",
      settings,
      errors: [{ messageId: 'import', data: STRIPE, line: 1, column: 16 }],
      output: null,
    },
    {
      code: "import Stripe from 'stripe';\nexport const client = new Stripe();",
      settings,
      errors: [{ messageId: 'usedAtLoad', line: 1, column: 20 }],
      output: null,
    },
    {
      // A value use keeps the import, and the type-only part still splits off.
      code: "import { type Customer, Stripe } from 'stripe';\nexport const client: Customer = new Stripe();",
      settings,
      errors: [{ messageId: 'usedAtLoad', line: 1, column: 39 }],
      output: "import type { Customer } from 'stripe';\nimport { Stripe } from 'stripe';\nexport const client: Customer = new Stripe();",
    },
    {
      // Without type information, a re-exported name may be a value.
      code: "export { Stripe } from 'stripe';",
      settings,
      errors: [{ messageId: 'reExport', data: STRIPE, line: 1, column: 24 }],
      output: null,
    },
    {
      code: "import Stripe from 'stripe';\nexport default Stripe;",
      settings,
      errors: [{ messageId: 'usedAtLoad', line: 1, column: 20 }],
      output: null,
    },
    {
      // JSX calls its factory without naming it.
      code: "/** @jsx Stripe */\nimport { Stripe } from 'stripe';\nexport const view = () => <div />;",
      filename: 'view.tsx',
      settings,
      errors: [{ messageId: 'import', data: STRIPE, line: 2, column: 24 }],
      output: null,
    },
    {
      code: "/** @jsxFrag Fragment */\nimport { Fragment } from 'stripe';\nexport const view = () => <></>;",
      filename: 'view.tsx',
      settings,
      errors: [{ messageId: 'import', data: STRIPE, line: 2, column: 26 }],
      output: null,
    },
  ];
  tsRuleTester.run('banned-module-level-imports', rule, { valid, invalid });
});

describe('kept: the setting, or a tsconfig with verbatimModuleSyntax', () => {
  const invalidIn = (extra: Partial<Invalid>): Invalid[] =>
    typeOnlyImports.map(({ code, fixed, messageId, column }) => ({
      code,
      settings: heavySettings,
      ...extra,
      errors: [{ messageId, data: STRIPE, line: 1, column }],
      output: fixed,
    }));
  tsRuleTester.run('banned-module-level-imports', rule, {
    valid: [],
    invalid: [
      ...invalidIn({ settings: settingsWith(true) }),
      ...invalidIn({ filename: `${KEPT_DIR}/src/billing.ts` }),
      // The setting wins over the tsconfig.
      ...invalidIn({ filename: `${ELIDED_DIR}/src/billing.ts`, settings: settingsWith(true) }),
      // A JSX factory is a value the scope manager never sees used: no `import type`, no lazy form.
      {
        code: "/** @jsx h */\nimport { h, type Props } from 'stripe';\nexport const view = (props: Props) => <div {...props} />;",
        filename: 'view.tsx',
        settings: settingsWith(true),
        errors: [{ messageId: 'import', data: STRIPE, line: 2, column: 31, suggestions: [] }],
        output: null,
      },
    ],
  });
});

describe('the nearest tsconfig decides when the setting is left out', () => {
  tsRuleTester.run('banned-module-level-imports', rule, {
    valid: [
      ...typeOnlyImports.map(({ code }) => ({ code, filename: `${ELIDED_DIR}/src/billing.ts`, settings: heavySettings })),
      ...typeOnlyImports.map(({ code }) => ({ code, filename: `${KEPT_DIR}/src/billing.ts`, settings: settingsWith(false) })),
    ],
    invalid: [],
  });
});

describe('the JSX factory of the tsconfig is a value use', () => {
  tsRuleTester.run('banned-module-level-imports', rule, {
    valid: [
      {
        code: "import { h, type Props } from 'stripe';\nexport const view = (props: Props) => props;",
        filename: 'tests/fixtures/compile-semantics/preact/src/view.tsx',
        settings: heavySettings,
      },
    ],
    invalid: [
      {
        code: "import { h } from 'stripe';\nexport const view = () => <div />;",
        filename: 'tests/fixtures/compile-semantics/preact/src/view.tsx',
        settings: heavySettings,
        errors: [{ messageId: 'import', data: STRIPE, line: 1, column: 19 }],
        output: null,
      },
    ],
  });
});

describe('JavaScript files are always kept', () => {
  for (const tester of [tsRuleTester, espreeRuleTester]) {
    tester.run('banned-module-level-imports', rule, {
      valid: [],
      invalid: [
        {
          code: "import { Stripe } from 'stripe';",
          filename: `${ELIDED_DIR}/src/billing.js`,
          settings: settingsWith(false),
          errors: [{ messageId: 'import', data: STRIPE, line: 1, column: 24 }],
          output: null,
        },
      ],
    });
  }
});
