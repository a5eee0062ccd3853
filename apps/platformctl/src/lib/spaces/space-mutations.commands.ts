import type { Command } from 'commander';
import type { controlPlaneV1alpha1 as api } from '@platform/contracts';
import { commonV1alpha1 as common } from '@platform/contracts';
import type { CliIo } from '../cli-io';
import type { PlatformctlEnvironment } from '../config/platformctl-environment';
import { changeFields } from '../fleet/change-fields';
import { withControlPlane } from '../fleet/control-plane-session';
import { confirmDeletion } from '../fleet/delete-confirmation';
import { changeView, present, spaceView } from '../fleet/fleet-views';
import { channels, failoverSides, tiers } from '../fleet/fleet-vocabulary';
import { mutate } from '../fleet/mutation';
import { requestIdOf, requestIdOption } from '../fleet/request-id';
import { helpExamples } from '../help-examples';
import { outputOption, writeOutput, type OutputFormat } from '../output/output-format';
import { formatFields } from '../output/text-table';
import {
  addOnsForCreate,
  updateNeedsCurrentSpace,
  updateSpaceRequest,
  windowFromFlags,
  type AddOnFlags,
  type UpdateFlags,
  type WindowFlags,
} from './space-flags';
import { spaceOptions } from './space-options';
import { spaceDetails } from './space-tables';

interface MutationOptions {
  output: OutputFormat;
  requestId?: string;
}

interface CreateSpaceOptions extends MutationOptions, WindowFlags, AddOnFlags {
  pop: string;
  tier: string;
  channel: string;
}

/** `spaces create|update|scale|failover|delete`: each is one gitops commit plus directives. */
export function registerSpaceMutations(
  spaces: Command,
  io: CliIo,
  environment: PlatformctlEnvironment,
): void {
  /** Prints a mutation's Space and change: the details table, or the whole result as data. */
  const printChange = (
    options: MutationOptions,
    verb: string,
    response: { space?: api.Space; change?: common.ChangeResult },
  ) => {
    const result = {
      space: spaceView(present(response.space, 'space')),
      change: changeView(present(response.change, 'change')),
    };
    writeOutput(
      io,
      options.output,
      result,
      () => `${verb} Space ${result.space.name}.\n${spaceDetails(result.space, result.change)}`,
    );
  };

  spaces
    .command('create')
    .description("Create a Space on a PoP; it starts on its channel's current release.")
    .argument('<name>', 'Space name (lowercase letters, digits and dashes)')
    .addOption(spaceOptions.pop().makeOptionMandatory())
    .addOption(spaceOptions.tier().makeOptionMandatory())
    .addOption(spaceOptions.channel().makeOptionMandatory())
    .addOption(spaceOptions.windowDay().makeOptionMandatory())
    .addOption(spaceOptions.windowStart().makeOptionMandatory())
    .addOption(spaceOptions.timeZone().makeOptionMandatory())
    .addOption(spaceOptions.windowMinutes().makeOptionMandatory())
    .addOption(spaceOptions.pci())
    .addOption(spaceOptions.secondaryPop())
    .addOption(requestIdOption())
    .addOption(outputOption())
    .addHelpText(
      'after',
      helpExamples(
        'platformctl spaces create acme --pop aws-us-east-1 --tier performance --channel prod \\\n      --window-day sunday --window-start 02:00 --time-zone Europe/Berlin --window-minutes 240',
        'platformctl spaces create globex --pop aws-us-east-1 --tier performance-plus --channel prod \\\n      --window-day saturday --window-start 23:00 --time-zone UTC --window-minutes 120 \\\n      --pci --secondary-pop gcp-europe-west1 -o json',
      ),
    )
    .action(async (name: string, options: CreateSpaceOptions, command: Command) => {
      const addOns = addOnsForCreate(options);
      const request: api.CreateSpaceRequest = {
        requestId: requestIdOf(options),
        name,
        pop: options.pop,
        tier: tiers.toProto(options.tier),
        channel: channels.toProto(options.channel),
        maintenanceWindow: windowFromFlags(options),
        ...(addOns ? { addOns } : {}),
      };
      const response = await withControlPlane(command, environment, (controlPlane) =>
        mutate(controlPlane, 'createSpace', request),
      );
      printChange(options, 'Created', response);
    });

  spaces
    .command('update')
    .description(
      'Change a Space: tier, maintenance window (flags left out keep their value) or add-ons.',
    )
    .argument('<name>', 'Space name')
    .addOption(spaceOptions.tier('new size class (same as `spaces scale`)'))
    .addOption(spaceOptions.windowDay())
    .addOption(spaceOptions.windowStart())
    .addOption(spaceOptions.timeZone())
    .addOption(spaceOptions.windowMinutes())
    .addOption(spaceOptions.pci())
    .addOption(spaceOptions.noPci())
    .addOption(spaceOptions.secondaryPop())
    .addOption(spaceOptions.noGeoFailover())
    .addOption(requestIdOption())
    .addOption(outputOption())
    .addHelpText(
      'after',
      [
        '',
        'The contract replaces the whole window and all add-ons, so platformctl reads the Space first',
        'when the flags change only part of them, and keeps the rest.',
        helpExamples(
          'platformctl spaces update acme --window-start 03:00',
          'platformctl spaces update acme --window-day saturday --window-start 22:00 --time-zone UTC --window-minutes 180',
          'platformctl spaces update acme --pci --secondary-pop gcp-europe-west1',
          'platformctl spaces update acme --no-geo-failover',
        ),
      ].join('\n'),
    )
    .action(async (name: string, options: UpdateFlags & MutationOptions, command: Command) => {
      const requestId = requestIdOf(options);
      const response = await withControlPlane(command, environment, async (controlPlane) => {
        const current = updateNeedsCurrentSpace(options)
          ? present((await controlPlane.call('getSpace', { name })).space, 'space')
          : undefined;
        return mutate(
          controlPlane,
          'updateSpace',
          updateSpaceRequest(name, requestId, options, current),
        );
      });
      printChange(options, 'Updated', response);
    });

  spaces
    .command('scale')
    .description('Change the tier of a Space (sends it a Scale directive).')
    .argument('<name>', 'Space name')
    .addOption(spaceOptions.tier('new size class').makeOptionMandatory())
    .addOption(requestIdOption())
    .addOption(outputOption())
    .addHelpText('after', helpExamples('platformctl spaces scale acme --tier performance-plus'))
    .action(async (name: string, options: MutationOptions & { tier: string }, command: Command) => {
      const response = await withControlPlane(command, environment, (controlPlane) =>
        mutate(controlPlane, 'updateSpace', {
          requestId: requestIdOf(options),
          name,
          tier: tiers.toProto(options.tier),
        }),
      );
      printChange(options, 'Scaled', response);
    });

  spaces
    .command('failover')
    .description(
      'Swap the active side of a geo-failover Space; both PoPs get an emergency directive.',
    )
    .argument('<name>', 'Space name')
    .addOption(spaceOptions.expectedActive())
    .addOption(requestIdOption())
    .addOption(outputOption())
    .addHelpText(
      'after',
      [
        '',
        'Retrying with the same --request-id does not swap back.',
        helpExamples(
          'platformctl spaces failover acme',
          'platformctl spaces failover acme --expected-active primary --request-id 0b5e7c1e-failover-acme',
        ),
      ].join('\n'),
    )
    .action(
      async (
        name: string,
        options: MutationOptions & { expectedActive?: string },
        command: Command,
      ) => {
        const response = await withControlPlane(command, environment, (controlPlane) =>
          mutate(controlPlane, 'failoverSpace', {
            requestId: requestIdOf(options),
            name,
            expectedActive: options.expectedActive
              ? failoverSides.toProto(options.expectedActive)
              : common.FailoverSide.FAILOVER_SIDE_UNSPECIFIED,
          }),
        );
        printChange(options, 'Failed over', response);
      },
    );

  spaces
    .command('delete')
    .description('Decommission a Space: removes it from git and tells its agent. Irreversible.')
    .argument('<name>', 'Space name')
    .addOption(spaceOptions.yes())
    .addOption(requestIdOption())
    .addOption(outputOption())
    .addHelpText('after', helpExamples('platformctl spaces delete acme --yes'))
    .action(
      async (name: string, options: MutationOptions & { yes?: boolean }, command: Command) => {
        confirmDeletion(`Space "${name}"`, options);
        const response = await withControlPlane(command, environment, (controlPlane) =>
          mutate(controlPlane, 'deleteSpace', { requestId: requestIdOf(options), name }),
        );
        const change = changeView(present(response.change, 'change'));
        writeOutput(
          io,
          options.output,
          { change },
          () => `Deleted Space ${name}.\n${formatFields(changeFields(change))}`,
        );
      },
    );
}
