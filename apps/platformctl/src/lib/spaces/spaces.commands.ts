import type { Command } from 'commander';
import type { CliIo } from '../cli-io';
import type { PlatformctlEnvironment } from '../config/platformctl-environment';
import { helpExamples } from '../help-examples';
import { registerSpaceMutations } from './space-mutations.commands';
import { registerSpaceQueries } from './space-queries.commands';

/** `platformctl spaces …`: customer environments, read and changed through the control plane. */
export function registerSpacesCommands(
  program: Command,
  io: CliIo,
  environment: PlatformctlEnvironment,
): void {
  const spaces = program
    .command('spaces')
    .description('List, show, create, change, fail over and delete Spaces (customer environments).')
    .addHelpText(
      'after',
      helpExamples(
        'platformctl spaces list --pop aws-us-east-1',
        'platformctl spaces get acme',
        'platformctl spaces scale acme --tier performance-plus',
        'platformctl spaces failover acme --expected-active primary',
      ),
    );
  registerSpaceQueries(spaces, io, environment);
  registerSpaceMutations(spaces, io, environment);
}
