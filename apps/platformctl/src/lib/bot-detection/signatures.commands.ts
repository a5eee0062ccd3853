import { InvalidArgumentError, Option, type Command } from 'commander';
import { createWritable } from 'listr2';
import { processIo, type CliIo } from '../cli-io';
import type { PlatformctlEnvironment } from '../config/platformctl-environment';
import { helpExamples } from '../help-examples';
import { outputOption, writeOutput, type OutputFormat } from '../output/output-format';
import type { ExitStatus } from '../platformctl.program';
import { popOptions, withBotDetection, type PopOptions } from './bot-detection-session';
import { listrProgress, noProgress, type ShowProgress } from './import-progress';
import { formatImportSummary, importExitCode } from './import-summary';
import { importSignatures } from './import-signatures';
import { MAX_BATCH_SIZE } from './signature-batches';
import { openSignatureInput } from './signature-input';

/** `platformctl bot-detection signatures import|remove`: a PoP's bad-actor signatures. */
export function registerSignatureCommands(
  botDetection: Command,
  io: CliIo,
  environment: PlatformctlEnvironment,
  status: ExitStatus,
): void {
  const signatures = botDetection
    .command('signatures')
    .description(
      "Import and remove a PoP's bad-actor signatures (IPs, ranges, user agents, fingerprints).",
    );

  const importCommand = signatures
    .command('import')
    .description(
      'Import signatures from a JSON Lines file (one per line), streamed in batches as it is read. ' +
        'Malformed lines are reported with their line number and skipped; exit code 1 when any line ' +
        'or signature was rejected.',
    )
    .argument('<file>', 'the file, or - for standard input');
  for (const option of popOptions()) importCommand.addOption(option);
  importCommand
    .option('--source <name>', 'source of the lines that name none, e.g. a feed name')
    .option('--strict', 'stop at the first malformed line (the lines before it are imported)')
    .addOption(
      new Option('--batch-size <n>', `signatures per message, 1 to ${MAX_BATCH_SIZE}`)
        .argParser(batchSize)
        .default(MAX_BATCH_SIZE),
    )
    .option('--no-progress', 'print only the summary')
    .addOption(outputOption())
    .addHelpText(
      'after',
      [
        '',
        'Each line (JSON): kind (ip, user-agent, fingerprint), value, category (bot, tor, proxy,',
        'abuse, scanner), action (challenge, throttle, block), source, and optionally id (default',
        '<kind>:<value>, so importing a feed again replaces its signatures) and expiresAt (ISO 8601).',
        '  {"kind":"ip","value":"203.0.113.0/24","category":"bot","action":"block","source":"feed-x","expiresAt":"2027-01-01T00:00:00Z"}',
        '  {"kind":"user-agent","value":"*python-requests/*","category":"scanner","action":"challenge","source":"manual"}',
        helpExamples(
          'platformctl bot-detection signatures import feed.jsonl --pop aws-us-east-1',
          'curl -s https://feeds.example/bad-ips.jsonl | platformctl bd signatures import - --pop aws-us-east-1 --source feed-x',
        ),
      ].join('\n'),
    )
    .action(
      async (
        file: string,
        options: PopOptions & {
          source?: string;
          strict?: boolean;
          batchSize: number;
          progress: boolean;
          output: OutputFormat;
        },
        command: Command,
      ) => {
        const input = await openSignatureInput(file, environment.cwd);
        const summary = await withBotDetection(command, environment, options, (api) =>
          importSignatures(
            api,
            {
              pop: options.pop ?? options.address ?? '',
              input,
              strict: options.strict ?? false,
              batchSize: options.batchSize,
              defaults: options.source === undefined ? {} : { source: options.source },
            },
            options.progress ? progressOn(io) : noProgress,
          ),
        );
        writeOutput(io, options.output, summary, () => formatImportSummary(summary));
        status.code = importExitCode(summary);
      },
    );

  const remove = signatures
    .command('remove')
    .description('Remove signatures by id (unknown ids are ignored).')
    .argument('<id...>', 'signature ids, e.g. ip:203.0.113.0/24');
  for (const option of popOptions()) remove.addOption(option);
  remove
    .addOption(outputOption())
    .addHelpText(
      'after',
      helpExamples(
        "platformctl bot-detection signatures remove 'ip:203.0.113.0/24' --pop aws-us-east-1",
      ),
    )
    .action(
      async (ids: string[], options: PopOptions & { output: OutputFormat }, command: Command) => {
        const removed = await withBotDetection(command, environment, options, async (api) => {
          let total = 0;
          for (let start = 0; start < ids.length; start += MAX_BATCH_SIZE) {
            const response = await api.call('removeSignatures', {
              ids: ids.slice(start, start + MAX_BATCH_SIZE),
            });
            total += response.removed;
          }
          return total;
        });
        const data = { pop: options.pop ?? options.address ?? '', requested: ids.length, removed };
        writeOutput(
          io,
          options.output,
          data,
          () => `Removed ${removed} of ${ids.length} signatures from ${data.pop}.\n`,
        );
      },
    );
}

/** listr2 on the real stderr when platformctl runs as itself; on `io` when a test runs it. */
function progressOn(io: CliIo): ShowProgress {
  if (io === processIo) return listrProgress(process.stderr);
  return listrProgress(createWritable((chunk) => io.stderr(chunk)));
}

function batchSize(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < 1 || number > MAX_BATCH_SIZE) {
    throw new InvalidArgumentError(`expected a whole number from 1 to ${MAX_BATCH_SIZE}`);
  }
  return number;
}
