import { Command } from 'commander';

/**
 * The operator CLI. Subcommands arrive with their issues (gitops, pops, spaces, releases, …);
 * each lives in its own file and is added here.
 */
export function buildPlatformctl(version: string): Command {
  return new Command('platformctl')
    .description('Operate the private cloud platform: Central, PoPs and Spaces.')
    .version(version, '-v, --version', 'print the platformctl version')
    .helpOption('-h, --help', 'show help for a command')
    .showHelpAfterError()
    .exitOverride();
}
