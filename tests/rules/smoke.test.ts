import rule from '../../src/rules/banned-module-level-imports.js';
import { espreeRuleTester, heavySettings, tsRuleTester } from '../rule-tester.js';

for (const tester of [tsRuleTester, espreeRuleTester]) {
  tester.run('banned-module-level-imports', rule, {
    valid: [{ code: "async function f() { await import('stripe'); }", settings: heavySettings }],
    invalid: [
      {
        code: "import Stripe from 'stripe';",
        settings: heavySettings,
        errors: [{ messageId: 'import', line: 1, column: 20 }],
      },
    ],
  });
}
