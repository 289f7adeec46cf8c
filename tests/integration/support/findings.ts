import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { eslint, fixtureProject } from './package.js';
import { sharedDirectory, touch } from './shared.js';
import { eslintProjectPackages, VERSIONS } from './versions.js';

/** The rule every door is checked with. */
export const RULE = 'lazy-imports/banned-module-level-imports';

/** One problem as a user reads it, whichever tool printed it. */
export interface Finding {
  /** Relative to the project, with forward slashes. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly ruleId: string | null;
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

interface ExpectedFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** What the message must name: the import and the heavy entry it matched, and the reason. */
  readonly mentions: readonly string[];
}

/**
 * Every module-level load of a heavy entry in the fixture project, and nothing else: not the
 * `await import()` inside functions, the `require()` inside a function, `import type`,
 * `export type`, the vendor module that `allowIn` permits, or the builtin `node:fs/promises`.
 */
export const EXPECTED_FINDINGS: readonly ExpectedFinding[] = [
  { file: 'src/billing.ts', line: 1, column: 20, mentions: ["heavy 'stripe'"] },
  { file: 'src/charge.js', line: 1, column: 20, mentions: ["heavy 'stripe'"] },
  { file: 'src/cli.ts', line: 2, column: 20, mentions: ["heavy 'stripe'"] },
  { file: 'src/cli.ts', line: 3, column: 54, mentions: ["'@aws-sdk/client-s3'", "'@aws-sdk/*'"] },
  { file: 'src/cli.ts', line: 4, column: 31, mentions: ["'googleapis'", 'adds ~650 ms to start-up', 'import type'] },
  { file: 'src/cli.ts', line: 5, column: 27, mentions: ["'./vendors/openai/client.js'", "heavy 'openai'"] },
  { file: 'src/index.ts', line: 1, column: 26, mentions: ["'@aws-sdk/client-s3'", "'@aws-sdk/*'"] },
  { file: 'src/index.ts', line: 2, column: 27, mentions: ["heavy 'stripe'"] },
  { file: 'src/legacy.cjs', line: 3, column: 30, mentions: ["'@aws-sdk/client-s3'", "'@aws-sdk/*'"] },
  { file: 'src/legacy.cjs', line: 6, column: 11, mentions: ["heavy 'stripe'"] },
  { file: 'src/worker.js', line: 1, column: 27, mentions: ["'@aws-sdk/client-sqs'", "'@aws-sdk/*'"] },
  { file: 'src/worker.js', line: 10, column: 14, mentions: ["'googleapis'", 'adds ~650 ms to start-up'] },
];

function byPosition(a: Finding, b: Finding): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
}

function posix(file: string): string {
  return file.split(path.sep).join('/');
}

interface EslintJsonResult {
  readonly filePath: string;
  readonly messages: readonly {
    readonly ruleId: string | null;
    readonly severity: number;
    readonly message: string;
    readonly line: number;
    readonly column: number;
  }[];
}

/** Reads `eslint --format json` output. */
export function fromEslintJson(stdout: string, project: string): Finding[] {
  const results = JSON.parse(stdout) as EslintJsonResult[];
  return results
    .flatMap((result) =>
      result.messages.map((message) => ({
        file: posix(path.relative(project, result.filePath)),
        line: message.line,
        column: message.column,
        ruleId: message.ruleId,
        severity: message.severity === 2 ? ('error' as const) : ('warning' as const),
        message: message.message,
      })),
    )
    .sort(byPosition);
}

interface OxlintJson {
  readonly diagnostics: readonly {
    readonly message: string;
    readonly code: string;
    readonly severity: string;
    readonly filename: string;
    readonly labels: readonly { readonly span: { readonly line: number; readonly column: number } }[];
  }[];
}

/** Reads `oxlint --format json` output; `plugin(rule)` codes become ESLint's `plugin/rule`. */
export function fromOxlintJson(stdout: string): Finding[] {
  const { diagnostics } = JSON.parse(stdout) as OxlintJson;
  return diagnostics
    .map((diagnostic) => ({
      file: posix(diagnostic.filename),
      line: diagnostic.labels[0]?.span.line ?? 0,
      column: diagnostic.labels[0]?.span.column ?? 0,
      ruleId: diagnostic.code.replace(/^(.+)\((.+)\)$/, '$1/$2'),
      severity: diagnostic.severity === 'error' ? ('error' as const) : ('warning' as const),
      message: diagnostic.message,
    }))
    .sort(byPosition);
}

/** Asserts the findings are exactly the expected ones, each message naming what it should. */
export function expectFixtureFindings(findings: readonly Finding[], severity: Finding['severity'] = 'error'): void {
  expect(findings.map(({ file, line, column, ruleId, severity: level }) => ({ file, line, column, ruleId, severity: level }))).toEqual(
    EXPECTED_FINDINGS.map(({ file, line, column }) => ({ file, line, column, ruleId: RULE, severity })),
  );
  findings.forEach((finding, index) => {
    for (const mention of EXPECTED_FINDINGS[index]?.mentions ?? []) expect(finding.message).toContain(mention);
    expect(finding.message).toMatch(/\.$/);
  });
}

/** The project every ESLint 10 check uses. */
export function eslint10Project(): Promise<string> {
  return fixtureProject(eslintProjectPackages(VERSIONS.eslint10));
}

/**
 * What ESLint 10 reports on the fixture project, with full messages: the reference every
 * other door must reproduce exactly. Computed once for all test files.
 */
export async function referenceFindings(): Promise<Finding[]> {
  const project = await eslint10Project();
  const dir = await sharedDirectory(`${project}-reference`, async (target) => {
    const result = await eslint(project, ['--format', 'json', '.']);
    if (result.code !== 1) throw new Error(`eslint exited with ${String(result.code)}\n${result.stdout}\n${result.stderr}`);
    writeFileSync(path.join(target, 'findings.json'), JSON.stringify(fromEslintJson(result.stdout, project)));
  });
  touch(dir);
  return JSON.parse(readFileSync(path.join(dir, 'findings.json'), 'utf8')) as Finding[];
}
