// `npm run demo`: lint the example app (examples/cli-app, a billing CLI that imports heavy SDKs
// at module level) with the built plugin, then measure what `billing --help` pays at start-up.
// Each step is a function taking the app's directory, so a step can run on a changed copy.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { printTable } from '../bench/stats.js';
import {
  APP,
  bareNodeMs,
  buildApp,
  CHAIN_RULE,
  copyApp,
  cutChains,
  ENTRIES,
  HEAVY,
  INEFFECTIVE_RULE,
  lint,
  lintChains,
  prepareVariants,
  relative,
  RULE,
  timeVariants,
} from './example-app.js';

/**
 * `text` broken into lines of at most `width` characters, the later ones indented by `indent`.
 * @param {string} text @param {number} width @param {string} indent
 */
function wrap(text, width, indent) {
  const lines = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.join(`\n${indent}`);
}

/** @param {import('eslint').Linter.LintMessage} message */
function remedy(message) {
  if (message.fix) return ' [fixable]';
  if (message.suggestions?.length) return ` [suggestion: ${message.suggestions.map((s) => s.desc).join('; ')}]`;
  return '';
}

/**
 * Prints the findings grouped by file (`line:col  message`) and a summary line.
 * @param {import('eslint').ESLint.LintResult[]} results
 * @param {string} [what] what a finding is, for the summary line
 * @returns {{ problems: number, files: number }}
 */
export function printLint(results, what = 'module-level {loads} of heavy packages') {
  const width = Math.max(60, Math.min(process.stdout.columns ?? 110, 110) - 12);
  let problems = 0;
  let files = 0;
  for (const result of results) {
    if (result.messages.length === 0) continue;
    files += 1;
    console.log(`\n${relative(result.filePath)}`);
    for (const message of result.messages) {
      problems += 1;
      const where = `${message.line}:${message.column}`.padStart(7);
      const text =
        message.ruleId === RULE || message.ruleId === CHAIN_RULE || message.ruleId === INEFFECTIVE_RULE || message.ruleId === null
          ? message.message
          : `${message.message} (${message.ruleId})`;
      console.log(`${where}  ${wrap(text + remedy(message), width, ' '.repeat(9))}`);
    }
  }
  console.log(
    `\n${problems} ${what.replace('{loads}', problems === 1 ? 'load' : 'loads')} in ${files} of ${results.length} files.`,
  );
  return { problems, files };
}

const BIN = path.join(fileURLToPath(new URL('..', import.meta.url)), 'dist', 'command', 'main.js');

/**
 * Runs the built `lazy-imports` command in `cwd`, its output shown as it comes, or, given
 * `from`, only from the first line that starts with it. The traced program's own output (on
 * stderr) is left out, as is the AWS SDK's warning about Node 20; of the command's own lines
 * there, `most` at most, and the last. Returns the exit status.
 * @param {string[]} args @param {string} cwd @param {string} [from] @param {number} [most]
 */
function lazyImports(args, cwd, from, most = Infinity) {
  const stdout = from === undefined ? 'inherit' : 'pipe';
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', stdout, 'pipe'], encoding: 'utf8' });
  if (from !== undefined) {
    const lines = result.stdout.split('\n');
    const start = lines.findIndex((line) => line.startsWith(from));
    if (start !== -1) console.log(lines.slice(start).join('\n').trimEnd());
  }
  const own = result.stderr.split('\n').filter((line) => line.startsWith('lazy-imports:'));
  const shown = own.length > most + 1 ? [...own.slice(0, most), `  ... ${String(own.length - most - 1)} more`, own.at(-1)] : own;
  if (shown.length > 0) console.log(shown.join('\n'));
  return result.status;
}

/** @param {string} title */
function heading(title) {
  console.log(`\n== ${title} ==`);
}

async function main() {
  const started = performance.now();
  heading(`Example: ${relative(APP)} (the "billing" CLI)`);
  buildApp(APP);

  heading(`Lint: ${RULE}`);
  const names = HEAVY.map((entry) => (typeof entry === 'string' ? entry : entry.name));
  console.log(`Heavy: ${names.join(', ')}`);
  printLint(await lint(APP));

  heading(`Lint: ${CHAIN_RULE}, entries ${ENTRIES.join(', ')}`);
  console.log("Heavy packages that billing loads at start-up through the app's own modules:");
  printLint(await lintChains(APP), '{loads} that reach a heavy package through the app');

  heading(`Lint: ${INEFFECTIVE_RULE}, entries ${ENTRIES.join(', ')}`);
  console.log('Lazy loads that buy nothing, because billing loads the same module at start-up anyway:');
  printLint(await lintChains(APP, INEFFECTIVE_RULE), 'lazy {loads} undone by an eager load');

  heading(`Cut chains: eslint --fix with ${CHAIN_RULE} and autofix: true, on a copy`);
  const cutDir = path.join(path.dirname(APP), '..', '.bench', 'startup', 'chains-cut');
  copyApp(cutDir);
  const cutResults = await cutChains(cutDir);
  const cut = cutResults.filter((result) => result.output !== undefined);
  console.log(`Each chain from ${ENTRIES.join(', ')} is cut at its first link that can load the next module lazily:`);
  for (const result of cut) {
    const before = readFileSync(path.join(APP, path.relative(cutDir, result.filePath)), 'utf8').split('\n');
    const after = new Set((result.output ?? '').split('\n'));
    const moved = before.filter((line) => /^import .* from '\.{1,2}\//.test(line) && !after.has(line));
    console.log(`  ${relative(path.join(APP, path.relative(cutDir, result.filePath)))}: ${moved.map((line) => line.replace(/^import /, '').replace(/;$/, '')).join('; ')} → await import() in the functions that use them`);
  }
  const blocked = cutResults.flatMap((result) => result.messages.filter((message) => !message.fix && message.ruleId === CHAIN_RULE));
  console.log(`${cut.length} files cut; ${blocked.length} links nearer the entry stay, each with the use that blocks it (the command table`);
  console.log('reads every command module at module level): the direct rule takes the SDK loads of the command modules off below.');

  heading('Fix: eslint --fix with autofix: true, on a copy');
  const { variants, afterTypeChecks, fixResults } = await prepareVariants((line) => console.log(line));
  const left = fixResults.reduce((sum, result) => sum + result.messages.length, 0);
  console.log(`${left} ${left === 1 ? 'load has' : 'loads have'} no lazy form and stay; the fixed copy ${afterTypeChecks ? 'type-checks' : 'does NOT type-check'}.`);
  console.log('What is left, and what to do about it:');
  printLint(fixResults);
  const afterDir = variants[1]?.dir ?? APP;
  console.log(`\nThe chains that are left in the fixed copy (${CHAIN_RULE}):`);
  const chainResults = await lintChains(afterDir);
  if (chainResults.some((result) => result.messages.length > 0)) {
    printLint(chainResults, '{loads} that reach a heavy package through the app');
    console.log('Each ends at a load that the fix leaves above: cut it there, or load the module of the chain lazily.');
  } else {
    console.log(`None: no load on billing's start-up path (from ${ENTRIES.join(', ')}) reaches a heavy package through the app's own modules.`);
    // A load left in a module on the start-up path would make a chain from the module that
    // loads it, unless it is in an entry file itself: with no chain, the others are off the path.
    const leftIn = fixResults
      .filter((result) => result.messages.length > 0)
      .map((result) => path.relative(afterDir, result.filePath).split(path.sep).join('/'));
    if (leftIn.length > 0 && !leftIn.some((file) => ENTRIES.includes(file))) {
      console.log(`The loads left above are in modules that billing does not load at start-up: ${leftIn.join(', ')}.`);
    }
  }

  heading('Start-up, before and after');
  const runs = 5;
  const rows = timeVariants(variants, [['--help'], ['quote', 'team', '--seats', '12']], runs);
  printTable(`median of ${runs} runs, variants alternating; node alone: ${bareNodeMs(runs).toFixed(0)} ms`, [
    ['command', 'as written', 'after --fix', 'floor (no heavy SDKs)', 'same output'],
    ...rows.map((row) => [
      row.command,
      `${row.ms['as written']?.toFixed(0)} ms`,
      `${row.ms['after --fix']?.toFixed(0)} ms`,
      `${row.ms.floor?.toFixed(0)} ms`,
      row.sameOutput ? 'yes' : 'NO',
    ]),
  ]);
  for (const variant of variants.slice(0, 2)) {
    heading(`lazy-imports trace, ${variant.name}: billing --help`);
    const page = path.join(path.dirname(variant.dir), `trace-${path.basename(variant.dir)}.html`);
    lazyImports(['trace', '--top', '8', '--heavy', names.join(','), '--html', page, '--', 'node', 'dist/cli.js', '--help'], variant.dir);
  }

  const [asWritten, afterFix] = variants;
  if (asWritten && afterFix) {
    const help = ['--', 'node', 'dist/cli.js', '--help'];
    heading('lazy-imports trace --why stripe, as written: every chain that loads it');
    lazyImports(['trace', '--heavy', names.join(','), '--why', 'stripe', ...help], asWritten.dir, "'stripe'");
    console.log('Making dist/commands/charge.js lazy alone would leave stripe on the start-up path: dist/format.js loads it too.');

    heading('lazy-imports trace --snapshot: the fixed start-up as a guard');
    // The copies are folders side by side: one snapshot file beside them serves both.
    const snapshot = '../start-up-snapshot.json';
    rmSync(path.join(afterFix.dir, snapshot), { force: true });
    console.log(`After --fix: $ lazy-imports trace --snapshot ${snapshot} -- node dist/cli.js --help`);
    lazyImports(['trace', '--heavy', names.join(','), '--snapshot', snapshot, ...help], afterFix.dir, 'Start-up snapshot');
    console.log(readFileSync(path.join(afterFix.dir, snapshot), 'utf8').trimEnd());
    console.log('\nAs written, against that snapshot (the guard a CI job runs):');
    const status = lazyImports(['trace', '--heavy', names.join(','), '--snapshot', snapshot, ...help], asWritten.dir, 'Start-up snapshot', 4);
    console.log(`exit status ${String(status)}`);
  }

  heading("lazy-imports cost: the example's SDKs");
  const sdks = Object.keys(JSON.parse(readFileSync(path.join(APP, 'package.json'), 'utf8')).dependencies);
  lazyImports(['cost', '--runs', '3', ...sdks], APP);
  console.log(`\nDemo finished in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
