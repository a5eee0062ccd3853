/** A mistake in how the command was called: exit code 2, as for unknown options. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
