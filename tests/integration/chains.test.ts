// The chain rule through the packed package on a workspace monorepo (tests/fixtures/chains-monorepo):
// a command table that loads every command, barrels, a tsconfig `paths` alias from an extended
// config, a package `#imports` entry, workspace packages through `exports` (a build output mapped
// back to its source, a custom condition), CommonJS, an import cycle, `entries`, and commands
// loaded lazily under `configs.strict`, one of them for nothing. ESLint 10, 9 (flat) and 8 (.eslintrc), Node 22 and 24,
// oxlint's JS plugins, and the VS Code ESLint language server.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromEslintJson, fromOxlintJson, type Finding } from './support/findings.js';
import { EslintEditor, type Diagnostic } from './support/lsp.js';
import { eslint, fixtureProject, installedTool, REPO, scratchCopy } from './support/package.js';
import { run } from './support/run.js';
import { eslintProjectPackages, VERSIONS } from './support/versions.js';

/** The fixture project. */
const CHAINS_FIXTURE = path.join(REPO, 'tests/fixtures/chains-monorepo');

const DIRECT = 'lazy-imports/banned-module-level-imports';
const CHAINS = 'lazy-imports/banned-import-chains';
const TOPLEVEL = 'lazy-imports/import-outside-toplevel';
const INEFFECTIVE = 'lazy-imports/no-ineffective-lazy-imports';

interface Expected {
  readonly file: string;
  readonly line: number;
  readonly ruleId: string;
  /** The specifier reported; the finding is on its opening quote. */
  readonly specifier: string;
  /** What the message must say. */
  readonly mentions: readonly string[];
}

/**
 * With `entries: ['src/cli.ts', 'src/lazy-cli.ts']`. Not reported: the cycle's way back
 * (`src/plugins/b.ts` → `./a.js` reaches `pg` only through `b.ts` itself), the light subpath
 * `@acme/ui/button` next to its heavy barrel, the light `./version.js` in the command table,
 * `import type`, the heavy workspace package `@acme/analytics` by the chain rule (the direct rule
 * has it), the lazy loads of modules that reach heavy packages (`./commands/deploy.js`,
 * `./pay.cjs`), and `src/scripts/seed.ts`, which no entry loads. `src/lazy-cli.ts` loads its
 * commands lazily for a reason: it is a program of its own, which loads none of them at start-up.
 */
const EXPECTED: readonly Expected[] = [
  { file: 'packages/server/src/index.ts', line: 1, ruleId: DIRECT, specifier: 'express', mentions: ["heavy 'express'"] },
  { file: 'packages/ui/src/chart.ts', line: 1, ruleId: DIRECT, specifier: 'echarts', mentions: ["heavy 'echarts'"] },
  {
    file: 'packages/ui/src/index.ts',
    line: 3,
    ruleId: CHAINS,
    specifier: './chart.js',
    mentions: ["'./chart.js' loads heavy 'echarts' at start-up: packages/ui/src/chart.ts → echarts."],
  },
  {
    file: 'src/cli.ts',
    line: 2,
    ruleId: CHAINS,
    specifier: './commands/index.js',
    mentions: ["'./commands/index.js' loads heavy '", ': src/commands/index.ts → ', '(and 3 more heavy packages)'],
  },
  {
    file: 'src/cli.ts',
    line: 3,
    ruleId: CHAINS,
    specifier: './plugins/a.js',
    mentions: ["loads heavy 'pg' at start-up: src/plugins/a.ts → src/plugins/b.ts → src/db/client.js → pg", 'cycle of 2 modules'],
  },
  {
    file: 'src/cli.ts',
    line: 5,
    ruleId: DIRECT,
    specifier: '@acme/analytics',
    mentions: ["heavy '@acme/analytics'", 'it starts the telemetry client'],
  },
  {
    file: 'src/commands/billing.ts',
    line: 1,
    ruleId: CHAINS,
    specifier: '../legacy/billing.cjs',
    mentions: ["loads heavy 'stripe' at start-up: src/legacy/billing.cjs → src/legacy/pay.cjs → stripe."],
  },
  {
    file: 'src/commands/deploy.ts',
    line: 1,
    ruleId: CHAINS,
    specifier: '@acme/server',
    mentions: ["'@acme/server' loads heavy 'express' at start-up: packages/server/src/index.ts → express."],
  },
  {
    file: 'src/commands/index.ts',
    line: 2,
    ruleId: CHAINS,
    specifier: './deploy.js',
    mentions: ["loads heavy 'express' at start-up: src/commands/deploy.ts → packages/server/src/index.ts → express."],
  },
  {
    file: 'src/commands/index.ts',
    line: 3,
    ruleId: CHAINS,
    specifier: './report.js',
    mentions: ["loads heavy 'pdfkit' at start-up: src/commands/report.ts → src/render/pdf.ts → pdfkit (and 1 more heavy package)."],
  },
  {
    file: 'src/commands/index.ts',
    line: 5,
    ruleId: CHAINS,
    specifier: './billing.js',
    mentions: ["loads heavy 'stripe' at start-up: src/commands/billing.ts → src/legacy/billing.cjs → src/legacy/pay.cjs → stripe."],
  },
  {
    file: 'src/commands/report.ts',
    line: 1,
    ruleId: CHAINS,
    specifier: '@/render/pdf.js',
    mentions: ["'@/render/pdf.js' loads heavy 'pdfkit' at start-up: src/render/pdf.ts → pdfkit."],
  },
  {
    file: 'src/commands/report.ts',
    line: 2,
    ruleId: CHAINS,
    specifier: '@acme/ui',
    mentions: ["'@acme/ui' loads heavy 'echarts' at start-up: packages/ui/src/index.ts → packages/ui/src/chart.ts → echarts."],
  },
  { file: 'src/db/client.js', line: 1, ruleId: DIRECT, specifier: 'pg', mentions: ["heavy 'pg'"] },
  { file: 'src/lazy-cli.ts', line: 4, ruleId: TOPLEVEL, specifier: './commands/version.js', mentions: ["'./commands/version.js'"] },
  {
    file: 'src/legacy/billing.cjs',
    line: 2,
    ruleId: CHAINS,
    specifier: './pay.cjs',
    mentions: ["'./pay.cjs' loads heavy 'stripe' at start-up: src/legacy/pay.cjs → stripe."],
  },
  {
    file: 'src/legacy/lazy.cjs',
    line: 4,
    ruleId: INEFFECTIVE,
    specifier: './pay.cjs',
    mentions: [
      "'./pay.cjs' is loaded lazily here, but loads at start-up anyway: src/cli.ts → src/commands/index.ts → src/commands/billing.ts → src/legacy/billing.cjs → src/legacy/pay.cjs.",
    ],
  },
  { file: 'src/legacy/lazy.cjs', line: 7, ruleId: TOPLEVEL, specifier: './format.cjs', mentions: ["'./format.cjs'"] },
  { file: 'src/legacy/pay.cjs', line: 2, ruleId: DIRECT, specifier: 'stripe', mentions: ["heavy 'stripe'"] },
  {
    file: 'src/plugins/a.ts',
    line: 1,
    ruleId: CHAINS,
    specifier: './b.js',
    mentions: ["'./b.js' loads heavy 'pg' at start-up: src/plugins/b.ts → src/db/client.js → pg"],
  },
  {
    file: 'src/plugins/b.ts',
    line: 2,
    ruleId: CHAINS,
    specifier: '#db',
    mentions: ["'#db' loads heavy 'pg' at start-up: src/db/client.js → pg."],
  },
  { file: 'src/render/pdf.ts', line: 1, ruleId: DIRECT, specifier: 'pdfkit', mentions: ["heavy 'pdfkit'"] },
];

/** Without `entries`, the one file no entry loads is checked too. */
const SEED: Expected = {
  file: 'src/scripts/seed.ts',
  line: 2,
  ruleId: CHAINS,
  specifier: '#db',
  mentions: ["'#db' loads heavy 'pg' at start-up: src/db/client.js → pg."],
};

/** The 1-based column of `'specifier'` on the expected line of the fixture's file. */
function columnOf({ file, line, specifier }: Expected): number {
  const text = readFileSync(path.join(CHAINS_FIXTURE, file), 'utf8').split('\n')[line - 1] ?? '';
  const index = text.search(new RegExp(`['"]${specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}['"]`));
  if (index < 0) throw new Error(`'${specifier}' is not on line ${line} of ${file}`);
  return index + 1;
}

/** Asserts the findings are exactly the expected ones, each message saying what it should. */
function expectChainFindings(findings: readonly Finding[], expected: readonly Expected[] = EXPECTED): void {
  const sorted = [...expected].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  expect(findings.map(({ file, line, column, ruleId }) => ({ file, line, column, ruleId }))).toEqual(
    sorted.map((finding) => ({ file: finding.file, line: finding.line, column: columnOf(finding), ruleId: finding.ruleId })),
  );
  findings.forEach((finding, index) => {
    for (const mention of sorted[index]?.mentions ?? []) expect(finding.message).toContain(mention);
    expect(finding.message).toMatch(/\.$/);
  });
}

/** The fixture installed with ESLint 10 and its TypeScript parser. */
function chainsProject(eslintPackage: string = VERSIONS.eslint10): Promise<string> {
  return fixtureProject(eslintProjectPackages(eslintPackage), CHAINS_FIXTURE);
}

const INSTALL_TIMEOUT = 300_000;
const LINT_TIMEOUT = 120_000;
const POOR_CONCURRENCY_WARNING =
  /^\(node:\d+\) ESLintPoorConcurrencyWarning: .*\n\(Use `node --trace-warnings \.\.\.` .*\n/m;

let reference: Finding[] | undefined;

describe.each([
  { label: 'ESLint 10', eslintPackage: VERSIONS.eslint10 },
  { label: 'ESLint 9', eslintPackage: VERSIONS.eslint9 },
])('$label, flat config, on a workspace monorepo', ({ eslintPackage }) => {
  let project: string;

  beforeAll(async () => {
    project = await chainsProject(eslintPackage);
  }, INSTALL_TIMEOUT);

  it(
    '`eslint .` reports each load whose chain reaches a heavy package, on the start-up path of the entries',
    async () => {
      const result = await eslint(project, ['--format', 'json', '.']);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(1);
      const findings = fromEslintJson(result.stdout, project);
      expectChainFindings(findings);
      if (reference) expect(findings).toEqual(reference);
      reference ??= findings;
    },
    LINT_TIMEOUT,
  );

  it(
    '`--concurrency 2` gives the same findings',
    async () => {
      const result = await eslint(project, ['--concurrency', '2', '--format', 'json', '.']);
      expect(result.stderr.replace(POOR_CONCURRENCY_WARNING, '')).toBe('');
      expect(result.code).toBe(1);
      expectChainFindings(fromEslintJson(result.stdout, project));
    },
    LINT_TIMEOUT,
  );

  it(
    'without `entries`, also checks the files no entry loads',
    async () => {
      const result = await eslint(project, ['--config', 'eslint.no-entries.config.js', '--format', 'json', '.']);
      expect(result.code).toBe(1);
      // Without entries there is no start-up for no-ineffective-lazy-imports to compare with.
      const withoutEntries = EXPECTED.filter((finding) => finding.ruleId !== INEFFECTIVE);
      expectChainFindings(fromEslintJson(result.stdout, project), [...withoutEntries, SEED]);
    },
    LINT_TIMEOUT,
  );
});

// Node 22 and later read other files through oxc-parser's raw transfer, Node 20 through JSON.
describe.each([VERSIONS.node22, VERSIONS.node24])('ESLint 10 on %s, on a workspace monorepo', (spec) => {
  let node: string;
  let project: string;

  beforeAll(async () => {
    [node, project] = await Promise.all([installedTool(spec).then((dir) => path.join(dir, 'bin/node')), chainsProject()]);
  }, INSTALL_TIMEOUT);

  it(
    '`eslint .` gives the same findings',
    async () => {
      const result = await eslint(project, ['--format', 'json', '.'], { node });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(1);
      expectChainFindings(fromEslintJson(result.stdout, project));
    },
    LINT_TIMEOUT,
  );
});

describe('ESLint 8, .eslintrc.json, on a workspace monorepo', () => {
  let project: string;

  beforeAll(async () => {
    project = await chainsProject(VERSIONS.eslint8);
  }, INSTALL_TIMEOUT);

  it(
    '`eslint .` with `plugin:lazy-imports/legacy-strict` gives the same findings',
    async () => {
      // ESLint 8.57 reads eslint.config.js when there is one; this switch makes it read .eslintrc.json.
      const result = await eslint(project, ['--format', 'json', '.'], { env: { ESLINT_USE_FLAT_CONFIG: 'false' } });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(1);
      expectChainFindings(fromEslintJson(result.stdout, project));
    },
    LINT_TIMEOUT,
  );
});

describe('oxlint, jsPlugins, on a workspace monorepo', () => {
  let project: string;

  beforeAll(async () => {
    project = await fixtureProject([VERSIONS.oxlint], CHAINS_FIXTURE);
  }, INSTALL_TIMEOUT);

  it(
    '`oxlint` gives the same findings as ESLint',
    async () => {
      const result = await run(process.execPath, [path.join(project, 'node_modules/oxlint/bin/oxlint'), '--format', 'json'], {
        cwd: project,
      });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(1);
      // oxlint's own default rules run too; this door is about the plugin's.
      const findings = fromOxlintJson(result.stdout).filter((finding) => finding.ruleId?.startsWith('lazy-imports/'));
      expectChainFindings(findings);
    },
    LINT_TIMEOUT,
  );
});

/**
 * The time between saving one file and looking at another. The rule checks the files it read
 * for changes at most once a second, so a lint within that second may not see the edit yet.
 */
const MOMENT = 1_100;

describe('VS Code, ESLint language server, on a workspace monorepo', { timeout: 60_000 }, () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'lazy-imports-chains-editor-'));
  let project: string;
  let editor: EslintEditor | undefined;

  function opened(): EslintEditor {
    if (!editor) throw new Error('The language server did not start');
    return editor;
  }

  /** The chain rule's diagnostics: 1-based line and message. */
  async function chainFindings(uri: string): Promise<{ line: number; message: string }[]> {
    const items = await opened().diagnostics(uri);
    return items
      .filter((item: Diagnostic) => item.code === CHAINS)
      .map((item) => ({ line: item.range.start.line + 1, message: item.message }));
  }

  beforeAll(async () => {
    // A copy of its own: the test saves a file.
    project = scratchCopy(await chainsProject(), path.join(scratch, 'project'));
    editor = await EslintEditor.start(await installedTool(VERSIONS.languageServers), project);
  }, INSTALL_TIMEOUT);

  afterAll(async () => {
    await editor?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('shows the command table\'s chains, the same as the command line', async () => {
    const uri = opened().open('src/commands/index.ts');
    const expected = EXPECTED.filter((finding) => finding.file === 'src/commands/index.ts' && finding.ruleId === CHAINS);
    const shown = await chainFindings(uri);
    expect(shown.map((finding) => finding.line)).toEqual(expected.map((finding) => finding.line));
    shown.forEach((finding, index) => {
      for (const mention of expected[index]?.mentions ?? []) expect(finding.message).toContain(mention);
    });
  });

  it('a saved edit in one command changes the command table\'s findings on its next lint', async () => {
    const table = opened().open('src/commands/index.ts');
    const version = opened().open('src/commands/version.ts');
    const original = opened().documents.get(version) ?? '';
    expect((await chainFindings(table)).map((finding) => finding.line)).toEqual([2, 3, 5]);

    opened().change(version, `import Stripe from 'stripe';\n\n${original.replace("return '1.0.0';", 'return String(Stripe);')}`);
    opened().save(version);
    await sleep(MOMENT);
    const heavier = await chainFindings(table);
    expect(heavier.map((finding) => finding.line)).toEqual([2, 3, 4, 5]);
    expect(heavier[2]?.message).toContain("'./version.js' loads heavy 'stripe' at start-up: src/commands/version.ts → stripe.");

    opened().change(version, original);
    opened().save(version);
    await sleep(MOMENT);
    expect((await chainFindings(table)).map((finding) => finding.line)).toEqual([2, 3, 5]);
  });

  it('needed nothing from the editor that it could not answer', () => {
    expect(opened().server.unhandled).toEqual([]);
  });
});
