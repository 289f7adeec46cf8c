import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

function runJson(script: string, ...extra: string[]): unknown {
  const output = execFileSync(process.execPath, [script, '--smoke', '--json', ...extra], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(output);
}

// One iteration of each benchmark, so they cannot rot; times are printed, never asserted.
describe('benchmark smoke runs', () => {
  it('bench:lint lints both corpora with both rules and reports ratios', { timeout: 300_000 }, () => {
    const report = runJson('bench/lint.js') as {
      corpora: Record<
        string,
        {
          files: number;
          scenarios: Record<string, { ratio: number; findings: { ours: number; restricted: number }; unparsed: number }>;
        }
      >;
    };
    expect(Object.keys(report.corpora)).toEqual(['packages', 'monorepo']);
    for (const corpus of Object.values(report.corpora)) {
      // The smoke run lints a tenth of each corpus: 3,000 monorepo sources give 300.
      expect(corpus.files).toBeGreaterThan(100);
      expect(Object.keys(corpus.scenarios)).toEqual(['typical', 'hot']);
      for (const scenario of Object.values(corpus.scenarios)) {
        expect(scenario.unparsed).toBe(0);
        expect(Number.isFinite(scenario.ratio)).toBe(true);
      }
      expect(corpus.scenarios.hot?.findings.ours).toBeGreaterThan(0);
      expect(corpus.scenarios.hot?.findings.restricted).toBeGreaterThan(0);
    }
  });

  it('bench:lint --corpus measures that corpus alone', { timeout: 300_000 }, () => {
    const report = runJson('bench/lint.js', '--corpus', 'packages') as { corpora: Record<string, unknown> };
    expect(Object.keys(report.corpora)).toEqual(['packages']);
  });

  it('bench:lint times the chain rule beside no-restricted-imports and no-cycle, on one and two threads', { timeout: 600_000 }, () => {
    interface Summary {
      threads: number;
      chainsMs: number;
      restrictedMs: number;
      share: number;
      ratio: number;
      findings: Record<string, number>;
      unparsed: number;
    }
    const report = runJson('bench/chains.js') as {
      files: number;
      single: Summary;
      concurrent: Summary;
      anchor: { cycleMs: number; chainsMs: number; findings: Record<string, number> };
    };
    expect(report.files).toBeGreaterThan(300);
    expect([report.single.threads, report.concurrent.threads]).toEqual([1, 2]);
    for (const summary of [report.single, report.concurrent]) {
      expect(summary.unparsed).toBe(0);
      // Each rule ran: ESLint timed it.
      expect(summary.chainsMs).toBeGreaterThan(0);
      expect(summary.restrictedMs).toBeGreaterThan(0);
      expect(Number.isFinite(summary.share) && Number.isFinite(summary.ratio)).toBe(true);
    }
    // Both thread counts find the same: the graph is complete in each worker.
    expect(report.concurrent.findings).toEqual(report.single.findings);
    expect(report.anchor.findings['lazy-imports/banned-import-chains']).toBe(report.single.findings['lazy-imports/banned-import-chains']);
    expect(report.anchor.cycleMs).toBeGreaterThan(0);
  });

  it('bench:import times the plugin beside an empty module, @typescript-eslint/types and two plugins', { timeout: 120_000 }, () => {
    const report = runJson('bench/import.js') as { runs: number; imports: { name: string; wallMs: number; cpuMs: number; target: boolean }[] };
    expect(report.runs).toBe(1);
    expect(report.imports.filter((row) => row.target).map((row) => row.name)).toEqual([
      'eslint-plugin-lazy-imports',
      'eslint-plugin-lazy-imports, ESLint loaded',
    ]);
    for (const row of report.imports) expect(row.wallMs > 0 && row.cpuMs >= 0).toBe(true);
  });

  it('bench:startup times the example as written, after --fix and at the floor', { timeout: 600_000 }, () => {
    const report = runJson('bench/startup.js') as {
      afterTypeChecks: boolean;
      heavyLoadedByHelp: Record<string, string[]>;
      commands: { command: string; ms: Record<string, number>; sameOutput: boolean }[];
    };
    expect(report.commands.map((row) => row.command)).toEqual(['billing --help', 'billing quote team --seats 12']);
    for (const row of report.commands) {
      expect(Object.keys(row.ms)).toEqual(['as written', 'after --fix', 'floor']);
      expect(row.sameOutput).toBe(true);
    }
    expect(report.afterTypeChecks).toBe(true);
    expect(report.heavyLoadedByHelp['as written']).toEqual(['@anthropic-ai/sdk', '@aws-sdk/*', 'stripe', 'typescript']);
    expect(report.heavyLoadedByHelp.floor).toEqual([]);
  });

  it('bench:trace-price prices each real package with trace, cost and the first line', { timeout: 600_000 }, () => {
    const rows = runJson('bench/trace-price.js') as { node: string; package: string; traceMs: number; costMs: number; accountedMs: number }[];
    expect(rows.map((row) => row.package)).toEqual(['@anthropic-ai/sdk', 'stripe', '@aws-sdk/client-s3', 'typescript']);
    for (const row of rows) {
      expect(row.node).toBe(process.version);
      expect(row.traceMs).toBeGreaterThan(0);
      expect(row.costMs).toBeGreaterThan(0);
      expect(row.accountedMs).toBeGreaterThanOrEqual(row.traceMs);
    }
  });
});
