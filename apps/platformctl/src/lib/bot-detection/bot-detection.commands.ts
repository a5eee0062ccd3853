import { InvalidArgumentError, Option, type Command } from 'commander';
import type { CliIo } from '../cli-io';
import type { PlatformctlEnvironment } from '../config/platformctl-environment';
import { helpExamples } from '../help-examples';
import { outputOption, writeOutput, type OutputFormat } from '../output/output-format';
import type { ExitStatus } from '../platformctl.program';
import { UsageError } from '../usage-error';
import { popOptions, withBotDetection, type PopOptions } from './bot-detection-session';
import {
  allowlistTable,
  allowlistView,
  rulesTable,
  rulesView,
  statsTable,
  statsView,
} from './bot-detection-views';
import { registerSignatureCommands } from './signatures.commands';
import { spaceRulesOf, spaceRulesOptions, type SpaceRulesOptions } from './space-rules-options';

/**
 * `platformctl bot-detection …` (alias `bd`): a PoP's bot-detection service, reached at the
 * address `botDetection.<pop>` of the configuration (or `--address`) with the operator's
 * certificate.
 */
export function registerBotDetectionCommands(
  program: Command,
  io: CliIo,
  environment: PlatformctlEnvironment,
  status: ExitStatus,
): void {
  const botDetection = program
    .command('bot-detection')
    .alias('bd')
    .description(
      "A PoP's bot detection: signatures, statistics, per-Space rate rules, allowlists, unblocking.",
    )
    .addHelpText(
      'after',
      helpExamples(
        'platformctl bot-detection signatures import feed.jsonl --pop aws-us-east-1',
        'platformctl bot-detection stats --pop aws-us-east-1 --space acme',
        'platformctl bot-detection rules set acme --pop aws-us-east-1 --brute-force-attempts 5',
      ),
    );
  registerSignatureCommands(botDetection, io, environment, status);

  const command = (parent: Command, name: string, description: string) => {
    const created = parent.command(name).description(description);
    for (const option of popOptions()) created.addOption(option);
    return created;
  };
  const popOf = (options: PopOptions) => options.pop ?? options.address ?? '';

  command(botDetection, 'stats', 'Decision counts for the PoP or one Space over a recent window.')
    .option('--space <name>', 'only this Space')
    .addOption(
      new Option('--window <minutes>', 'length of the window ending now, 1 to 1440')
        .argParser(minutes)
        .default(60),
    )
    .addOption(outputOption())
    .action(
      async (
        options: PopOptions & { space?: string; window: number; output: OutputFormat },
        cmd: Command,
      ) => {
        const space = options.space ?? '';
        const response = await withBotDetection(cmd, environment, options, (api) =>
          api.call('getStats', { space, windowMinutes: options.window }),
        );
        const data = statsView(response, { pop: popOf(options), space });
        writeOutput(io, options.output, data, () => statsTable(data));
      },
    );

  const rules = botDetection
    .command('rules')
    .description("A Space's rate rules: brute force, suspicious-IP and signup throttling.");

  command(rules, 'get', 'The rules in force for a Space (defaults filled in).')
    .argument('<space>', 'the Space')
    .addOption(outputOption())
    .action(async (space: string, options: PopOptions & { output: OutputFormat }, cmd: Command) => {
      const response = await withBotDetection(cmd, environment, options, (api) =>
        api.call('getSpaceRules', { space }),
      );
      const data = rulesView(space, response);
      writeOutput(io, options.output, data, () => rulesTable(data));
    });

  const set = command(
    rules,
    'set',
    "Replace a Space's rule settings: a rule no option names follows the platform default.",
  ).argument('<space>', 'the Space');
  for (const option of spaceRulesOptions()) set.addOption(option);
  set
    .addOption(outputOption())
    .addHelpText(
      'after',
      helpExamples(
        'platformctl bot-detection rules set acme --pop aws-us-east-1 --brute-force-attempts 5 --signup off',
        'platformctl bot-detection rules set acme --pop aws-us-east-1 --defaults',
      ),
    )
    .action(
      async (
        space: string,
        options: PopOptions & SpaceRulesOptions & { output: OutputFormat },
        cmd: Command,
      ) => {
        const requested = spaceRulesOf(options);
        const response = await withBotDetection(cmd, environment, options, (api) =>
          api.call('setSpaceRules', { space, rules: requested }),
        );
        const data = rulesView(space, response);
        writeOutput(io, options.output, data, () => rulesTable(data));
      },
    );

  const allowlist = botDetection
    .command('allowlist')
    .description("A Space's allowlist: IPs and CIDR ranges that bypass every check (at most 100).");

  command(allowlist, 'list', "A Space's allowlist.")
    .argument('<space>', 'the Space')
    .addOption(outputOption())
    .action(async (space: string, options: PopOptions & { output: OutputFormat }, cmd: Command) => {
      const response = await withBotDetection(cmd, environment, options, (api) =>
        api.call('getAllowlist', { space }),
      );
      const data = allowlistView(space, response.entries);
      writeOutput(io, options.output, data, () => allowlistTable(data));
    });

  command(allowlist, 'add', "Add IPs or CIDR ranges to a Space's allowlist.")
    .argument('<space>', 'the Space')
    .argument('<ip-range...>', 'addresses or CIDR ranges, e.g. 192.0.2.0/24')
    .option('--comment <text>', 'why they are there (at most 200 characters)', '')
    .addOption(outputOption())
    .action(
      async (
        space: string,
        ranges: string[],
        options: PopOptions & { comment: string; output: OutputFormat },
        cmd: Command,
      ) => {
        const response = await withBotDetection(cmd, environment, options, (api) =>
          api.call('addAllowlistEntries', {
            space,
            entries: ranges.map((ipRange) => ({ ipRange, comment: options.comment })),
          }),
        );
        const data = allowlistView(space, response.entries);
        writeOutput(io, options.output, data, () => allowlistTable(data));
      },
    );

  command(allowlist, 'remove', "Remove IPs or CIDR ranges from a Space's allowlist.")
    .argument('<space>', 'the Space')
    .argument('<ip-range...>', 'addresses or CIDR ranges')
    .addOption(outputOption())
    .action(
      async (
        space: string,
        ipRanges: string[],
        options: PopOptions & { output: OutputFormat },
        cmd: Command,
      ) => {
        const response = await withBotDetection(cmd, environment, options, (api) =>
          api.call('removeAllowlistEntries', { space, ipRanges }),
        );
        const data = allowlistView(space, response.entries);
        writeOutput(io, options.output, data, () => allowlistTable(data));
      },
    );

  command(
    botDetection,
    'unblock',
    'Lift the throttles and blocks rate rules put on an IP and/or a user in a Space.',
  )
    .argument('<space>', 'the Space')
    .option('--ip <ip>', 'the client IP')
    .option('--user <hashed-user-id>', 'the user, as the hash the Space sends (64 hex characters)')
    .addOption(outputOption())
    .action(
      async (
        space: string,
        options: PopOptions & { ip?: string; user?: string; output: OutputFormat },
        cmd: Command,
      ) => {
        if (!options.ip && !options.user)
          throw new UsageError('say what to unblock: --ip and/or --user');
        const response = await withBotDetection(cmd, environment, options, (api) =>
          api.call('unblock', { space, ip: options.ip ?? '', hashedUserId: options.user ?? '' }),
        );
        const data = { space, cleared: response.cleared };
        writeOutput(
          io,
          options.output,
          data,
          () => `Cleared ${response.cleared} throttles and blocks in ${space}.\n`,
        );
      },
    );
}

function minutes(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < 1 || number > 1440) {
    throw new InvalidArgumentError('expected a whole number of minutes from 1 to 1440');
  }
  return number;
}
