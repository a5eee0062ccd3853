import type { Command } from 'commander';
import { DEVELOPMENT_ISSUER, OPERATOR_ROLES } from '@platform/operator-auth';
import type { CliIo } from '../cli-io';
import type { ExitStatus } from '../platformctl.program';
import { runAuthToken, type AuthTokenOptions } from './auth-token.action';

/** `platformctl auth token`: operator tokens for calling the control plane. */
export function registerAuthCommands(program: Command, io: CliIo, status: ExitStatus): void {
  const auth = program
    .command('auth')
    .description('Operator identity: bearer tokens for calling the control plane.');

  auth
    .command('token')
    .description(
      'Print an operator token (development only: mints a token from the local development key; production tokens come from your identity provider).',
    )
    .requiredOption('--role <role>', `the role the token grants: ${OPERATOR_ROLES.join(', ')}`)
    .option('--subject <name>', 'who the token speaks for (default: your user name)')
    .option(
      '--ttl <duration>',
      'how long the token is valid, for example 30m, 8h, 2d (at most 7d)',
      '8h',
    )
    .option(
      '--key <file>',
      'the Ed25519 or P-256 private key to sign with (default: .platform/pki/operator-token.key, written by npm start)',
    )
    .option('--issuer <iss>', 'the issuer the token names', DEVELOPMENT_ISSUER)
    .addHelpText(
      'after',
      [
        '',
        'Prints only the token on stdout (a note on stderr), so it can be captured:',
        '  TOKEN=$(npx platformctl auth token --role operator --ttl 30m)',
        '',
        'A control plane started by npm start trusts this key through .platform/pki/operator-issuers.yaml.',
        'Exit codes: 0 printed, 2 usage error (bad role or duration, missing or unusable key).',
      ].join('\n'),
    )
    .action(async (options: AuthTokenOptions) => {
      status.code = await runAuthToken(options, io);
    });
}
