// Lint cost of banned-import-chains on a monorepo of some 3,000 TypeScript files (the workspace
// bench/monorepo-corpus.js lays out: packages under packages/*, each linked as node_modules/<name>
// as an install links workspace packages). Each lint is a fresh `eslint` process, as in CI: the
// rule builds its project graph once per process, so a process that had linted before would
// hide that cost. In the same runs, side by side: ESLint's no-restricted-imports with the same
// heavy list, and import-x's no-cycle (the cross-file rule projects do run) as an anchor. Rule
// times come from ESLint's `--stats`; runs without the chain rule give its cost in wall time too,
// including whatever it does outside its listeners. Also with `--concurrency 2`.
// Usage: node bench/chains.js [--runs N] [--smoke] [--json]
import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { prepareMonorepoCorpus } from './monorepo-corpus.js';
import { median, printTable } from './stats.js';

const execFileAsync = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, smoke: { type: 'boolean' }, json: { type: 'boolean' } },
});
const runs = args.smoke ? 1 : Number(args.runs);

const CHAINS = 'lazy-imports/banned-import-chains';
const RESTRICTED = 'no-restricted-imports';
const CYCLE = 'import-x/no-cycle';

/**
 * What a project would mark heavy: the libraries behind the monorepo's editor, AI, server and
 * browser features, which its own modules reach through barrels and re-exports.
 */
const HEAVY = [
  '@theia/monaco-editor-core',
  'react-dom',
  'ajv',
  'markdown-it',
  'express',
  'socket.io',
  'openai',
  '@anthropic-ai/sdk',
  'puppeteer-core',
];

/** `no-restricted-imports` with the same list: exact names as paths, their subpaths as patterns. */
function restrictedImportsOptions(heavy) {
  const message = 'Load this heavy module where it is used.';
  return {
    paths: heavy.map((name) => ({ name, message, allowTypeImports: true })),
    patterns: [{ group: heavy.map((name) => `${name}/*`), message, allowTypeImports: true }],
  };
}

/**
 * A flat config for the corpus, written into its root (ESLint resolves a config's file patterns
 * from the config's own folder). Which rules run is chosen per run through the environment.
 */
function writeConfig(corpusRoot) {
  const url = (specifier) => pathToFileURL(path.join(root, specifier)).href;
  const file = path.join(corpusRoot, 'eslint.chains.config.mjs');
  writeFileSync(
    file,
    `// Written by bench/chains.js.
import lazyImports from ${JSON.stringify(url('dist/index.js'))};
import tsParser from ${JSON.stringify(url('node_modules/@typescript-eslint/parser/dist/index.js'))};
import { importX, createNodeResolver } from ${JSON.stringify(url('node_modules/eslint-plugin-import-x/lib/index.js'))};

const on = new Set(process.env.BENCH_RULES.split(','));
const heavy = ${JSON.stringify(HEAVY)};
const rules = {};
if (on.has('chains')) rules[${JSON.stringify(CHAINS)}] = 'error';
if (on.has('restricted')) rules[${JSON.stringify(RESTRICTED)}] = ['error', ${JSON.stringify(restrictedImportsOptions(HEAVY))}];
if (on.has('cycle')) rules[${JSON.stringify(CYCLE)}] = 'error';

export default [
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tsParser },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    plugins: { 'lazy-imports': lazyImports, 'import-x': importX },
    settings: {
      'lazy-imports': { heavy },
      // import-x follows only the extensions it is told are modules.
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] })],
    },
    rules,
  },
];
`,
  );
  return file;
}

/** One `eslint` process over the files with the given rules: wall time, each rule's time, findings. */
async function lintOnce({ corpusRoot, config, paths, rulesOn, concurrency }) {
  const eslintBin = path.join(root, 'node_modules/eslint/bin/eslint.js');
  const started = performance.now();
  const { stdout } = await execFileAsync(
    process.execPath,
    [eslintBin, '--config', config, '--stats', '--format', 'json', '--concurrency', concurrency === 1 ? 'off' : String(concurrency), ...paths],
    { cwd: corpusRoot, env: { ...process.env, BENCH_RULES: rulesOn.join(',') }, maxBuffer: 512 * 1024 * 1024 },
  ).catch((error) => {
    // Exit code 1 means findings; anything else is a failed run.
    if (error.code === 1 && error.stdout) return error;
    throw error;
  });
  const wall = performance.now() - started;
  const results = JSON.parse(stdout);
  const ms = { [CHAINS]: 0, [RESTRICTED]: 0, [CYCLE]: 0, parse: 0, all: 0 };
  const findings = { [CHAINS]: 0, [RESTRICTED]: 0, [CYCLE]: 0 };
  for (const result of results) {
    for (const pass of result.stats?.times.passes ?? []) {
      ms.parse += pass.parse.total;
      ms.all += pass.total;
      for (const rule of [CHAINS, RESTRICTED, CYCLE]) ms[rule] += pass.rules?.[rule]?.total ?? 0;
    }
    for (const message of result.messages) if (message.ruleId in findings) findings[message.ruleId] += 1;
  }
  return { wall, ms, findings, fatal: results.filter((result) => result.fatalErrorCount > 0).length, files: results.length };
}

/** The lint runs of one iteration: which rules, on how many threads. */
const VARIANTS = [
  { name: 'chains', rulesOn: ['chains', 'restricted'], concurrency: 1 },
  { name: 'without chains', rulesOn: ['restricted'], concurrency: 1 },
  { name: 'anchor', rulesOn: ['chains', 'restricted', 'cycle'], concurrency: 1 },
  { name: 'chains, 2 threads', rulesOn: ['chains', 'restricted'], concurrency: 2 },
  { name: 'without chains, 2 threads', rulesOn: ['restricted'], concurrency: 2 },
];

const corpus = await prepareMonorepoCorpus();
// The smoke run lints every tenth file: enough to exercise every path, quick enough for a test.
const files = args.smoke ? corpus.files.filter((_, index) => index % 10 === 0) : corpus.files;
const config = writeConfig(corpus.root);
const paths = files.map((file) => path.relative(corpus.root, file));
const samples = Object.fromEntries(VARIANTS.map(({ name }) => [name, []]));
try {
  for (let run = 0; run < runs; run += 1) {
    // Variants alternate within each run, so machine noise falls on all alike.
    for (const variant of VARIANTS) {
      const sample = await lintOnce({ corpusRoot: corpus.root, config, paths, ...variant });
      samples[variant.name].push(sample);
      if (!args.json) process.stderr.write(`run ${run + 1}/${runs}, ${variant.name}: ${Math.round(sample.wall)} ms\n`);
    }
  }
} finally {
  rmSync(config, { force: true });
}

const pick = (name, get) => median(samples[name].map(get));
/** Medians of one thread count: the chain rule's share of the run, its ratio to no-restricted-imports. */
function summary(withChains, withoutChains, threads) {
  const wall = pick(withChains, (s) => s.wall);
  const chains = pick(withChains, (s) => s.ms[CHAINS]);
  const restricted = pick(withChains, (s) => s.ms[RESTRICTED]);
  const wallWithout = pick(withoutChains, (s) => s.wall);
  return {
    threads,
    wall,
    chainsMs: chains,
    restrictedMs: restricted,
    // Rule time is summed over threads; the run had `threads` times its wall time to spend.
    share: chains / (wall * threads),
    ratio: chains / restricted,
    wallWithout,
    wallShare: (wall - wallWithout) / wall,
    findings: samples[withChains][0]?.findings,
    unparsed: samples[withChains][0]?.fatal,
  };
}
const report = {
  files: files.length,
  packages: corpus.packages.length,
  runs,
  single: summary('chains', 'without chains', 1),
  concurrent: summary('chains, 2 threads', 'without chains, 2 threads', 2),
  anchor: {
    wall: pick('anchor', (s) => s.wall),
    cycleMs: pick('anchor', (s) => s.ms[CYCLE]),
    chainsMs: pick('anchor', (s) => s.ms[CHAINS]),
    restrictedMs: pick('anchor', (s) => s.ms[RESTRICTED]),
    cycleRatio: pick('anchor', (s) => s.ms[CYCLE] / s.ms[RESTRICTED]),
    cycleShare: pick('anchor', (s) => s.ms[CYCLE] / s.wall),
    findings: samples.anchor[0]?.findings,
  },
};

if (args.json) {
  console.log(JSON.stringify(report, null, 2));
} else {
  const pct = (value) => `${(value * 100).toFixed(1)} %`;
  printTable(
    `banned-import-chains over ${report.files} TypeScript files of a ${report.packages}-package monorepo, median of ${runs} run(s)`,
    [
      ['', 'wall', 'no-restricted-imports', 'banned-import-chains', 'ratio (stretch ≤ 2)', 'share of wall (≤ 10 %)', 'wall without it'],
      ...[report.single, report.concurrent].map((s) => [
        `--concurrency ${s.threads}`,
        `${s.wall.toFixed(0)} ms`,
        `${s.restrictedMs.toFixed(0)} ms`,
        `${s.chainsMs.toFixed(0)} ms`,
        s.ratio.toFixed(2),
        pct(s.share),
        `${s.wallWithout.toFixed(0)} ms (${pct(s.wallShare)} more with it)`,
      ]),
    ],
  );
  printTable('Anchor: import-x no-cycle in the same run as both rules, --concurrency 1', [
    ['wall', 'no-restricted-imports', 'banned-import-chains', 'import-x/no-cycle', 'no-cycle ratio', 'no-cycle share of wall'],
    [
      `${report.anchor.wall.toFixed(0)} ms`,
      `${report.anchor.restrictedMs.toFixed(0)} ms`,
      `${report.anchor.chainsMs.toFixed(0)} ms`,
      `${report.anchor.cycleMs.toFixed(0)} ms`,
      report.anchor.cycleRatio.toFixed(1),
      pct(report.anchor.cycleShare),
    ],
  ]);
  console.log(
    `Findings: ${report.single.findings[CHAINS]} chain, ${report.single.findings[RESTRICTED]} no-restricted-imports, ${report.anchor.findings[CYCLE]} no-cycle; unparsed files: ${report.single.unparsed}`,
  );
}
