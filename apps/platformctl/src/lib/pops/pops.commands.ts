import { Option, type Command } from 'commander';
import type { CliIo } from '../cli-io';
import type { PlatformctlEnvironment } from '../config/platformctl-environment';
import type { ControlPlaneApi } from '../control-plane/control-plane.client';
import { withControlPlane } from '../fleet/control-plane-session';
import { confirmDeletion } from '../fleet/delete-confirmation';
import { changeView, popView, present, type PopView } from '../fleet/fleet-views';
import { channels, clouds } from '../fleet/fleet-vocabulary';
import { mutate } from '../fleet/mutation';
import { requestIdOf, requestIdOption } from '../fleet/request-id';
import { helpExamples } from '../help-examples';
import { outputOption, writeOutput, type OutputFormat } from '../output/output-format';
import { formatFields } from '../output/text-table';
import { changeFields } from '../fleet/change-fields';
import { popFields, popsTable } from './pop-tables';

interface OutputOptions {
  output: OutputFormat;
}

interface CreatePopOptions extends OutputOptions {
  cloud: string;
  region: string;
  channel: string;
  requestId?: string;
}

interface DeletePopOptions extends OutputOptions {
  yes?: boolean;
  requestId?: string;
}

/** `platformctl pops list|get|create|delete`: the fleet's points of presence. */
export function registerPopsCommands(
  program: Command,
  io: CliIo,
  environment: PlatformctlEnvironment,
): void {
  const pops = program
    .command('pops')
    .description('List, show, create and delete PoPs (one per cloud region).')
    .addHelpText(
      'after',
      helpExamples('platformctl pops list', 'platformctl pops get aws-us-east-1 -o yaml'),
    );

  pops
    .command('list')
    .description('List every PoP, ordered by name.')
    .addOption(outputOption())
    .addHelpText('after', helpExamples('platformctl pops list', 'platformctl pops list -o json'))
    .action(async (options: OutputOptions, command: Command) => {
      const all = await withControlPlane(command, environment, listAllPops);
      writeOutput(io, options.output, { pops: all }, () => popsTable(all));
    });

  pops
    .command('get')
    .description('Show one PoP.')
    .argument('<name>', 'PoP name, for example aws-us-east-1')
    .addOption(outputOption())
    .addHelpText('after', helpExamples('platformctl pops get aws-us-east-1'))
    .action(async (name: string, options: OutputOptions, command: Command) => {
      const response = await withControlPlane(command, environment, (controlPlane) =>
        controlPlane.call('getPop', { name }),
      );
      const pop = popView(present(response.pop, 'pop'));
      writeOutput(io, options.output, { pop }, () => popFields(pop));
    });

  pops
    .command('create')
    .description("Create a PoP in a cloud region; it starts on its channel's current release.")
    .argument('<name>', 'PoP name, by convention <cloud>-<region>')
    .addOption(
      new Option('--cloud <cloud>', 'cloud provider').choices(clouds.words).makeOptionMandatory(),
    )
    .requiredOption('--region <region>', "the cloud's region id, for example us-east-1")
    .addOption(
      new Option('--channel <channel>', 'release channel of the PoP services')
        .choices(channels.words)
        .makeOptionMandatory(),
    )
    .addOption(requestIdOption())
    .addOption(outputOption())
    .addHelpText(
      'after',
      helpExamples(
        'platformctl pops create aws-eu-west-1 --cloud aws --region eu-west-1 --channel prod',
        'platformctl pops create gcp-asia-east1 --cloud gcp --region asia-east1 --channel staging -o json',
      ),
    )
    .action(async (name: string, options: CreatePopOptions, command: Command) => {
      const response = await withControlPlane(command, environment, (controlPlane) =>
        mutate(controlPlane, 'createPop', {
          requestId: requestIdOf(options),
          name,
          cloud: clouds.toProto(options.cloud),
          region: options.region,
          channel: channels.toProto(options.channel),
        }),
      );
      const result = {
        pop: popView(present(response.pop, 'pop')),
        change: changeView(present(response.change, 'change')),
      };
      writeOutput(
        io,
        options.output,
        result,
        () => `Created PoP ${result.pop.name}.\n${popFields(result.pop, result.change)}`,
      );
    });

  pops
    .command('delete')
    .description(
      'Delete a PoP; refused while any Space uses it (as its PoP or geo-failover secondary).',
    )
    .argument('<name>', 'PoP name')
    .option('--yes', 'confirm the deletion (required)')
    .addOption(requestIdOption())
    .addOption(outputOption())
    .addHelpText('after', helpExamples('platformctl pops delete aws-eu-west-1 --yes'))
    .action(async (name: string, options: DeletePopOptions, command: Command) => {
      confirmDeletion(`PoP "${name}"`, options);
      const response = await withControlPlane(command, environment, (controlPlane) =>
        mutate(controlPlane, 'deletePop', { requestId: requestIdOf(options), name }),
      );
      const change = changeView(present(response.change, 'change'));
      writeOutput(
        io,
        options.output,
        { change },
        () => `Deleted PoP ${name}.\n${formatFields(changeFields(change))}`,
      );
    });
}

/** Every PoP, page after page (a fleet has tens of PoPs, not thousands). */
async function listAllPops(controlPlane: ControlPlaneApi): Promise<PopView[]> {
  const pops: PopView[] = [];
  const seen = new Set<string>();
  let pageToken = '';
  do {
    seen.add(pageToken);
    const page = await controlPlane.call('listPops', { pageSize: 0, pageToken });
    pops.push(...page.pops.map(popView));
    pageToken = page.nextPageToken;
  } while (pageToken !== '' && !seen.has(pageToken));
  return pops;
}
