import { Command, CommanderError } from 'commander';
import { EXIT_PROBLEMS, EXIT_USAGE, processIo, type CliIo } from './cli-io';
import { registerGitopsCommands } from './gitops/gitops.commands';
import { UsageError } from './usage-error';

/** Holds the exit code an action decided on, since commander actions return nothing. */
export interface ExitStatus {
  code: number;
}

/**
 * The operator CLI. Each command group lives in its own folder and registers itself here; actions
 * write through `io` and set `status.code` instead of exiting, so tests run them in-process.
 */
export function buildPlatformctl(
  version: string,
  io: CliIo = processIo,
  status: ExitStatus = { code: 0 },
): Command {
  const program = new Command('platformctl')
    .description('Operate the private cloud platform: Central, PoPs and Spaces.')
    .version(version, '-v, --version', 'print the platformctl version')
    .helpOption('-h, --help', 'show help for a command')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  registerGitopsCommands(program, io, status);
  return program;
}

/** Runs platformctl with `argv` (without the node and script paths) and returns the exit code. */
export async function runPlatformctl(
  argv: string[],
  version: string,
  io: CliIo = processIo,
): Promise<number> {
  const status: ExitStatus = { code: 0 };
  try {
    await buildPlatformctl(version, io, status).parseAsync(argv, { from: 'user' });
    return status.code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE;
    if (error instanceof UsageError) {
      io.stderr(`platformctl: ${error.message}\n`);
      return EXIT_USAGE;
    }
    io.stderr(`platformctl: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_PROBLEMS;
  }
}
