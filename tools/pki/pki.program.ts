import { Command, CommanderError } from 'commander';
import {
  ensurePkiDirectory,
  isValidTrustDomain,
  parseSpiffeId,
  readPkiTrustDomain,
  type PkiDirectory,
  type WorkloadIdentity,
} from '@platform/pki';

/** Where the program writes; tests pass their own to read the output. */
export interface PkiProgramIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

const processIo: PkiProgramIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** Exit codes: 0 done, 1 the operation failed, 2 the command line was wrong. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

const DEFAULT_OPERATOR = 'dev';

interface InitOptions {
  dir: string;
  trustDomain: string;
  identity?: string[];
}

interface IssueOptions {
  dir: string;
  identity: string[];
}

/**
 * The `pki` command line: `init` creates a PKI directory, `issue` adds workload certificates to
 * one. It only reads arguments and calls @platform/pki. Errors do not exit the process: they
 * surface as a thrown `CommanderError` (usage) or the library's error, see {@link runPki}.
 */
export function buildPkiProgram(io: PkiProgramIo = processIo): Command {
  // Set before adding subcommands: they inherit these settings when created.
  const program = new Command('pki')
    .description(
      "Creates the platform's development PKI: an internal CA, workload certificates carrying SPIFFE IDs, and the Ed25519 key that signs directives.",
    )
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  program
    .command('init')
    .description(
      'Create a PKI directory, or complete one: only missing or unusable files are written, so it is safe to rerun.',
    )
    .requiredOption('--dir <dir>', 'the PKI directory (created if missing)')
    .requiredOption(
      '--trust-domain <domain>',
      'the SPIFFE trust domain, for example platform.local',
    )
    .option(
      '--identity <spiffe-id...>',
      `workloads to issue certificates for (repeatable); default: spiffe://<trust-domain>/operator/${DEFAULT_OPERATOR} only`,
    )
    .addHelpText(
      'after',
      [
        '',
        'Writes ca.crt/ca.key, <slug>.crt/<slug>.key per identity, directive-signing.key/.pub.',
        'Identities: spiffe://<td>/central/<control-plane|release-orchestrator>,',
        '            spiffe://<td>/pop/<pop>/<pop-relay|bot-detection>,',
        '            spiffe://<td>/space/<space>/space-agent, spiffe://<td>/operator/<name>',
        '',
        'Example:',
        '  pki init --dir .platform/pki --trust-domain platform.local \\',
        '    --identity spiffe://platform.local/central/control-plane \\',
        '    --identity spiffe://platform.local/pop/aws-us-east-1/pop-relay',
      ].join('\n'),
    )
    .action(async (options: InitOptions, command: Command) => {
      if (!isValidTrustDomain(options.trustDomain)) {
        usageError(
          command,
          `--trust-domain ${JSON.stringify(options.trustDomain)} is not a SPIFFE trust domain (lowercase letters, digits, ".", "-", "_")`,
        );
      }
      const identities: WorkloadIdentity[] = options.identity
        ? options.identity.map((uri) => identityArgument(command, uri, options.trustDomain))
        : [{ trustDomain: options.trustDomain, tier: 'operator', name: DEFAULT_OPERATOR }];
      report(
        io,
        await ensurePkiDirectory(options.dir, { trustDomain: options.trustDomain, identities }),
      );
    });

  program
    .command('issue')
    .description(
      'Add workload certificates to an existing PKI directory; a usable existing certificate is kept.',
    )
    .requiredOption('--dir <dir>', 'a PKI directory made by pki init')
    .requiredOption(
      '--identity <spiffe-id...>',
      "workloads to issue certificates for (repeatable), in the directory's trust domain",
    )
    .action(async (options: IssueOptions, command: Command) => {
      const trustDomain = await readPkiTrustDomain(options.dir);
      const identities = options.identity.map((uri) => identityArgument(command, uri, trustDomain));
      report(io, await ensurePkiDirectory(options.dir, { trustDomain, identities }));
    });

  return program;
}

/**
 * Runs the `pki` command line and returns the exit code: 0 done, 1 the operation failed (one
 * line on stderr), 2 the command line was wrong.
 */
export async function runPki(
  argv: readonly string[],
  io: PkiProgramIo = processIo,
): Promise<number> {
  try {
    await buildPkiProgram(io).parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    // Commander has already printed its message; help requested on purpose exits 0.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`pki: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
    return EXIT_FAILURE;
  }
}

function identityArgument(command: Command, uri: string, trustDomain: string): WorkloadIdentity {
  try {
    return parseSpiffeId(uri, { trustDomain });
  } catch (error) {
    return usageError(command, `--identity: ${(error as Error).message}`);
  }
}

function usageError(command: Command, message: string): never {
  return command.error(`error: ${message}`, { exitCode: EXIT_USAGE, code: 'pki.usage' });
}

function report(io: PkiProgramIo, pki: PkiDirectory): void {
  for (const change of pki.changes) {
    io.stdout(
      change.action === 'created'
        ? `created  ${change.path}\n`
        : `replaced ${change.path} (${change.reason})\n`,
    );
  }
  const summary =
    pki.changes.length === 0
      ? 'nothing to do, every file is in place'
      : `${count(pki.changes.length, 'file')} written`;
  io.stdout(
    `${pki.dir}: ${summary}; trust domain ${pki.trustDomain}, ${count(pki.identities.length, 'identity', 'identities')}, directive signing key ${pki.directiveSigning.keyId}\n`,
  );
}

function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
