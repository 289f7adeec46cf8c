#!/usr/bin/env node
// The `lazy-imports` command: `trace` a program's module loads, `cost` of packages.
import { accessSync, constants, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cost, type CostResult, type LoadForm } from './cost.js';
import { countText, moreText } from './counts.js';
import { renderTraceHtml } from './html.js';
import { compareSnapshot, readSnapshot, snapshotOf, snapshotText, startupLoads, type StartupSnapshot } from './snapshot.js';
import { trace, type Trace } from './trace.js';
import type { ChainSet, HeavyLoaded, TraceResult } from './trace-model.js';
import { UsageError } from './usage-error.js';

const USAGE = `Usage:
  lazy-imports trace [--heavy a,b] [--check[=any]] [--why NAME] [--snapshot FILE [--update-snapshot]]
                     [--json] [--html FILE] [--top N] -- <command> [args...]
  lazy-imports cost [package...] [--load import|require] [--json] [--runs N] [--min-ms N]
  lazy-imports --help | --version

trace   runs the command (node programs, ES modules and CommonJS, and the node processes they
        start) and reports every package it loaded: modules, own and total time, phase
        (start-up or later) and the shortest importer chain. The heavy list comes from --heavy,
        else from settings['lazy-imports'].heavy of the project's ESLint config.
        --check exits 1 when a heavy package loaded at start-up; --check=any also when later.
        Without --check, it exits with the command's own status. --html writes one page
        with an icicle chart of the import tree. --why prints every importer chain that
        loaded a package or file. --snapshot keeps the names of the packages loaded at
        start-up in FILE (written when missing or with --update-snapshot) and exits 1 when
        a package not in it loads at start-up. The table shows the --top N packages (default
        20) by total time; --json prints every one, as JSON, on stdout.
cost    measures what loading each package adds to a fresh process's start-up (median over
        alternating runs, over a baseline that loads an empty module the same way), with
        modules and heap; by default the project's dependencies. It loads them as the project
        does: import() in a "type": "module" project, require() otherwise (--load chooses).
        --runs N sets the measured rounds (default 5). Prints a heavy list to paste, of the
        packages that add --min-ms N or more (default 20); --json prints the measures as JSON.`;

function version(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

function wholeNumber(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new UsageError(`${flag} takes a whole number, got '${value}'`);
  return number;
}

/** Runs `parseArgs`, its errors made one line that points to the usage. */
function parsing<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError(`${message?.replace(/\. To specify a positional argument.*$/, '') ?? 'bad arguments'} (see lazy-imports --help)`);
  }
}

/** Columns padded to their widest cell; numbers right-aligned. */
function table(rows: readonly (readonly string[])[], numeric: ReadonlySet<number>): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, column) => (numeric.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const ms = (value: number): string => value.toFixed(1);

const plural = (count: number, one: string, many = `${one}s`): string => `${String(count)} ${count === 1 ? one : many}`;

/** The trace as `--json` prints it: the shape of DESIGN.md, without the tree. */
function traceJson(result: Trace): Omit<TraceResult, 'tree'> {
  // Only the fields of the documented shape, in its order.
  return {
    command: result.command,
    exitCode: result.exitCode,
    wallMs: Math.round(result.wallMs * 10) / 10,
    packages: result.packages,
    heavyLoaded: result.heavyLoaded,
  };
}

function printTrace(result: Trace, top: number): void {
  const shown = result.packages.slice(0, top);
  const lines = [
    `${result.command.join(' ')}: exit status ${String(result.exitCode)}, ${ms(result.wallMs)} ms, ${result.packages.length} packages`,
    '',
  ];
  if (result.packages.length === 0) {
    lines.push('No package loaded.');
  } else if (shown.length > 0) {
    lines.push(
      table(
        [
          ['package', 'version', 'modules', 'self ms', 'total ms', 'phase', 'chain'],
          ...shown.map((pkg) => [
            pkg.name,
            pkg.version ?? '-',
            String(pkg.modules),
            ms(pkg.selfMs),
            ms(pkg.totalMs),
            pkg.phase,
            pkg.chain.join(' > '),
          ]),
        ],
        new Set([2, 3, 4]),
      ),
    );
  }
  const more = moreText(shown.length, { total: result.packages.length, complete: true });
  if (more !== undefined) lines.push(`... ${more} (--top ${String(result.packages.length)} or --json for all)`);
  lines.push('', `Heavy list: ${result.heavySource}.`);
  // One line an entry: a scope glob such as @aws-sdk/* would otherwise fill the screen.
  const byEntry = new Map<string, HeavyLoaded[]>();
  for (const load of result.heavyLoaded) byEntry.set(load.entry, [...(byEntry.get(load.entry) ?? []), load]);
  if (byEntry.size === 0) lines.push('No heavy package loaded.');
  for (const [entry, loads] of byEntry) {
    const first = loads.find((load) => load.phase === 'start-up') ?? (loads[0] as HeavyLoaded);
    const name = loads.length === 1 && first.package === entry ? entry : `${entry} (${loads.map((load) => load.package).join(', ')})`;
    lines.push(`Heavy ${name} loaded ${first.phase === 'start-up' ? 'at start-up' : 'later'}: ${first.chain.join(' > ')}`);
  }
  console.log(lines.join('\n'));
}

/** An output file of the command: where it goes, and how the command line named it. */
interface Output {
  readonly target: string;
  readonly shown: string;
}

/**
 * Makes the folders of an output file and checks that the file can be written, so that a run
 * is never thrown away at its end for want of a folder.
 */
function prepareOutput(file: string): Output {
  const target = path.resolve(file);
  try {
    mkdirSync(path.dirname(target), { recursive: true });
    if (statSync(target, { throwIfNoEntry: false })?.isDirectory() === true) {
      throw Object.assign(new Error('a folder'), { code: 'EISDIR' });
    }
    accessSync(path.dirname(target), constants.W_OK);
    if (statSync(target, { throwIfNoEntry: false }) !== undefined) accessSync(target, constants.W_OK);
  } catch (error) {
    throw outputError(file, error);
  }
  return { target, shown: file };
}

/** Writes an output file checked by {@link prepareOutput}; a failure still ends in one line. */
function writeOutput(output: Output, text: string): void {
  try {
    writeFileSync(output.target, text);
  } catch (error) {
    throw outputError(output.shown, error);
  }
}

function outputError(file: string, error: unknown): UsageError {
  const code = (error as NodeJS.ErrnoException).code ?? String(error);
  return new UsageError(`cannot write ${file}: ${OUTPUT_PROBLEMS[code] ?? code}`);
}

const OUTPUT_PROBLEMS: Readonly<Record<string, string>> = {
  EEXIST: 'a file stands where a folder of its path should be (EEXIST)',
  ENOTDIR: 'a file stands where a folder of its path should be (ENOTDIR)',
  EISDIR: 'it is a folder (EISDIR)',
  EACCES: 'no permission (EACCES)',
  EPERM: 'no permission (EPERM)',
  EROFS: 'a read-only file system (EROFS)',
};

/** How many chains `--why` prints; `--json` gives more. */
const WHY_SHOWN = 10;
const WHY_IN_JSON = 100;

function printWhy(target: string, found: ChainSet | undefined): void {
  if (found === undefined) {
    console.log(`\n'${target}' did not load.`);
    return;
  }
  const lines = [`\n'${target}' loaded through ${countText(found)} ${found.total === 1 && found.complete ? 'chain' : 'chains'}:`];
  const shown = found.chains.slice(0, WHY_SHOWN);
  lines.push(table(shown.map(({ phase, chain }) => [`  ${phase}`, chain.join(' > ')]), new Set()));
  const more = moreText(shown.length, found);
  if (more !== undefined) {
    const json = moreText(found.chains.length, found) === undefined ? 'all' : `the first ${String(found.chains.length)}`;
    lines.push(`  ... ${more} (--json lists ${json})`);
  }
  console.log(lines.join('\n'));
}

/**
 * Checks a run against its start-up snapshot, or writes the snapshot: when there was none, or
 * when asked to. Returns whether the run passes (no package loaded at start-up that the
 * snapshot does not list).
 */
function guardSnapshot(result: Trace, output: Output, saved: StartupSnapshot | undefined, json: boolean): boolean {
  const { shown } = output;
  const say = json ? console.error : console.log;
  const loaded = startupLoads(result);
  if (saved === undefined) {
    const snapshot = snapshotOf(loaded);
    writeOutput(output, snapshotText(snapshot));
    const count = new Set(loaded.packages.map((load) => load.name)).size;
    const processes = Object.keys(snapshot.processes).length;
    say(`Start-up snapshot written: ${shown} (${plural(count, 'package')}, ${plural(processes, 'process', 'processes')})`);
    return true;
  }
  const { added, removed } = compareSnapshot(saved, loaded);
  for (const load of added) {
    // The shortest start-up chain in that process, one that `--why` lists.
    const chain = result.chainsTo(load.name, 1, { startUp: true, process: load.index })?.chains[0]?.chain;
    console.error(`lazy-imports: '${load.name}' loaded at start-up of ${load.process}, not in ${shown}${chain ? `: ${chain.join(' > ')}` : ''}`);
  }
  if (removed.length > 0) {
    const names = removed.map(({ process, name }) => `${name} (${process})`).join(', ');
    say(`Start-up snapshot ${shown} lists packages that no longer load at start-up: ${names}. Tighten it with --update-snapshot.`);
  }
  if (added.length > 0) {
    console.error(`lazy-imports: load it later, or accept it with --update-snapshot`);
    return false;
  }
  if (removed.length === 0) say(`Start-up matches the snapshot ${shown}.`);
  return true;
}

async function runTrace(args: readonly string[]): Promise<number> {
  const split = args.indexOf('--');
  const own = split === -1 ? [...args] : args.slice(0, split);
  const command = split === -1 ? [] : args.slice(split + 1);
  // `--check` takes an optional value, which parseArgs cannot express.
  let check: 'start-up' | 'any' | undefined;
  const flags = own.filter((arg) => {
    if (arg === '--check') check = 'start-up';
    else if (arg === '--check=any') check = 'any';
    else if (arg.startsWith('--check=')) throw new UsageError(`--check takes no value or 'any', got '${arg.slice(8)}'`);
    else return true;
    return false;
  });
  const { values, positionals } = parsing(() =>
    parseArgs({
      args: flags,
      options: {
        heavy: { type: 'string' },
        json: { type: 'boolean' },
        html: { type: 'string' },
        why: { type: 'string' },
        snapshot: { type: 'string' },
        'update-snapshot': { type: 'boolean' },
        top: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
    }),
  );
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length > 0) {
    // `--check any` reads as the check's value, but a flag with an optional value takes it only after `=`.
    if (positionals[0] === 'any' && own[own.indexOf('any') - 1] === '--check') throw new UsageError('--check takes its value after =: --check=any');
    throw new UsageError(`put the command after --: lazy-imports trace -- ${positionals.join(' ')}`);
  }
  if (command.length === 0) throw new UsageError('no command to trace: lazy-imports trace -- node dist/cli.js');
  const top = wholeNumber(values.top, '--top', 20);
  if (values['update-snapshot'] && values.snapshot === undefined) throw new UsageError('--update-snapshot needs --snapshot FILE');
  if (values.why === '') throw new UsageError('--why takes a package name or a file');
  for (const flag of ['html', 'snapshot'] as const) {
    if (values[flag] === '') throw new UsageError(`--${flag} takes a file`);
  }
  // Outputs are checked before the command runs: a run is never lost at its end.
  const page = values.html === undefined ? undefined : prepareOutput(values.html);
  const snapshotFile = values.snapshot === undefined ? undefined : prepareOutput(values.snapshot);
  const saved = snapshotFile === undefined || values['update-snapshot'] ? undefined : readSnapshot(snapshotFile.target, snapshotFile.shown);
  const result = await trace({ command, stdin: 'inherit', ...(values.heavy === undefined ? {} : { heavy: values.heavy }) });
  const why = values.why === undefined ? undefined : { target: values.why, found: result.chainsTo(values.why, WHY_IN_JSON) };
  if (values.json) {
    const whyJson = why && { why: { target: why.target, total: why.found?.total ?? 0, complete: why.found?.complete ?? true, chains: why.found?.chains ?? [] } };
    console.log(JSON.stringify({ ...traceJson(result), ...whyJson }, null, 2));
  } else {
    printTrace(result, top);
    if (why) printWhy(why.target, why.found);
  }
  if (page !== undefined) {
    writeOutput(page, renderTraceHtml(result));
    // stdout holds only the JSON when --json asks for it.
    (values.json ? console.error : console.log)(`Trace page: ${page.shown}`);
  }
  let passed = true;
  if (snapshotFile !== undefined) passed = guardSnapshot(result, snapshotFile, saved, values.json === true);
  if (check) {
    // A guard with nothing to guard passes; say so, or a broken config would go unnoticed.
    if (result.heavy.length === 0) {
      console.error(`lazy-imports: --check has no heavy list: ${result.heavySource}`);
    }
    const failed = result.heavyLoaded.filter((load) => check === 'any' || load.phase === 'start-up');
    if (failed.length > 0) {
      for (const load of failed) {
        console.error(`lazy-imports: heavy '${load.package}' loaded ${load.phase === 'start-up' ? 'at start-up' : 'later'}: ${load.chain.join(' > ')}`);
      }
      passed = false;
    }
  }
  return passed ? (result.exitCode ?? 1) : 1;
}

/** The paste-ready heavy list: the packages over `minMs`, or, when most are, `**` but the others. */
function heavyList(result: CostResult, minMs: number, dependencies: boolean): string[] {
  const heavy = result.packages.filter((pkg) => pkg.extraMs >= minMs);
  const light = result.packages.filter((pkg) => pkg.extraMs < minMs);
  if (heavy.length === 0) return [`No package adds ${String(minMs)} ms or more.`];
  // Naming every package but a few is longer, and misses the next dependency added.
  if (dependencies && light.length > 0 && heavy.length > light.length) {
    const names = light.map((pkg) => `'${pkg.name}'`).join(', ');
    return [
      `settings['lazy-imports'].heavy: ${String(heavy.length)} of ${String(result.packages.length)} dependencies add ${String(minMs)} ms or more, so every package is heavy but these:`,
      'heavy: [',
      `  { name: '**', except: [${names}] },`,
      '],',
    ];
  }
  return [
    `settings['lazy-imports'].heavy, for packages adding ${String(minMs)} ms or more:`,
    'heavy: [',
    ...heavy.map((pkg) => `  { name: '${pkg.name}', reason: 'adds ~${pkg.extraMs.toFixed(0)} ms to start-up' },`),
    '],',
  ];
}

const LOADS: Readonly<Record<LoadForm, string>> = { import: 'import()s', require: 'require()s' };

function printCost(result: CostResult, minMs: number, dependencies: boolean): void {
  const lines = [
    `Baseline: a fresh process ${LOADS[result.load]} an empty module in ${ms(result.baselineMs)} ms`,
    '',
    table(
      [
        ['package', 'version', 'load', 'extra ms', 'modules', 'heap MB'],
        ...result.packages.map((pkg) => [
          pkg.name,
          pkg.version ?? '-',
          pkg.load === result.load ? pkg.load : `${pkg.load} (no require)`,
          ms(pkg.extraMs),
          String(pkg.modules),
          pkg.heapMB.toFixed(1),
        ]),
      ],
      new Set([3, 4, 5]),
    ),
    '',
    ...heavyList(result, minMs, dependencies),
  ];
  console.log(lines.join('\n'));
}

async function runCost(args: readonly string[]): Promise<number> {
  const { values, positionals } = parsing(() =>
    parseArgs({
      args: [...args],
      options: {
        json: { type: 'boolean' },
        runs: { type: 'string' },
        load: { type: 'string' },
        'min-ms': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
    }),
  );
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const runs = wholeNumber(values.runs, '--runs', 5);
  if (runs === 0) throw new UsageError('--runs must be at least 1');
  const minMs = wholeNumber(values['min-ms'], '--min-ms', 20);
  const load = values.load;
  if (load !== undefined && load !== 'import' && load !== 'require') {
    throw new UsageError(`--load takes import or require, got '${load}'`);
  }
  // A progress line only where someone watches it; piped output stays plain.
  const live = process.stderr.isTTY;
  const result = await cost({
    packages: positionals,
    runs,
    ...(load === undefined ? {} : { load }),
    ...(live ? { onProgress: (text: string) => process.stderr.write(`\r\u001B[2Kmeasuring ${text}`) } : {}),
    onSkip: (name: string, reason: string) => {
      if (live) process.stderr.write('\r\u001B[2K');
      console.error(`lazy-imports: skipped '${name}': ${reason.replace(/^lazy-imports: /, '')}`);
    },
    onImportInstead: (name: string, code: string) => {
      if (live) process.stderr.write('\r\u001B[2K');
      console.error(`lazy-imports: '${name}' cannot be require()d (${code}): measured with import()`);
    },
  });
  if (live) process.stderr.write('\r\u001B[2K');
  if (values.json) console.log(JSON.stringify(result, null, 2));
  else printCost(result, minMs, positionals.length === 0);
  return 0;
}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'trace':
      return runTrace(rest);
    case 'cost':
      return runCost(rest);
    case '--help':
    case '-h':
    case 'help':
      console.log(USAGE);
      return 0;
    case '--version':
    case '-v':
      console.log(version());
      return 0;
    case undefined:
      throw new UsageError('no command: use trace or cost (see lazy-imports --help)');
    default:
      throw new UsageError(`unknown command '${command}': use trace or cost (see lazy-imports --help)`);
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  console.error(message.startsWith('lazy-imports:') ? message : `lazy-imports: ${message}`);
  // A usage error is the user's to fix; anything else is a fault of this tool, shown in full when asked.
  if (!(error instanceof UsageError) && process.env.LAZY_IMPORTS_DEBUG) console.error(error);
  process.exitCode = 2;
}
