/**
 * A mistake in how the command was called, or a command or package that cannot be used: the
 * command prints its message as one line and exits with status 2.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * The line of a Node process's stderr that says what went wrong (`TypeError: …`,
 * `Error [ERR_MODULE_NOT_FOUND]: …`), without the source excerpt and stack around it.
 */
export function errorLine(stderr: string): string {
  const lines = stderr.split('\n').map((line) => line.trim()).filter(Boolean);
  return (
    lines.find((line) => /^[\w.$]*(?:Error|Exception)(?: \[\w+\])?:/.test(line)) ??
    lines.filter((line) => !line.startsWith('at ')).at(-1) ??
    'no output'
  );
}
