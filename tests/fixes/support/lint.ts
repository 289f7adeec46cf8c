import * as tsParser from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/types';
import { Linter } from 'eslint';
import * as espree from 'espree';
import { collectModuleLoads } from '../../../src/analysis/module-loads.js';
import rule from '../../../src/rules/banned-module-level-imports.js';
import type { Format } from './generate.js';
import { ALL_STUBS } from './heavy-stubs.js';

/** Options of banned-module-level-imports besides the heavy list. */
export interface FixRuleOptions {
  readonly autofix?: boolean;
  readonly style?: 'dynamic-import' | 'import-defer';
}

const HEAVY = ALL_STUBS.map((stub) => stub.specifier);

const FILENAMES: Record<Format, string> = {
  'esm-ts': 'case.ts',
  'cjs-ts': 'case.cts',
  'esm-js': 'case.mjs',
  'cjs-js': 'case.cjs',
};

const linter = new Linter({ configType: 'flat' });

function config(format: Format, options: FixRuleOptions): Linter.Config[] {
  const ts = format.endsWith('-ts');
  return [
    {
      files: ['**/*.ts', '**/*.cts', '**/*.mjs', '**/*.cjs'],
      plugins: { 'lazy-imports': { rules: { 'banned-module-level-imports': rule as never } } },
      settings: { 'lazy-imports': { heavy: HEAVY } },
      rules: { 'lazy-imports/banned-module-level-imports': ['error', options] },
      languageOptions: {
        ecmaVersion: 'latest',
        sourceType: format === 'cjs-js' ? 'commonjs' : 'module',
        ...(ts ? { parser: tsParser as Linter.Parser } : {}),
      },
    },
  ];
}

/** The rule's messages for `code`; a parse error comes back as a fatal message. */
export function lint(code: string, format: Format, options: FixRuleOptions = {}): Linter.LintMessage[] {
  return linter.verify(code, config(format, options), FILENAMES[format]);
}

/** `code` after `eslint --fix` with the rule (all passes), and how many passes applied fixes. */
export function fixAll(code: string, format: Format, options: FixRuleOptions = {}): Linter.FixReport & { passes: number } {
  // `stats` (not in the option types) makes the linter count its fix passes.
  const fixOptions: Linter.FixOptions & { stats: boolean } = { filename: FILENAMES[format], stats: true };
  const report = linter.verifyAndFix(code, config(format, options), fixOptions);
  return { ...report, passes: linter.getFixPassCount() };
}

/** `code` with one suggestion applied, as an editor applies it. */
export function applySuggestion(code: string, suggestion: Linter.LintSuggestion): string {
  const [start, end] = suggestion.fix.range;
  return code.slice(0, start) + suggestion.fix.text + code.slice(end);
}

/** The message of a parse error in `code`, or `undefined` when it parses. */
export function parseError(code: string, format: Format, options: FixRuleOptions = {}): string | undefined {
  const fatal = lint(code, format, options).find((message) => message.fatal);
  return fatal && `${fatal.line}:${fatal.column} ${fatal.message}`;
}

/** The module specifier a report points at (reports sit on the string that names the module). */
export function reportedSpecifier(code: string, message: Linter.LintMessage): string {
  const lines = code.split('\n');
  const line = lines[message.line - 1] ?? '';
  const rest = line.slice(message.column - 1);
  const quote = rest.charAt(0);
  return rest.slice(1, rest.indexOf(quote, 1));
}

/** Specifiers that `code` still loads when it is evaluated (by the plugin's own module-load analysis). */
export function specifiersLoadedAtStartup(code: string, format: Format): Set<string> {
  const program = (
    format.endsWith('-ts')
      ? tsParser.parse(code, { range: true, loc: true, sourceType: 'module' })
      : espree.parse(code, { range: true, loc: true, ecmaVersion: 'latest', sourceType: format === 'cjs-js' ? 'commonjs' : 'module' })
  ) as TSESTree.Program;
  return new Set(collectModuleLoads(program).filter((load) => load.atLoad).map((load) => load.specifier));
}
