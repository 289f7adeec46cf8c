import { RuleTester } from '@typescript-eslint/rule-tester';
import * as espree from 'espree';
import { afterAll, describe, it } from 'vitest';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/** Runs cases under typescript-eslint's parser (TypeScript and JavaScript syntax). */
export const tsRuleTester = new RuleTester({
  languageOptions: { parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
});

/** Runs cases under ESLint's default parser, as ES modules. */
export const espreeRuleTester = new RuleTester({
  languageOptions: { parser: espree, ecmaVersion: 'latest', sourceType: 'module' },
});

/** Runs cases under ESLint's default parser, as CommonJS scripts. */
export const espreeCommonjsRuleTester = new RuleTester({
  // typescript-eslint's tester sets `parserOptions.sourceType: 'module'` unless told otherwise.
  languageOptions: {
    parser: espree,
    ecmaVersion: 'latest',
    sourceType: 'commonjs',
    parserOptions: { sourceType: 'commonjs' },
  },
});

/** Settings that make `stripe`, `@aws-sdk/*` and the rest heavy, shared by rule tests. */
export const heavySettings = {
  'lazy-imports': {
    heavy: [
      'stripe',
      '@aws-sdk/*',
      'lodash/fp',
      'fs',
      { name: 'googleapis', reason: 'adds ~650 ms to start-up' },
    ],
  },
};
