/** One `billing <name>` command. */
export interface Command {
  readonly name: string;
  /** Arguments and options, as `--help` shows them. */
  readonly args: string;
  readonly summary: string;
  readonly run: (argv: readonly string[]) => Promise<void>;
}

/** A mistake in the command line: the CLI prints the message and the command's usage. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
