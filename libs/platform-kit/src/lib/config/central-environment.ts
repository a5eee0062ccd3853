import { z } from 'zod';
import { env } from './env-schema';

/** What every Central service that writes the gitops repository and directs Spaces reads. */
export interface CentralSettings {
  /** Redis of Central: request ledger, directive outbox (and the orchestrator's lease); AOF on. */
  redisUrl: string;
  gitops: {
    remoteUrl: string;
    branch: string;
    /** Folder of the gitops tree inside the repository ('' for the root). */
    subdirectory: string;
    /** Where the service keeps its clone. */
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

const RELAY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)=([^=,\s]+:\d{1,5})$/;

/** Environment variables of a Central service, beyond `serviceEnvironment`. */
export const centralEnvironment = {
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

type CentralValues = z.output<z.ZodObject<typeof centralEnvironment>>;

/** The typed form of {@link centralEnvironment}'s values. */
export function centralSettings(values: CentralValues): CentralSettings {
  const relays: Record<string, string> = {};
  for (const part of values.PLATFORM_RELAYS.split(',')) {
    const match = RELAY.exec(part.trim());
    if (match) relays[match[1]] = match[3];
  }
  return {
    redisUrl: values.PLATFORM_REDIS_URL,
    gitops: {
      remoteUrl: values.PLATFORM_GITOPS_REMOTE,
      branch: values.PLATFORM_GITOPS_BRANCH,
      subdirectory: values.PLATFORM_GITOPS_SUBDIRECTORY,
      workdir: values.PLATFORM_GITOPS_WORKDIR,
    },
    directiveSigningKeyFile: values.PLATFORM_DIRECTIVE_SIGNING_KEY_FILE,
    operatorIssuersFile: values.PLATFORM_OPERATOR_ISSUERS_FILE,
    relays,
    readStalenessMs: values.PLATFORM_READ_STALENESS_MS,
  };
}
