#!/usr/bin/env node
import { commands, UsageError, type Command } from './commands/index.js';

function usage(): string {
  const width = Math.max(...commands.map((command) => `${command.name} ${command.args}`.length));
  return [
    'billing: invoices, charges and reports for the finance team',
    '',
    'Usage: billing <command> [options]',
    '',
    'Commands:',
    ...commands.map((command) => `  ${`${command.name} ${command.args}`.padEnd(width)}  ${command.summary}`),
    '',
    'Every command prints the request it would send instead of sending it.',
    "Run 'billing <command> --help' for one command.",
    '',
  ].join('\n');
}

/** Mistakes in the command line: the command's own, and unknown options `parseArgs` finds. */
function isUsageMistake(error: unknown): error is Error {
  return (
    error instanceof UsageError ||
    (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
  );
}

function commandUsage(command: Command): string {
  return `Usage: billing ${command.name} ${command.args}\n\n${command.summary}.\n`;
}

const [name, ...argv] = process.argv.slice(2);
const command = commands.find((candidate) => candidate.name === name);

if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
  process.stdout.write(usage());
} else if (command === undefined) {
  process.stderr.write(`billing: unknown command '${name}'\n\n${usage()}`);
  process.exitCode = 2;
} else if (argv.includes('--help')) {
  process.stdout.write(commandUsage(command));
} else {
  try {
    await command.run(argv);
  } catch (error) {
    if (!isUsageMistake(error)) throw error;
    process.stderr.write(`billing ${command.name}: ${error.message}\n\n${commandUsage(command)}`);
    process.exitCode = 2;
  }
}
