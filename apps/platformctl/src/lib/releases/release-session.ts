import type { Command } from 'commander';
import { findConfigFile } from '../config/find-config-file';
import { loadOperatorCredentials } from '../config/operator-credentials';
import type { PlatformctlEnvironment } from '../config/platformctl-environment';
import { readPlatformctlConfig } from '../config/platformctl-config';
import { globalOptionsOf } from '../fleet/global-options';
import { UsageError } from '../usage-error';
import { ReleaseOrchestratorClient, type ReleaseApi } from './release-orchestrator.client';

/**
 * Runs `work` with a release-orchestrator client built from the configuration (`releaseOrchestrator:`)
 * and the global options of `command`, and closes it afterwards so the process can exit.
 */
export async function withReleaseOrchestrator<Result>(
  command: Command,
  environment: PlatformctlEnvironment,
  work: (orchestrator: ReleaseApi) => Promise<Result>,
): Promise<Result> {
  const options = globalOptionsOf(command);
  const config = readPlatformctlConfig(findConfigFile(environment, options.config));
  if (!config.releaseOrchestrator) {
    throw new UsageError(
      `releaseOrchestrator: is not set in ${config.file}; add "releaseOrchestrator: <host>:<port>"`,
    );
  }
  const client = new ReleaseOrchestratorClient({
    address: config.releaseOrchestrator,
    configuredIn: `releaseOrchestrator in ${config.file}`,
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
