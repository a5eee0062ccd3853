import { Option, type Command } from 'commander';
import { commonV1alpha1 as common } from '@platform/contracts';
import type { CliIo } from '../cli-io';
import type { PlatformctlEnvironment } from '../config/platformctl-environment';
import { channels } from '../fleet/fleet-vocabulary';
import { requestIdOf, requestIdOption } from '../fleet/request-id';
import { helpExamples } from '../help-examples';
import { outputOption, writeOutput, type OutputFormat } from '../output/output-format';
import { formatFields } from '../output/text-table';
import { UsageError } from '../usage-error';
import {
  MIGRATION_PHASE_WORDS,
  changeView,
  channelsTable,
  channelsView,
  phaseToProto,
  planTable,
  planTimeline,
  planView,
  releaseDetails,
  releaseView,
  releasesTable,
  trainTable,
  trainView,
} from './release-views';
import { withReleaseOrchestrator } from './release-session';
import { targetOf, targetOptions, type TargetOptions } from './release-target';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * `platformctl releases …`, `channels`, `train`, `rollback`, `freeze`, `unfreeze`: the release
 * orchestrator's API (`releaseOrchestrator:` in the configuration).
 */
export function registerReleaseCommands(
  program: Command,
  io: CliIo,
  environment: PlatformctlEnvironment,
): void {
  const releases = program
    .command('releases')
    .description('Publish, list, show and block releases; plan when Spaces get them.')
    .addHelpText(
      'after',
      helpExamples(
        'platformctl releases list',
        'platformctl releases publish 2026.48.0 --compatible-with 2026.47.0 --component identity-api=registry.example.com/identity-api@sha256:<64 hex>',
        'platformctl releases plan --space acme --days 28',
      ),
    );

  releases
    .command('publish')
    .description('Publish a release at the head of the chain (one commit).')
    .argument('<version>', 'release version, e.g. 2026.48.0')
    .requiredOption(
      '--compatible-with <version>',
      'the newest published release ("" for the very first)',
    )
    .option(
      '--component <name=image>',
      'a component image pinned by digest (repeat for each)',
      collect,
    )
    .option(
      '--migration <id:phase>',
      `a migration, phase one of ${MIGRATION_PHASE_WORDS.join(', ')} (repeatable)`,
      collect,
    )
    .addOption(requestIdOption())
    .addOption(outputOption())
    .action(
      async (
        version: string,
        options: {
          compatibleWith: string;
          component?: string[];
          migration?: string[];
          requestId?: string;
          output: OutputFormat;
        },
        command: Command,
      ) => {
        const components = Object.fromEntries(
          (options.component ?? []).map((pair) => {
            const at = pair.indexOf('=');
            if (at <= 0) throw new UsageError(`--component "${pair}": expected <name>=<image>`);
            return [pair.slice(0, at), pair.slice(at + 1)];
          }),
        );
        const migrations = (options.migration ?? []).map((pair) => {
          const [id, phase] = pair.split(':');
          if (!id || !(MIGRATION_PHASE_WORDS as readonly string[]).includes(phase ?? '')) {
            throw new UsageError(
              `--migration "${pair}": expected <id>:<${MIGRATION_PHASE_WORDS.join('|')}>`,
            );
          }
          return { id, phase: phaseToProto(phase) };
        });
        const response = await withReleaseOrchestrator(command, environment, (api) =>
          api.call('publishRelease', {
            requestId: requestIdOf(options),
            release: { version, components, migrations, compatibleWith: options.compatibleWith },
          }),
        );
        const data = {
          release: response.release && releaseView(response.release),
          ...changeView(response.change),
        };
        writeOutput(
          io,
          options.output,
          data,
          () => `Published ${version} in commit ${data.commit}\n`,
        );
      },
    );

  releases
    .command('list')
    .description('List releases, newest first.')
    .addOption(new Option('--page-size <n>', 'releases per page').argParser(Number))
    .addOption(new Option('--page-token <token>', 'continue after a previous page'))
    .addOption(outputOption())
    .action(
      async (
        options: { pageSize?: number; pageToken?: string; output: OutputFormat },
        command: Command,
      ) => {
        const response = await withReleaseOrchestrator(command, environment, (api) =>
          api.call('listReleases', {
            pageSize: options.pageSize ?? 0,
            pageToken: options.pageToken ?? '',
          }),
        );
        const data = {
          releases: response.releases.map(releaseView),
          nextPageToken: response.nextPageToken,
        };
        writeOutput(io, options.output, data, () => releasesTable(data.releases));
      },
    );

  releases
    .command('get')
    .description('Show one release.')
    .argument('<version>', 'release version')
    .addOption(outputOption())
    .action(async (version: string, options: { output: OutputFormat }, command: Command) => {
      const response = await withReleaseOrchestrator(command, environment, (api) =>
        api.call('getRelease', { version }),
      );
      const release = response.release && releaseView(response.release);
      writeOutput(io, options.output, { release }, () => (release ? releaseDetails(release) : ''));
    });

  releases
    .command('block')
    .description('Block a release: no channel or Space moves to it any more.')
    .argument('<version>', 'release version')
    .requiredOption('--reason <text>', 'why, for the audit trail')
    .addOption(requestIdOption())
    .addOption(outputOption())
    .action(
      async (
        version: string,
        options: { reason: string; requestId?: string; output: OutputFormat },
        command: Command,
      ) => {
        const response = await withReleaseOrchestrator(command, environment, (api) =>
          api.call('blockRelease', {
            requestId: requestIdOf(options),
            version,
            reason: options.reason,
          }),
        );
        const data = changeView(response.change);
        writeOutput(
          io,
          options.output,
          data,
          () => `Blocked ${version} in commit ${data.commit}\n`,
        );
      },
    );

  releases
    .command('plan')
    .description('Each Space’s next maintenance windows and the release each brings.')
    .option('--from <time>', 'start of the period (ISO 8601; default now)')
    .addOption(
      new Option('--days <n>', 'length of the period, 1 to 60').argParser(Number).default(14),
    )
    .option('--space <name>', 'only this Space')
    .option('--pop <name>', 'only Spaces on this PoP')
    .addOption(
      new Option('--channel <channel>', 'only Spaces on this channel').choices(channels.words),
    )
    .addOption(
      new Option('--view <view>', 'table: one row per window; timeline: moves by day')
        .choices(['table', 'timeline'])
        .default('table'),
    )
    .addOption(outputOption())
    .addHelpText(
      'after',
      helpExamples(
        'platformctl releases plan --space acme',
        'platformctl releases plan --channel prod --days 28 --view timeline',
      ),
    )
    .action(
      async (
        options: {
          from?: string;
          days: number;
          space?: string;
          pop?: string;
          channel?: string;
          view: string;
          output: OutputFormat;
        },
        command: Command,
      ) => {
        const from = options.from === undefined ? new Date() : new Date(options.from);
        if (Number.isNaN(from.getTime()))
          throw new UsageError(`--from "${options.from}": expected an ISO 8601 time`);
        const response = await withReleaseOrchestrator(command, environment, async (api) => {
          const spaces = [];
          let pageToken = '';
          do {
            const page = await api.call('planRollout', {
              fromTime: { seconds: String(Math.floor(from.getTime() / 1000)), nanos: 0 },
              days: options.days,
              space: options.space ?? '',
              pop: options.pop ?? '',
              channel: options.channel
                ? channels.toProto(options.channel)
                : common.Channel.CHANNEL_UNSPECIFIED,
              pageSize: 1000,
              pageToken,
            });
            spaces.push(...page.spaces);
            pageToken = page.nextPageToken;
          } while (pageToken !== '');
          return { spaces, nextPageToken: '' };
        });
        const data = planView(response);
        writeOutput(io, options.output, data, () =>
          options.view === 'timeline' ? planTimeline(data) : planTable(data),
        );
      },
    );

  program
    .command('channels')
    .description('Each channel’s release, freeze, and how many of its Spaces are on it or behind.')
    .addOption(outputOption())
    .action(async (options: { output: OutputFormat }, command: Command) => {
      const response = await withReleaseOrchestrator(command, environment, (api) =>
        api.call('getChannels', {}),
      );
      const data = channelsView(response);
      writeOutput(io, options.output, data, () => channelsTable(data));
    });

  program
    .command('train')
    .description(
      'Run the weekly train (prod ← staging ← dev ← next release) in one commit, or --dry-run it.',
    )
    .option('--dry-run', 'only print the plan and what blocks each channel')
    .option(
      '--review',
      'push the commit to a train/<date> branch for review instead of the gitops branch ' +
        '(the orchestrator may be configured to always do so)',
    )
    .addOption(requestIdOption())
    .addOption(outputOption())
    .action(
      async (
        options: { dryRun?: boolean; review?: boolean; requestId?: string; output: OutputFormat },
        command: Command,
      ) => {
        const response = await withReleaseOrchestrator(command, environment, (api) =>
          api.call('runTrain', {
            requestId: requestIdOf(options),
            dryRun: options.dryRun ?? false,
            // Unset leaves the choice to the orchestrator's configured mode.
            ...(options.review ? { review: true } : {}),
          }),
        );
        const data = trainView(response);
        writeOutput(io, options.output, data, () => trainTable(data));
      },
    );

  const mutation = (name: string, description: string, withAll: boolean) => {
    const command = program
      .command(name)
      .description(description)
      .requiredOption('--reason <text>', 'why, for the audit trail');
    for (const option of targetOptions(withAll)) command.addOption(option);
    return command.addOption(requestIdOption()).addOption(outputOption());
  };

  mutation(
    'rollback',
    'Move a channel or a Space back one release now (emergency: windows bypassed).',
    false,
  ).action(
    async (
      options: TargetOptions & { reason: string; requestId?: string; output: OutputFormat },
      command: Command,
    ) => {
      const target = targetOf(options);
      const response = await withReleaseOrchestrator(command, environment, (api) =>
        api.call('rollback', {
          requestId: requestIdOf(options),
          reason: options.reason,
          ...target,
        }),
      );
      const data = changeView(response.change);
      writeOutput(io, options.output, data, () =>
        formatFields([
          ['commit', data.commit],
          ['directives', String(data.directiveIds?.length ?? 0)],
        ]),
      );
    },
  );

  mutation(
    'freeze',
    'Freeze a channel, a Space or the whole fleet: no release steps while frozen.',
    true,
  )
    .option('--until <time>', 'when the freeze lifts by itself (ISO 8601)')
    .action(
      async (
        options: TargetOptions & {
          reason: string;
          until?: string;
          requestId?: string;
          output: OutputFormat;
        },
        command: Command,
      ) => {
        const until = options.until === undefined ? undefined : new Date(options.until);
        if (until && Number.isNaN(until.getTime()))
          throw new UsageError(`--until "${options.until}": expected an ISO 8601 time`);
        const target = targetOf(options);
        const response = await withReleaseOrchestrator(command, environment, (api) =>
          api.call('freeze', {
            requestId: requestIdOf(options),
            reason: options.reason,
            ...target,
            until: until && { seconds: String(Math.floor(until.getTime() / 1000)), nanos: 0 },
          }),
        );
        const data = changeView(response.change);
        writeOutput(io, options.output, data, () =>
          formatFields([
            ['commit', data.commit],
            ['directives', String(data.directiveIds?.length ?? 0)],
          ]),
        );
      },
    );

  mutation('unfreeze', 'Lift a freeze of a channel, a Space or the whole fleet.', true).action(
    async (
      options: TargetOptions & { reason: string; requestId?: string; output: OutputFormat },
      command: Command,
    ) => {
      const target = targetOf(options);
      const response = await withReleaseOrchestrator(command, environment, (api) =>
        api.call('unfreeze', {
          requestId: requestIdOf(options),
          reason: options.reason,
          ...target,
        }),
      );
      const data = changeView(response.change);
      writeOutput(io, options.output, data, () =>
        formatFields([
          ['commit', data.commit],
          ['directives', String(data.directiveIds?.length ?? 0)],
        ]),
      );
    },
  );
}
