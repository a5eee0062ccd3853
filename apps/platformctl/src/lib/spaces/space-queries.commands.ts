import type { Command } from 'commander';
import { commonV1alpha1 as common, type controlPlaneV1alpha1 as api } from '@platform/contracts';
import type { CliIo } from '../cli-io';
import type { PlatformctlEnvironment } from '../config/platformctl-environment';
import type { ControlPlaneApi } from '../control-plane/control-plane.client';
import { withControlPlane } from '../fleet/control-plane-session';
import { present, spaceView } from '../fleet/fleet-views';
import { channels, tiers } from '../fleet/fleet-vocabulary';
import { helpExamples } from '../help-examples';
import { outputOption, writeOutput, type OutputFormat } from '../output/output-format';
import { spaceOptions } from './space-options';
import { spaceDetails, spacesTable } from './space-tables';

interface ListSpacesOptions {
  output: OutputFormat;
  pop?: string;
  channel?: string;
  tier?: string;
  pageSize?: number;
  pageToken?: string;
  all?: boolean;
}

/** `spaces list` and `spaces get`. */
export function registerSpaceQueries(
  spaces: Command,
  io: CliIo,
  environment: PlatformctlEnvironment,
): void {
  spaces
    .command('list')
    .description('List Spaces ordered by name, one page (100 by default) or --all.')
    .addOption(spaceOptions.pop('only Spaces on this PoP, as primary or geo-failover secondary'))
    .addOption(spaceOptions.channel('only Spaces on this channel'))
    .addOption(spaceOptions.tier('only Spaces of this tier'))
    .addOption(spaceOptions.pageSize())
    .addOption(spaceOptions.pageToken())
    .addOption(spaceOptions.all())
    .addOption(outputOption())
    .addHelpText(
      'after',
      helpExamples(
        'platformctl spaces list',
        'platformctl spaces list --pop aws-us-east-1 --tier performance-plus',
        'platformctl spaces list --channel prod --all -o json',
      ),
    )
    .action(async (options: ListSpacesOptions, command: Command) => {
      const filters: Omit<api.ListSpacesRequest, 'pageToken'> = {
        pageSize: options.pageSize ?? 0,
        pop: options.pop ?? '',
        channel: options.channel
          ? channels.toProto(options.channel)
          : common.Channel.CHANNEL_UNSPECIFIED,
        tier: options.tier ? tiers.toProto(options.tier) : common.Tier.TIER_UNSPECIFIED,
      };
      const result = await withControlPlane(command, environment, (controlPlane) =>
        listSpaces(controlPlane, filters, options.pageToken ?? '', options.all ?? false),
      );
      const data = { spaces: result.spaces.map(spaceView), nextPageToken: result.nextPageToken };
      writeOutput(io, options.output, data, () => spacesTable(data.spaces));
      if (options.output === 'table' && data.nextPageToken) {
        io.stderr(`More Spaces: add --all, or --page-token ${data.nextPageToken}\n`);
      }
    });

  spaces
    .command('get')
    .description('Show one Space, with the directives it has not acknowledged yet.')
    .argument('<name>', 'Space name')
    .addOption(outputOption())
    .addHelpText(
      'after',
      helpExamples('platformctl spaces get acme', 'platformctl spaces get acme -o yaml'),
    )
    .action(async (name: string, options: { output: OutputFormat }, command: Command) => {
      const response = await withControlPlane(command, environment, (controlPlane) =>
        controlPlane.call('getSpace', { name }),
      );
      const space = spaceView(present(response.space, 'space'));
      writeOutput(io, options.output, { space }, () => spaceDetails(space));
    });
}

/** One page from `pageToken`, or with `all` every page from there on, as one response. */
async function listSpaces(
  controlPlane: ControlPlaneApi,
  filters: Omit<api.ListSpacesRequest, 'pageToken'>,
  pageToken: string,
  all: boolean,
): Promise<api.ListSpacesResponse> {
  const spaces: api.Space[] = [];
  const seen = new Set<string>();
  let next = pageToken;
  do {
    seen.add(next);
    const page = await controlPlane.call('listSpaces', { ...filters, pageToken: next });
    spaces.push(...page.spaces);
    next = page.nextPageToken;
  } while (all && next !== '' && !seen.has(next));
  return { spaces, nextPageToken: all ? '' : next };
}
