import path from 'node:path';
import type { ESLint } from 'eslint';
import { expect, it } from 'vitest';
// The example app's own lint setup: the built plugin through ESLint's `ESLint` class.
import { APP, CHAIN_RULE, lint, lintChains } from '../../scripts/example-app.js';

interface Report {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly mentions: string;
}

// Every module-level load of a heavy SDK in the example, and nothing it loads lazily: the
// `await import()` in check-config, the `require()` inside archiveEvent.
const EXPECTED: readonly Report[] = [
  { file: 'src/commands/charge.ts', line: 3, column: 20, mentions: "heavy 'stripe'" },
  { file: 'src/commands/check-config.ts', line: 2, column: 21, mentions: "heavy 'typescript'" },
  { file: 'src/commands/summarize.ts', line: 3, column: 23, mentions: "heavy '@anthropic-ai/sdk'" },
  { file: 'src/commands/summarize.ts', line: 4, column: 54, mentions: "heavy '@anthropic-ai/sdk/resources/messages'" },
  { file: 'src/commands/upload-invoice.ts', line: 4, column: 62, mentions: "heavy '@aws-sdk/client-s3'" },
  { file: 'src/commands/upload-invoice.ts', line: 7, column: 30, mentions: "'../storage.js' (loads heavy '@aws-sdk/*')" },
  { file: 'src/format.ts', line: 1, column: 20, mentions: "heavy 'stripe'" },
  { file: 'src/index.ts', line: 6, column: 35, mentions: "heavy 'stripe'" },
  { file: 'src/index.ts', line: 7, column: 15, mentions: "heavy '@aws-sdk/client-s3'" },
  { file: 'src/legacy/webhooks.cjs', line: 5, column: 24, mentions: "heavy 'stripe'" },
  { file: 'src/legacy/webhooks.cjs', line: 12, column: 32, mentions: "heavy '@aws-sdk/client-s3'" },
  { file: 'src/legacy/webhooks.cjs', line: 22, column: 28, mentions: "heavy '@anthropic-ai/sdk'" },
  { file: 'src/pricing.ts', line: 2, column: 16, mentions: "heavy 'typescript'" },
];

// Every start-up load of one of the app's own modules that reaches a heavy SDK, from billing's
// entry (src/cli.ts): the command table imports every command, and so every SDK.
const CHAINS: readonly Report[] = [
  { file: 'src/cli.ts', line: 2, column: 52, mentions: "'./commands/index.js' loads heavy 'stripe' at start-up: src/commands/index.ts → src/commands/charge.ts → stripe (and 3 more heavy packages)" },
  { file: 'src/commands/charge.ts', line: 5, column: 32, mentions: "'../format.js' loads heavy 'stripe' at start-up: src/format.ts → stripe." },
  { file: 'src/commands/index.ts', line: 1, column: 24, mentions: "'./charge.js' loads heavy 'stripe' at start-up: src/commands/charge.ts → stripe." },
  { file: 'src/commands/index.ts', line: 2, column: 29, mentions: "'./check-config.js' loads heavy 'typescript' at start-up: src/commands/check-config.ts → typescript." },
  { file: 'src/commands/index.ts', line: 4, column: 23, mentions: "'./quote.js' loads heavy 'stripe' at start-up: src/commands/quote.ts → src/format.ts → stripe (and 1 more heavy package)" },
  { file: 'src/commands/index.ts', line: 5, column: 27, mentions: "'./summarize.js' loads heavy '@anthropic-ai/sdk' at start-up: src/commands/summarize.ts → @anthropic-ai/sdk" },
  { file: 'src/commands/index.ts', line: 6, column: 31, mentions: "'./upload-invoice.js' loads heavy '@aws-sdk/client-s3' at start-up: src/commands/upload-invoice.ts → @aws-sdk/client-s3" },
  { file: 'src/commands/quote.ts', line: 3, column: 37, mentions: "'../format.js' loads heavy 'stripe' at start-up: src/format.ts → stripe." },
  { file: 'src/commands/quote.ts', line: 4, column: 32, mentions: "'../pricing.js' loads heavy 'typescript' at start-up: src/pricing.ts → typescript." },
  { file: 'src/commands/summarize.ts', line: 6, column: 37, mentions: "'../format.js' loads heavy 'stripe' at start-up: src/format.ts → stripe." },
  { file: 'src/commands/upload-invoice.ts', line: 6, column: 23, mentions: "'../format.js' loads heavy 'stripe' at start-up: src/format.ts → stripe." },
];

function reportsOf(results: readonly ESLint.LintResult[]) {
  return results.flatMap((result) =>
    result.messages.map((message) => ({
      file: path.relative(APP, result.filePath).split(path.sep).join('/'),
      line: message.line,
      column: message.column,
      ruleId: message.ruleId,
      message: message.message,
    })),
  );
}

it('reports every module-level load of a heavy SDK in the example app, and only those', { timeout: 120_000 }, async () => {
  const reports = reportsOf(await lint(APP));
  expect(reports.map(({ file, line, column }) => ({ file, line, column }))).toEqual(
    EXPECTED.map(({ file, line, column }) => ({ file, line, column })),
  );
  for (const [index, report] of reports.entries()) {
    expect(report.ruleId).toBe('lazy-imports/banned-module-level-imports');
    expect(report.message).toContain(EXPECTED[index]?.mentions);
  }
});

it('reports every chain from billing\'s entry to a heavy SDK through the app\'s own modules', { timeout: 120_000 }, async () => {
  const reports = reportsOf(await lintChains(APP));
  expect(reports.map(({ file, line, column }) => ({ file, line, column }))).toEqual(
    CHAINS.map(({ file, line, column }) => ({ file, line, column })),
  );
  for (const [index, report] of reports.entries()) {
    expect(report.ruleId).toBe(CHAIN_RULE);
    expect(report.message).toContain(CHAINS[index]?.mentions);
  }
});
