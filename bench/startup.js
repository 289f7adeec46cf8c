// Start-up of the example app measured three ways in one run, alternating: as written (heavy SDKs
// at module level), after `eslint --fix` with `autofix: true`, and the floor (the same app with
// the heavy loads stubbed out: what no lazy loading can beat).
// Usage: node bench/startup.js [--runs N] [--smoke] [--json]
import { parseArgs } from 'node:util';
import { heavyLoaded, prepareVariants, timeVariants } from '../scripts/example-app.js';
import { printTable } from './stats.js';

/** The help text, and one real command that needs none of the heavy SDKs. */
const COMMANDS = [['--help'], ['quote', 'team', '--seats', '12']];

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '15' }, smoke: { type: 'boolean' }, json: { type: 'boolean' } },
});
const runs = args.smoke ? 1 : Number(args.runs);
const log = (line) => {
  if (!args.json) process.stderr.write(`${line}\n`);
};

const { variants, afterTypeChecks } = await prepareVariants(log);
log(`Timing ${COMMANDS.length} commands × ${variants.length} variants × ${runs} run(s).`);
const rows = timeVariants(variants, COMMANDS, runs).map((row) => ({
  ...row,
  afterOverBefore: row.ms['after --fix'] / row.ms['as written'],
  afterOverFloor: row.ms['after --fix'] / row.ms.floor,
}));
const loaded = {};
for (const variant of variants) loaded[variant.name] = [...(await heavyLoaded(variant, ['--help'])).heavy.keys()];

if (args.json) {
  console.log(JSON.stringify({ runs, afterTypeChecks, heavyLoadedByHelp: loaded, commands: rows }, null, 2));
} else {
  printTable(`Start-up of examples/cli-app: median of ${runs} run(s) each, variants alternating`, [
    ['command', 'as written', 'after --fix', 'floor', 'after/before', 'after/floor'],
    ...rows.map((row) => [
      row.command,
      `${row.ms['as written'].toFixed(0)} ms`,
      `${row.ms['after --fix'].toFixed(0)} ms`,
      `${row.ms.floor.toFixed(0)} ms`,
      row.afterOverBefore.toFixed(2),
      `${row.afterOverFloor.toFixed(2)} (target ≤ 1.10)`,
    ]),
  ]);
  for (const [name, heavy] of Object.entries(loaded)) {
    console.log(`${name.padEnd(12)} billing --help loads: ${heavy.length > 0 ? heavy.join(', ') : 'no heavy package'}`);
  }
  console.log(`after --fix type-checks: ${afterTypeChecks ? 'yes' : 'NO'}`);
  console.log(`after --fix prints the same output: ${rows.every((row) => row.sameOutput) ? 'yes' : 'NO'}`);
}
