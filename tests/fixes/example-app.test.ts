import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, copyApp, fixApp, HEAVY, heavyLoaded, lintChains, ROOT } from '../../scripts/example-app.js';

// The example billing CLI, converted with `eslint --fix` and `autofix: true` through the ESLint
// class and the built plugin (dist/), as a user converts a repository, then built and run.

/** Every command of the app, with the inputs its README uses, and mistakes it must report the same way. */
const COMMANDS: readonly { readonly args: readonly string[]; readonly env?: Record<string, string> }[] = [
  { args: ['--help'] },
  { args: ['upload-invoice', 'samples/INV-2024-0042.pdf'] },
  { args: ['upload-invoice', 'samples/INV-2024-0042.pdf', '--bucket', 'archive'] },
  { args: ['charge', 'cus_ContosoLtd', '499'] },
  { args: ['charge', 'cus_ContosoLtd', '42.50', '--currency', 'usd'] },
  { args: ['charge'] },
  { args: ['summarize', 'samples/invoices.csv'] },
  { args: ['quote', 'team', '--seats', '60'] },
  { args: ['quote', 'team', '--seats', '12'], env: { BILLING_PRICE_DRAFT: 'samples/price-draft.ts' } },
  { args: ['quote', 'unknown'] },
  { args: ['check-config'] },
  { args: ['check-config', 'missing.jsonc'] },
  { args: ['charge', '--help'] },
  { args: ['nonsense'] },
];

/** Messages that say which use keeps a module from being loaded lazily. */
const BLOCKED = new Set(['usedAtLoad', 'usedInSyncFunction', 'usedInParameter', 'usedInField']);

function heavyName(entry: (typeof HEAVY)[number]): string {
  return typeof entry === 'string' ? entry : entry.name;
}

// An SDK warns on stderr when it loads on an old Node: loading it later, or not at all for a
// command that does not use it, is the point of the fix, so warnings are left out of the comparison.
const NODE_WARNING = /^\(node:\d+\) Warning: [\s\S]*?\(Use `node --trace-warnings \.\.\.` to show where the warning was created\)\n/gm;

function run(dir: string, args: readonly string[], env: Record<string, string> = {}): string {
  const result = spawnSync(process.execPath, [path.join(dir, 'dist', 'cli.js'), ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return `exit ${result.status}\n--- stdout\n${result.stdout}--- stderr\n${result.stderr.replaceAll(NODE_WARNING, '')}`;
}

describe('eslint --fix with autofix: true on the example app', () => {
  let root: string;
  let before: string;
  let after: string;
  let results: ESLint.LintResult[];
  let afterTypeChecks: boolean;

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'lazy-imports-example-'));
    before = path.join(root, 'before');
    after = path.join(root, 'after');
    for (const dir of [before, after]) {
      copyApp(dir);
      // The copies resolve the SDKs the repository installed.
      symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    }
    buildApp(before, { quiet: true });
    results = await fixApp(after);
    afterTypeChecks = buildApp(after, { allowTypeErrors: true, quiet: true });
  }, 300_000);

  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('still type-checks', () => {
    expect(afterTypeChecks).toBe(true);
  });

  it('leaves nothing the fix could take: every remaining load is one ESLint cannot fix', () => {
    const fixable = results.flatMap((result) => result.messages.filter((message) => message.fix));
    expect(fixable).toEqual([]);
    expect(results.flatMap((result) => result.messages.filter((message) => message.fatal))).toEqual([]);
  });

  it('leaves no chain from billing\'s entry to a heavy SDK through the app\'s own modules', async () => {
    const chains = (await lintChains(after)).flatMap((result) =>
      result.messages.map((message) => `${path.relative(after, result.filePath)}:${message.line} ${message.message}`),
    );
    expect(chains).toEqual([]);
  }, 60_000);

  it('quotes from the price draft BILLING_PRICE_DRAFT names after the fix too', () => {
    const args = ['quote', 'team', '--seats', '12'];
    const published = run(after, args);
    const drafted = run(after, args, { BILLING_PRICE_DRAFT: 'samples/price-draft.ts' });
    // The draft makes extra team seats cheaper: 2 × 10.00 EUR instead of 2 × 12.00 EUR.
    expect(published).toContain('2 extra seats                 24.00 EUR');
    expect(drafted).toContain('2 extra seats                 20.00 EUR');
  }, 60_000);

  it.each(COMMANDS.map((command) => [command.args.join(' '), command] as const))(
    'prints the same as before: billing %s',
    (_, { args, env }) => {
      expect(run(after, args, env)).toBe(run(before, args, env));
    },
    60_000,
  );

  it('no longer loads the heavy SDKs at start-up', async () => {
    const loadedBefore = await heavyLoaded({ name: 'before', dir: before }, ['--help']);
    const loadedAfter = await heavyLoaded({ name: 'after', dir: after }, ['--help']);
    // As written, `billing --help` loads every SDK; after the fix, none.
    expect([...loadedBefore.heavy.keys()].sort()).toEqual(HEAVY.map(heavyName).sort());
    const blocked = results.flatMap((result) =>
      result.messages
        .filter((message) => message.messageId !== undefined && BLOCKED.has(message.messageId))
        .map((message) => `${path.relative(after, result.filePath)}:${message.line} ${message.message}`),
    );
    expect({ loaded: [...loadedAfter.heavy.keys()], blocked }).toEqual({ loaded: [], blocked: [] });
  }, 120_000);
});
