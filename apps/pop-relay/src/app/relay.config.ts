import { env, loadServiceConfig, type ServiceConfig } from '@platform/platform-kit';
import { isDns1123Label } from '@platform/pki';
import { z } from 'zod';

/** The relay's own settings, on top of the common service variables. */
export interface RelayConfig {
  /** `redis://` or `rediss://` URL of the PoP's Redis (AOF on). */
  redisUrl: string;
  /** Name of the PoP this relay serves; namespaces its Redis keys, so PoPs may share a Redis. */
  pop: string;
  /** Unacknowledged directives a Space may have before Publish answers RESOURCE_EXHAUSTED. */
  backlogLimit: number;
}

/** Injection token of the {@link RelayConfig}. */
export const RELAY_CONFIG = Symbol('RELAY_CONFIG');

const MAX_BACKLOG_LIMIT = 100_000;

/** Environment variables of pop-relay, beyond `serviceEnvironment`. */
export const relayEnvironment = {
  // The value is never echoed: a Redis URL may carry a password.
  PLATFORM_REDIS_URL: z
    .string({ error: 'is required' })
    .refine(isRedisUrl, { error: 'expected a redis:// or rediss:// URL' }),
  PLATFORM_POP: z.string({ error: 'is required' }).refine(isDns1123Label, {
    error: (issue) =>
      `expected a DNS label (lowercase letters, digits and "-", at most 63 characters), got ${JSON.stringify(String(issue.input))}`,
  }),
  PLATFORM_RELAY_BACKLOG_LIMIT: env
    .positiveInteger(1000)
    .refine((limit) => limit >= 1 && limit <= MAX_BACKLOG_LIMIT, {
      error: `expected a backlog limit from 1 to ${MAX_BACKLOG_LIMIT}`,
    }),
};

/**
 * Reads the common and the relay's variables once at start; a bad one ends the process with
 * one line naming it (`pop-relay: invalid configuration: PLATFORM_POP: is required`).
 */
export function loadRelayConfig(source: NodeJS.ProcessEnv = process.env): {
  config: ServiceConfig;
  relay: RelayConfig;
} {
  const { config, extra } = loadServiceConfig('pop-relay', relayEnvironment, source);
  return {
    config,
    relay: {
      redisUrl: extra.PLATFORM_REDIS_URL,
      pop: extra.PLATFORM_POP,
      backlogLimit: extra.PLATFORM_RELAY_BACKLOG_LIMIT,
    },
  };
}

function isRedisUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '';
  } catch {
    return false;
  }
}
