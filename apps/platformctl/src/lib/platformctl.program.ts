import { Command, CommanderError } from 'commander';
import { EXIT_PROBLEMS, EXIT_USAGE, processIo, type CliIo } from './cli-io';
import { processEnvironment, type PlatformctlEnvironment } from './config/platformctl-environment';
import { registerAuthCommands } from './auth/auth.commands';
import { registerBotDetectionCommands } from './bot-detection/bot-detection.commands';
import { addGlobalOptions } from './fleet/global-options';
import { registerGitopsCommands } from './gitops/gitops.commands';
import { registerPopsCommands } from './pops/pops.commands';
import { registerReleaseCommands } from './releases/releases.commands';
import { registerSpacesCommands } from './spaces/spaces.commands';
import { UsageError } from './usage-error';

/** Holds the exit code an action decided on, since commander actions return nothing. */
export interface ExitStatus {
  code: number;
}

/**
 * The operator CLI. Each command group lives in its own folder and registers itself here; actions
 * write through `io` and set `status.code` (or throw) instead of exiting, so tests run them
 * in-process. `environment` is where configuration is looked for (the process's by default).
 */
export function buildPlatformctl(
  version: string,
  io: CliIo = processIo,
  status: ExitStatus = { code: 0 },
  environment: PlatformctlEnvironment = processEnvironment(),
): Command {
  const program = new Command('platformctl')
    .description('Operate the private cloud platform: Central, PoPs and Spaces.')
    .version(version, '-v, --version', 'print the platformctl version')
    .helpOption('-h, --help', 'show help for a command')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  addGlobalOptions(program);
  registerPopsCommands(program, io, environment);
  registerSpacesCommands(program, io, environment);
  registerReleaseCommands(program, io, environment);
  registerBotDetectionCommands(program, io, environment, status);
  registerGitopsCommands(program, io, status);
  registerAuthCommands(program, io, status);
  return program;
}

/**
 * Runs platformctl with `argv` (without the node and script paths) and returns the exit code:
 * 0 done, 1 the operation failed (one line on stderr, for a gRPC error `platformctl: CODE: details`),
 * 2 the command line was wrong.
 */
export async function runPlatformctl(
  argv: string[],
  version: string,
  io: CliIo = processIo,
  environment: PlatformctlEnvironment = processEnvironment(),
): Promise<number> {
  const status: ExitStatus = { code: 0 };
  try {
    await buildPlatformctl(version, io, status, environment).parseAsync(argv, { from: 'user' });
    return status.code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE;
    const message = oneLine(error instanceof Error ? error.message : String(error));
    io.stderr(`platformctl: ${message}\n`);
    return error instanceof UsageError ? EXIT_USAGE : EXIT_PROBLEMS;
  }
}

function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ');
}
