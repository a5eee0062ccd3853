import { NotFoundError } from '@platform/errors';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigFileError } from './config-file.error';
import type { PlatformctlEnvironment } from './platformctl-environment';

export const CONFIG_VARIABLE = 'PLATFORMCTL_CONFIG';

/** The files platformctl looks at when neither `--config` nor `$PLATFORMCTL_CONFIG` is given. */
export function defaultConfigFiles(environment: PlatformctlEnvironment): string[] {
  return [
    join(environment.cwd, '.platform', 'platformctl.yaml'),
    join(environment.home, '.config', 'platformctl', 'config.yaml'),
  ];
}

/**
 * Which configuration file to read: `--config`, else `$PLATFORMCTL_CONFIG`, else the first of
 * {@link defaultConfigFiles} that exists. A file named explicitly must exist; falling through to
 * the defaults would quietly talk to another platform.
 */
export function findConfigFile(environment: PlatformctlEnvironment, explicit?: string): string {
  const named = explicit
    ? { file: explicit, field: '--config' }
    : environment.variables[CONFIG_VARIABLE]
      ? { file: environment.variables[CONFIG_VARIABLE], field: CONFIG_VARIABLE }
      : undefined;
  if (named) {
    const file = resolve(environment.cwd, named.file);
    if (!existsSync(file)) throw new ConfigFileError(file, named.field, 'no such file');
    return file;
  }
  const candidates = defaultConfigFiles(environment);
  const found = candidates.find((file) => existsSync(file));
  if (found) return found;
  throw new NotFoundError(
    `no configuration file: tried ${candidates.join(' and ')}; run \`npm start\` (it writes .platform/platformctl.yaml), set ${CONFIG_VARIABLE} or pass --config <file>`,
  );
}
