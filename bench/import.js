// What importing the plugin costs, in-process, as ESLint or oxlint import it: each sample is a
// fresh `node` that times one `await import()` by the clock (wall) and by its own CPU time (user +
// system: what the import itself costs, which other jobs on a shared machine move less than the
// clock). The plugin is timed where Node's ES module loader is already up (after an empty module:
// a program that imports the plugin has imported something before), after ESLint (as in a lint
// run), and as the first import of a bare `node` (with the loader's start-up, which the empty
// module alone shows). Beside it, alternating with it in the same runs: `@typescript-eslint/types`,
// which the bundle no longer imports (the build inlines its AST type names), and two plugins as
// anchors. Medians of the runs (and the fastest run's clock: the import with the least wait for a
// core); ratios are to the plugin's own import.
// Usage: node bench/import.js [--runs N] [--smoke] [--json]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { median, printTable } from './stats.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const TARGET_MS = 10;

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '21' }, smoke: { type: 'boolean' }, json: { type: 'boolean' } },
});
const runs = args.smoke ? 1 : Number(args.runs);

const scratch = mkdtempSync(path.join(tmpdir(), 'lazy-imports-bench-import-'));
const empty = path.join(scratch, 'empty.js');
writeFileSync(empty, 'export default {};\n');

const PLUGIN = pathToFileURL(path.join(root, 'dist/index.js')).href;
const EMPTY = pathToFileURL(empty).href;
// A query makes the warm-up a module of its own, so that a subject that is the empty module is still imported afresh.
const WARM = `await import(${JSON.stringify(`${EMPTY}?warm-up`)});`;

/** What each sample imports, after what (`prelude`, untimed). Bare specifiers resolve from the repository. */
const SUBJECTS = [
  { name: 'eslint-plugin-lazy-imports', specifier: PLUGIN, prelude: WARM, target: true },
  { name: 'eslint-plugin-lazy-imports, ESLint loaded', specifier: PLUGIN, prelude: "await import('eslint');", target: true },
  { name: 'eslint-plugin-lazy-imports, first import of a bare node', specifier: PLUGIN, prelude: '' },
  { name: 'an empty module, first import of a bare node', specifier: EMPTY, prelude: '' },
  { name: '@typescript-eslint/types', specifier: '@typescript-eslint/types', prelude: WARM },
  { name: 'eslint-plugin-eslint-plugin', specifier: 'eslint-plugin-eslint-plugin', prelude: WARM },
  { name: 'eslint-plugin-import-x', specifier: 'eslint-plugin-import-x', prelude: WARM },
];

/** One fresh process: `{ wall, cpu }` milliseconds of one import. */
function sample({ specifier, prelude }) {
  const script = `${prelude}
    const cpu = process.cpuUsage();
    const start = performance.now();
    await import(${JSON.stringify(specifier)});
    const wall = performance.now() - start;
    const { user, system } = process.cpuUsage(cpu);
    console.log(JSON.stringify({ wall, cpu: (user + system) / 1000 }));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' }));
}

const samples = SUBJECTS.map(() => ({ wall: [], cpu: [] }));
try {
  for (let run = 0; run < runs; run += 1) {
    // Subjects alternate within each run, so the machine's load falls on all of them alike.
    SUBJECTS.forEach((subject, index) => {
      const { wall, cpu } = sample(subject);
      samples[index].wall.push(wall);
      samples[index].cpu.push(cpu);
    });
    if (!args.json) process.stderr.write(`run ${run + 1}/${runs}\r`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const rows = SUBJECTS.map((subject, index) => ({
  name: subject.name,
  target: subject.target === true,
  wallMs: median(samples[index].wall),
  fastestWallMs: Math.min(...samples[index].wall),
  cpuMs: median(samples[index].cpu),
}));
const [plugin] = rows;
if (args.json) {
  console.log(JSON.stringify({ node: process.version, runs, targetMs: TARGET_MS, imports: rows }, null, 2));
} else {
  printTable(`Import in a fresh node ${process.version}, in-process, median of ${runs} run(s), subjects alternating`, [
    ['import', 'wall', 'fastest wall', 'CPU', 'wall / plugin', 'CPU / plugin'],
    ...rows.map((row) => [
      row.name,
      `${row.wallMs.toFixed(1)} ms`,
      `${row.fastestWallMs.toFixed(1)} ms`,
      `${row.cpuMs.toFixed(1)} ms`,
      (row.wallMs / plugin.wallMs).toFixed(2),
      (row.cpuMs / plugin.cpuMs).toFixed(2),
    ]),
  ]);
  for (const row of rows.filter((each) => each.target)) {
    const met = row.wallMs <= TARGET_MS ? 'met' : 'NOT met';
    console.log(`${row.name}: ${row.wallMs.toFixed(1)} ms by the clock, ${row.cpuMs.toFixed(1)} ms of CPU (target ≤ ${TARGET_MS} ms): ${met}.`);
  }
}
