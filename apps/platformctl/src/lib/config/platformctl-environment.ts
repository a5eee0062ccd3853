import { homedir } from 'node:os';

/** What platformctl reads from its surroundings; tests pass their own instead of the process's. */
export interface PlatformctlEnvironment {
  variables: Readonly<Record<string, string | undefined>>;
  /** Where `./.platform/platformctl.yaml` is looked for. */
  cwd: string;
  /** Where `~/.config/platformctl/config.yaml` is looked for. */
  home: string;
}

export function processEnvironment(): PlatformctlEnvironment {
  return { variables: process.env, cwd: process.cwd(), home: homedir() };
}
