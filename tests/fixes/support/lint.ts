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

/**
 * How the stubs are made heavy: named in the heavy list, or as the optional peer
 * dependencies of the linted file's package (tests/fixtures/optional-stubs).
 */
export type Setup = 'heavy' | 'optional';

/** The package whose manifest declares every stub an optional peer, and where its files are linted. */
export const OPTIONAL_STUBS_OWNER = '@acme/optional-stubs';
const OPTIONAL_DIR = 'tests/fixtures/optional-stubs/';

const SETTINGS: Record<Setup, Record<string, unknown>> = {
  heavy: { 'lazy-imports': { heavy: HEAVY } },
  optional: { 'lazy-imports': { optionalDependencies: true } },
};

const linter = new Linter({ configType: 'flat' });

function config(format: Format, options: FixRuleOptions, setup: Setup): Linter.Config[] {
  const ts = format.endsWith('-ts');
  return [
    {
      files: ['**/*.ts', '**/*.cts', '**/*.mjs', '**/*.cjs'],
      plugins: { 'lazy-imports': { rules: { 'banned-module-level-imports': rule as never } } },
      settings: SETTINGS[setup],
      rules: { 'lazy-imports/banned-module-level-imports': ['error', options] },
      languageOptions: {
        ecmaVersion: 'latest',
        sourceType: format === 'cjs-js' ? 'commonjs' : 'module',
        ...(ts ? { parser: tsParser as Linter.Parser } : {}),
      },
    },
  ];
}

function filenameOf(format: Format, setup: Setup): string {
  return setup === 'optional' ? OPTIONAL_DIR + FILENAMES[format] : FILENAMES[format];
}

/** The rule's messages for `code`; a parse error comes back as a fatal message. */
export function lint(code: string, format: Format, options: FixRuleOptions = {}, setup: Setup = 'heavy'): Linter.LintMessage[] {
  return linter.verify(code, config(format, options, setup), filenameOf(format, setup));
}

/** `code` after `eslint --fix` with the rule (all passes), and how many passes applied fixes. */
export function fixAll(
  code: string,
  format: Format,
  options: FixRuleOptions = {},
  setup: Setup = 'heavy',
): Linter.FixReport & { passes: number } {
  // `stats` (not in the option types) makes the linter count its fix passes.
  const fixOptions: Linter.FixOptions & { stats: boolean } = { filename: filenameOf(format, setup), stats: true };
  const report = linter.verifyAndFix(code, config(format, options, setup), fixOptions);
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

/** Specifiers that `code` loads when it is evaluated, and those it loads only later (inside functions). */
function loadsOf(code: string, format: Format): { atStartup: Set<string>; later: Set<string> } {
  const program = (
    format.endsWith('-ts')
      ? tsParser.parse(code, { range: true, loc: true, sourceType: 'module' })
      : espree.parse(code, { range: true, loc: true, ecmaVersion: 'latest', sourceType: format === 'cjs-js' ? 'commonjs' : 'module' })
  ) as TSESTree.Program;
  const loads = collectModuleLoads(program);
  return {
    atStartup: new Set(loads.filter((load) => load.atLoad).map((load) => load.specifier)),
    later: new Set(loads.filter((load) => !load.atLoad).map((load) => load.specifier)),
  };
}

/** Specifiers that `code` still loads when it is evaluated (by the plugin's own module-load analysis). */
export function specifiersLoadedAtStartup(code: string, format: Format): Set<string> {
  return loadsOf(code, format).atStartup;
}

/** Specifiers that `code` loads inside functions, where they run later. */
export function specifiersLoadedLater(code: string, format: Format): Set<string> {
  return loadsOf(code, format).later;
}
