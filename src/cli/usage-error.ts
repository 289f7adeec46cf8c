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
