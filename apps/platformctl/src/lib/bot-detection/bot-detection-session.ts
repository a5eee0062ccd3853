import { Option, type Command } from 'commander';
import { findConfigFile } from '../config/find-config-file';
import { loadOperatorCredentials } from '../config/operator-credentials';
import type { PlatformctlEnvironment } from '../config/platformctl-environment';
import { readPlatformctlConfig, type PlatformctlConfig } from '../config/platformctl-config';
import { globalOptionsOf } from '../fleet/global-options';
import { UsageError } from '../usage-error';
import { BotDetectionClient, type BotDetectionApi } from './bot-detection.client';

/** Which PoP's bot-detection service a command talks to. */
export interface PopOptions {
  pop?: string;
  address?: string;
}

/** `--pop <pop>` (its address from `botDetection:` in the configuration) and `--address`. */
export function popOptions(): Option[] {
  return [
    new Option('--pop <pop>', 'the PoP whose bot-detection service to use'),
    new Option('--address <host:port>', 'talk to this bot-detection service instead'),
  ];
}

/** Where to connect, and where that address came from (for the "cannot reach" line). */
export function resolveBotDetectionAddress(
  config: PlatformctlConfig,
  options: PopOptions,
): { address: string; configuredIn: string } {
  if (options.address) return { address: options.address, configuredIn: '--address' };
  if (!options.pop) throw new UsageError('say which PoP: --pop <pop> (or --address <host:port>)');
  const address = config.botDetection?.[options.pop];
  if (!address) {
    const known = Object.keys(config.botDetection ?? {});
    throw new UsageError(
      `botDetection.${options.pop}: is not set in ${config.file}` +
        (known.length > 0 ? ` (it knows ${known.join(', ')})` : '') +
        `; add "botDetection: { ${options.pop}: <host>:<port> }" or pass --address`,
    );
  }
  return { address, configuredIn: `botDetection.${options.pop} in ${config.file}` };
}

/**
 * Runs `work` with a client of the chosen PoP's bot-detection service, built from the
 * configuration and the global options of `command`, and closes it afterwards.
 */
export async function withBotDetection<Result>(
  command: Command,
  environment: PlatformctlEnvironment,
  target: PopOptions,
  work: (botDetection: BotDetectionApi) => Promise<Result>,
): Promise<Result> {
  const options = globalOptionsOf(command);
  const config = readPlatformctlConfig(findConfigFile(environment, options.config));
  const client = new BotDetectionClient({
    ...resolveBotDetectionAddress(config, target),
    credentials: loadOperatorCredentials(config, {
      tokenFlag: options.token,
      variables: environment.variables,
    }),
    timeoutMs: options.timeout * 1000,
  });
  try {
    return await work(client);
  } finally {
    client.close();
  }
}
