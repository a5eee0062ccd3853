import type { Command } from 'commander';
import { findConfigFile } from '../config/find-config-file';
import { loadOperatorCredentials } from '../config/operator-credentials';
import type { PlatformctlEnvironment } from '../config/platformctl-environment';
import { readPlatformctlConfig } from '../config/platformctl-config';
import { ControlPlaneClient, type ControlPlaneApi } from '../control-plane/control-plane.client';
import { globalOptionsOf } from './global-options';

/**
 * Runs `work` with a control-plane client built from the configuration and the global options of
 * `command`, and closes it afterwards so the process can exit.
 */
export async function withControlPlane<Result>(
  command: Command,
  environment: PlatformctlEnvironment,
  work: (controlPlane: ControlPlaneApi) => Promise<Result>,
): Promise<Result> {
  const options = globalOptionsOf(command);
  const config = readPlatformctlConfig(findConfigFile(environment, options.config));
  const credentials = loadOperatorCredentials(config, {
    tokenFlag: options.token,
    variables: environment.variables,
  });
  const client = new ControlPlaneClient({
    address: config.controlPlane,
    configuredIn: `controlPlane in ${config.file}`,
    credentials,
    timeoutMs: options.timeout * 1000,
  });
  try {
    return await work(client);
  } finally {
    client.close();
  }
}
