import path from 'node:path';
import { expect, it } from 'vitest';
// The example app's own lint setup: the built plugin through ESLint's `ESLint` class.
import { APP, lint } from '../../scripts/example-app.js';

interface Report {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly mentions: string;
}

// Every module-level load of a heavy SDK in the example, and nothing it loads lazily: the
// `await import()` in check-config, the `require()` inside archiveEvent, `typeof import()`.
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
  { file: 'src/pricing.ts', line: 37, column: 69, mentions: "heavy 'typescript'" },
];

it('reports every module-level load of a heavy SDK in the example app, and only those', { timeout: 120_000 }, async () => {
  const results = await lint(APP);
  const reports = results.flatMap((result) =>
    result.messages.map((message) => ({
      file: path.relative(APP, result.filePath).split(path.sep).join('/'),
      line: message.line,
      column: message.column,
      ruleId: message.ruleId,
      message: message.message,
    })),
  );
  expect(reports.map(({ file, line, column }) => ({ file, line, column }))).toEqual(
    EXPECTED.map(({ file, line, column }) => ({ file, line, column })),
  );
  for (const [index, report] of reports.entries()) {
    expect(report.ruleId).toBe('lazy-imports/banned-module-level-imports');
    expect(report.message).toContain(EXPECTED[index]?.mentions);
  }
});
