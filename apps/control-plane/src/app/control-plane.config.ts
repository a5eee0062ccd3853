import { env, loadServiceConfig, type ServiceConfig } from '@platform/platform-kit';
import { z } from 'zod';

/** The control plane's own settings, on top of the common service variables. */
export interface ControlPlaneConfig {
  /** Redis of Central: request ledger and directive outbox (AOF on). */
  redisUrl: string;
  gitops: {
    remoteUrl: string;
    branch: string;
    /** Folder of the gitops tree inside the repository ('' for the root). */
    subdirectory: string;
    /** Where the control plane keeps its clone. */
    workdir: string;
  };
  /** PEM file of Central's Ed25519 directive signing key. */
  directiveSigningKeyFile: string;
  /** YAML file listing the operator-token issuers and their public keys. */
  operatorIssuersFile: string;
  /** `host:port` of each PoP's relay, by PoP name. */
  relays: Record<string, string>;
  /** Reads sync with the remote when the last sync is older than this. */
  readStalenessMs: number;
}

/** Injection token of the {@link ControlPlaneConfig}. */
export const CONTROL_PLANE_CONFIG = Symbol('CONTROL_PLANE_CONFIG');

const RELAY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)=([^=,\s]+:\d{1,5})$/;

/** Environment variables of the control plane, beyond `serviceEnvironment`. */
export const controlPlaneEnvironment = {
  PLATFORM_REDIS_URL: z
    .string({ error: 'is required' })
    .refine((value) => /^rediss?:\/\/[^/]/.test(value), {
      error: 'expected a redis:// or rediss:// URL',
    }),
  PLATFORM_GITOPS_REMOTE: z.string({ error: 'is required' }).min(1, { error: 'is required' }),
  PLATFORM_GITOPS_BRANCH: env.host('main'),
  PLATFORM_GITOPS_SUBDIRECTORY: z.string().default('gitops'),
  PLATFORM_GITOPS_WORKDIR: z.string({ error: 'is required' }).min(1, { error: 'is required' }),
  PLATFORM_DIRECTIVE_SIGNING_KEY_FILE: env.readableFile(),
  PLATFORM_OPERATOR_ISSUERS_FILE: env.readableFile(),
  PLATFORM_RELAYS: z
    .string()
    .default('')
    .refine((value) => value.split(',').every((part) => part === '' || RELAY.test(part.trim())), {
      error: 'expected comma-separated <pop>=<host>:<port> pairs',
    }),
  PLATFORM_READ_STALENESS_MS: env.positiveInteger(1_000),
};

/**
 * Reads the common and the control plane's variables once at start; a bad one ends the
 * process with one line naming it.
 */
export function loadControlPlaneConfig(source: NodeJS.ProcessEnv = process.env): {
  config: ServiceConfig;
  controlPlane: ControlPlaneConfig;
} {
  const { config, extra } = loadServiceConfig('control-plane', controlPlaneEnvironment, source);
  const relays: Record<string, string> = {};
  for (const part of extra.PLATFORM_RELAYS.split(',')) {
    const match = RELAY.exec(part.trim());
    if (match) relays[match[1]] = match[3];
  }
  return {
    config,
    controlPlane: {
      redisUrl: extra.PLATFORM_REDIS_URL,
      gitops: {
        remoteUrl: extra.PLATFORM_GITOPS_REMOTE,
        branch: extra.PLATFORM_GITOPS_BRANCH,
        subdirectory: extra.PLATFORM_GITOPS_SUBDIRECTORY,
        workdir: extra.PLATFORM_GITOPS_WORKDIR,
      },
      directiveSigningKeyFile: extra.PLATFORM_DIRECTIVE_SIGNING_KEY_FILE,
      operatorIssuersFile: extra.PLATFORM_OPERATOR_ISSUERS_FILE,
      relays,
      readStalenessMs: extra.PLATFORM_READ_STALENESS_MS,
    },
  };
}
