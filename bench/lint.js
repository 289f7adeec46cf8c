// Lint cost of banned-module-level-imports next to ESLint's no-restricted-imports with the same
// heavy list, over two corpora of real code: JavaScript and TypeScript shipped in installed npm
// packages, and the TypeScript sources of a large monorepo (bench/monorepo-corpus.js). Both rules
// run in the same lint runs, so their times are measured side by side; ESLint's per-rule `stats`
// give each rule's time. Usage: node bench/lint.js [--runs N] [--smoke] [--json] [--corpus NAME]
// (`--corpus packages` or `--corpus monorepo` measures that corpus alone).
//
// `--fix-twice` checks instead that one `eslint --fix` run with `autofix: true` converts the
// monorepo corpus for its hot list: a copy is fixed once, then a second run must change nothing.
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ESLint } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { prepareMonorepoCorpus } from './monorepo-corpus.js';
import { median, printTable } from './stats.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    smoke: { type: 'boolean' },
    json: { type: 'boolean' },
    'fix-twice': { type: 'boolean' },
    corpus: { type: 'string' },
  },
});
const runs = args.smoke ? 1 : Number(args.runs);

/** Real code as it ships: ESM builds of SDKs, ESLint's own CommonJS source, TypeScript sources. */
const PACKAGES_CORPUS = [
  ['node_modules/eslint/lib', /\.js$/],
  ['node_modules/@aws-sdk', /^[^/]+\/dist-es\/.*\.js$/],
  ['node_modules/@smithy', /^[^/]+\/dist-es\/.*\.js$/],
  ['node_modules/stripe/esm', /\.js$/],
  ['node_modules/@typescript-eslint', /^[^/]+\/dist\/.*\.js$/],
  ['node_modules/@anthropic-ai/sdk/src', /\.ts$/],
  ['node_modules/@anthropic-ai/sdk', /^[^/]+\.mjs$/],
];

function packagesCorpusFiles() {
  return PACKAGES_CORPUS.flatMap(([dir, pattern]) => {
    const absolute = path.join(root, dir);
    if (!existsSync(absolute)) return [];
    return readdirSync(absolute, { recursive: true, encoding: 'utf8' })
      .map((file) => file.split(path.sep).join('/'))
      .filter((file) => pattern.test(file) && !/\.d\.[cm]?ts$/.test(file))
      .map((file) => path.join(dir, file));
  }).toSorted();
}

/**
 * Each corpus with two heavy lists. `typical`: the SDKs a project marks heavy, which its own code
 * imports in a few places (most files have no finding, as in a project that keeps the rule on).
 * `hot`: the code's own internals, so that nearly every file has findings and every finding
 * works out its fixes: the worst case for the rule. In the monorepo that is its own scopes plus
 * the libraries most of its files import, the way a monorepo keeps its internals off a CLI's
 * start-up path.
 */
const CORPORA = {
  packages: {
    title: 'files of installed packages',
    files: async () => packagesCorpusFiles(),
    scenarios: {
      typical: ['stripe', 'typescript', '@anthropic-ai/sdk', 'googleapis', 'openai', '@aws-sdk/client-*', 'espree', 'ajv', 'debug'],
      hot: ['@aws-sdk/*', '@smithy/*', 'stripe', 'typescript', 'espree', 'fs', 'child_process', 'debug', 'ajv'],
    },
  },
  monorepo: {
    title: 'TypeScript sources of a monorepo (Theia and Lumino)',
    files: async () => (await prepareMonorepoCorpus()).files.map((file) => path.relative(root, file)),
    scenarios: {
      typical: ['@theia/monaco-editor-core', 'react-dom', 'ajv', 'markdown-it', 'express', 'socket.io', 'openai', '@anthropic-ai/sdk', 'puppeteer-core'],
      hot: ['@theia/*', '@lumino/*', 'react', 'vscode-languageserver-protocol', 'vscode-uri', 'fs-extra', 'inversify'],
    },
  },
};

/** `no-restricted-imports` with the same list: exact names as paths, scopes and subpaths as patterns. */
function restrictedImportsOptions(heavy) {
  const message = 'Load this heavy module where it is used.';
  const exact = heavy.filter((name) => !name.includes('*'));
  return {
    paths: exact.map((name) => ({ name, message, allowTypeImports: true })),
    patterns: [
      {
        group: [...heavy.filter((name) => name.includes('*')), ...exact.map((name) => `${name}/*`)],
        message,
        allowTypeImports: true,
      },
    ],
  };
}

async function lintOnce(files, heavy) {
  const { default: lazyImports } = await import('../dist/index.js');
  const eslint = new ESLint({
    cwd: root,
    ignorePatterns: ['!**/node_modules/'],
    overrideConfigFile: true,
    stats: true,
    overrideConfig: [
      { files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'], languageOptions: { parser: tsParser } },
      { files: ['**/*.js', '**/*.mjs', '**/*.cjs', '**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'], linterOptions: { reportUnusedDisableDirectives: 'off' } },
      {
        plugins: { 'lazy-imports': lazyImports },
        settings: { 'lazy-imports': { heavy } },
        rules: {
          'lazy-imports/banned-module-level-imports': 'error',
          'no-restricted-imports': ['error', restrictedImportsOptions(heavy)],
        },
      },
    ],
  });
  const started = performance.now();
  const results = await eslint.lintFiles(files);
  const wall = performance.now() - started;
  const times = { ours: 0, restricted: 0, parse: 0, all: 0 };
  const findings = { ours: 0, restricted: 0 };
  for (const result of results) {
    for (const pass of result.stats?.times.passes ?? []) {
      times.parse += pass.parse.total;
      times.all += pass.total;
      times.ours += pass.rules?.['lazy-imports/banned-module-level-imports']?.total ?? 0;
      times.restricted += pass.rules?.['no-restricted-imports']?.total ?? 0;
    }
    for (const message of result.messages) {
      if (message.ruleId === 'lazy-imports/banned-module-level-imports') findings.ours += 1;
      if (message.ruleId === 'no-restricted-imports') findings.restricted += 1;
    }
  }
  return { wall, times, findings, fatal: results.filter((r) => r.fatalErrorCount > 0).length };
}

/** Lints one corpus `runs` times with each of its lists and sums up each list's medians. */
async function measureCorpus(name, corpus) {
  const all = await corpus.files();
  // The smoke run lints every tenth file: enough to exercise every path, quick enough for a test.
  const files = args.smoke ? all.filter((_, index) => index % 10 === 0) : all;
  const samples = Object.fromEntries(Object.keys(corpus.scenarios).map((list) => [list, []]));
  for (let run = 0; run < runs; run += 1) {
    // Lists alternate within each run, so machine noise falls on both alike.
    for (const [list, heavy] of Object.entries(corpus.scenarios)) {
      const sample = await lintOnce(files, heavy);
      samples[list].push(sample);
      if (!args.json) process.stderr.write(`${name}: run ${run + 1}/${runs}, ${list} list: ${Math.round(sample.wall)} ms\n`);
    }
  }
  const scenarios = Object.fromEntries(
    Object.entries(samples).map(([list, measured]) => {
      const pick = (get) => median(measured.map(get));
      const ours = pick((s) => s.times.ours);
      const restricted = pick((s) => s.times.restricted);
      const all = pick((s) => s.times.all);
      return [
        list,
        {
          ms: { ours, restricted, parse: pick((s) => s.times.parse), lint: all, wall: pick((s) => s.wall) },
          ratio: ours / restricted,
          shareOfLint: ours / all,
          findings: measured[0]?.findings,
          unparsed: measured[0]?.fatal,
        },
      ];
    }),
  );
  return { title: corpus.title, files: files.length, scenarios };
}

/**
 * Runs `eslint --fix` with the rule's `autofix` over a copy of the monorepo corpus, once for
 * each style, then lints the fixed copy again: how many files the first run fixed, and how
 * many a second run would still change (none, when a file's fixes land together).
 */
async function fixTwice() {
  const { default: lazyImports } = await import('../dist/index.js');
  const corpus = await prepareMonorepoCorpus();
  const heavy = CORPORA.monorepo.scenarios.hot;
  const report = [];
  for (const style of ['dynamic-import', 'import-defer']) {
    const copy = mkdtempSync(path.join(root, '.bench', 'fix-twice-'));
    try {
      cpSync(path.join(corpus.root, 'packages'), path.join(copy, 'packages'), { recursive: true });
      const files = corpus.files.map((file) => path.join(copy, path.relative(corpus.root, file)));
      const lint = () =>
        new ESLint({
          cwd: copy,
          overrideConfigFile: true,
          fix: true,
          overrideConfig: [
            { files: ['**/*.ts', '**/*.tsx'], languageOptions: { parser: tsParser } },
            {
              plugins: { 'lazy-imports': lazyImports },
              settings: { 'lazy-imports': { heavy } },
              rules: { 'lazy-imports/banned-module-level-imports': ['error', { autofix: true, style }] },
            },
          ],
        }).lintFiles(files);
      const first = await lint();
      await ESLint.outputFixes(first);
      const second = await lint();
      report.push({
        style,
        files: files.length,
        fixedByFirstRun: first.filter((result) => result.output !== undefined).length,
        changedBySecondRun: second.filter((result) => result.output !== undefined).length,
        unparsed: second.filter((result) => result.fatalErrorCount > 0).length,
      });
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }
  return report;
}

if (args['fix-twice']) {
  const report = await fixTwice();
  if (args.json) console.log(JSON.stringify(report, null, 2));
  else {
    printTable(`eslint --fix with autofix, twice, over the monorepo corpus (hot list)`, [
      ['style', 'files', 'fixed by the first run', 'changed by a second run', 'unparsed after'],
      ...report.map((row) => [row.style, row.files, row.fixedByFirstRun, row.changedBySecondRun, row.unparsed]),
    ]);
  }
  process.exit(report.every((row) => row.changedBySecondRun === 0 && row.unparsed === 0) ? 0 : 1);
}

if (args.corpus !== undefined && !Object.hasOwn(CORPORA, args.corpus)) {
  console.error(`Unknown corpus ${args.corpus}: use one of ${Object.keys(CORPORA).join(', ')}.`);
  process.exit(2);
}
const corpora = {};
for (const [name, corpus] of Object.entries(CORPORA)) {
  if (args.corpus === undefined || args.corpus === name) corpora[name] = await measureCorpus(name, corpus);
}
const report = { runs, corpora };
if (args.json) {
  console.log(JSON.stringify(report, null, 2));
} else {
  for (const corpus of Object.values(corpora)) {
    printTable(`Lint cost over ${corpus.files} ${corpus.title}, median of ${runs} run(s)`, [
      ['heavy list', 'no-restricted-imports', 'banned-module-level-imports', 'ratio', 'share of lint run'],
      ...Object.entries(corpus.scenarios).map(([name, s]) => [
        `${name} (${s.findings?.ours} / ${s.findings?.restricted} findings)`,
        `${s.ms.restricted.toFixed(1)} ms`,
        `${s.ms.ours.toFixed(1)} ms`,
        s.ratio.toFixed(2),
        `${(s.shareOfLint * 100).toFixed(2)} % of ${s.ms.lint.toFixed(0)} ms`,
      ]),
    ]);
  }
}
