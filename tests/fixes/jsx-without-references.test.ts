import { Linter } from 'eslint';
import * as eslintScope from 'eslint-scope';
import * as espree from 'espree';
import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/banned-module-level-imports.js';
import { heavySettings } from '../rule-tester.js';

// ESLint before 10 records no references for JSX: with espree, `<Chart />` is not a use of
// `Chart` in the scope analysis. A parser that analyses scopes that way stands in for it here.
const parserWithoutJsxReferences: Linter.Parser = {
  parseForESLint(code: string) {
    const ast = espree.parse(code, {
      ecmaVersion: 'latest',
      sourceType: 'module',
      ecmaFeatures: { jsx: true },
      range: true,
      loc: true,
      tokens: true,
      comment: true,
    });
    const scopeManager = eslintScope.analyze(ast as Parameters<typeof eslintScope.analyze>[0], {
      ecmaVersion: 2022,
      sourceType: 'module',
      jsx: false,
    });
    return { ast, scopeManager, visitorKeys: espree.VisitorKeys } as unknown as Linter.ESLintParseResult;
  },
};

function lint(code: string): Linter.LintMessage[] {
  return new Linter({ configType: 'flat' }).verify(
    code,
    {
      files: ['**/*.jsx'],
      plugins: { 'lazy-imports': { rules: { 'banned-module-level-imports': rule as never } } },
      rules: { 'lazy-imports/banned-module-level-imports': ['error', { autofix: true }] },
      languageOptions: { parser: parserWithoutJsxReferences },
      settings: heavySettings,
    },
    'view.jsx',
  );
}

describe('JSX the scope analysis does not see', () => {
  it('is a use: no lazy form moves the import away from it', () => {
    const [message, ...others] = lint(
      "import { Chart } from 'stripe';\nexport async function version() { return Chart.version; }\nexport const view = <Chart />;\n",
    );
    expect(others).toEqual([]);
    expect(message?.messageId).toBe('import');
    expect(message?.fix).toBeUndefined();
    expect(message?.suggestions ?? []).toEqual([]);
  });

  it('is a use even when it is the only one', () => {
    const [message] = lint("import { Chart } from 'stripe';\nexport async function render() { return <Chart />; }\n");
    expect(message?.fix).toBeUndefined();
    expect(message?.suggestions ?? []).toEqual([]);
  });
});
