import { join } from 'node:path';

/** Where one local platform keeps its state (`.platform/` unless told otherwise). */
export interface StatePaths {
  root: string;
  pki: string;
  logs: string;
  /** One folder per Space agent (and side), kept across restarts. */
  agents: string;
  gitopsRemote: string;
  /** The development time line every service reads (`npm run demo` writes it). */
  clockFile: string;
  endpoints: string;
  platformctlConfig: string;
  operatorToken: string;
}

/** The file a platformctl configuration names for its token, relative to the configuration. */
export const OPERATOR_TOKEN_FILE = 'operator.token';

export function statePaths(root: string): StatePaths {
  return {
    root,
    pki: join(root, 'pki'),
    logs: join(root, 'logs'),
    agents: join(root, 'agents'),
    gitopsRemote: join(root, 'gitops.git'),
    clockFile: join(root, 'clock.json'),
    endpoints: join(root, 'endpoints.json'),
    platformctlConfig: join(root, 'platformctl.yaml'),
    operatorToken: join(root, OPERATOR_TOKEN_FILE),
  };
}
