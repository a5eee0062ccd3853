/** A bad environment variable: the message names it and says what is wrong, on one line. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    // One line, whatever the problem text holds: the service prints it and exits.
    super(`${variable}: ${problem}`.replace(/\s*\n\s*/g, ' '));
    this.name = 'ConfigError';
  }
}
