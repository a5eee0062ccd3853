import { InvalidArgumentError, Option, type Command } from 'commander';

export const DEFAULT_TIMEOUT_SECONDS = 30;

/** Options every command that talks to a server understands, before or after the command name. */
export interface GlobalOptions {
  config?: string;
  token?: string;
  /** Deadline of each call, in seconds. */
  timeout: number;
}

export function addGlobalOptions(program: Command): void {
  program
    // Commands created after this inherit it, so each command's --help lists these too.
    .configureHelp({ showGlobalOptions: true })
    .addOption(
      new Option(
        '--config <file>',
        'configuration file (default: $PLATFORMCTL_CONFIG, ./.platform/platformctl.yaml, ~/.config/platformctl/config.yaml)',
      ),
    )
    .addOption(
      new Option(
        '--token <jwt>',
        'bearer token for this call (overrides $PLATFORMCTL_TOKEN and the configuration)',
      ),
    )
    .addOption(
      new Option('--timeout <seconds>', 'deadline of each call to a server')
        .argParser(positiveSeconds)
        .default(DEFAULT_TIMEOUT_SECONDS),
    );
}

export function globalOptionsOf(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

function positiveSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new InvalidArgumentError('expected a positive number of seconds');
  }
  return seconds;
}
