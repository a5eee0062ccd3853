import { env, loadServiceConfig, type ServiceConfig } from '@platform/platform-kit';
import { isDns1123Label } from '@platform/pki';
import { z } from 'zod';

/** Which Spaces this PoP hosts: a fixed list, or any Space whose certificate names it. */
export type HostedSpaces = { kind: 'listed'; spaces: ReadonlySet<string> } | { kind: 'any' };

/** bot-detection's own settings, on top of the common service variables. */
export interface BotDetectionConfig {
  /** `redis://` or `rediss://` URL of the PoP's Redis. */
  redisUrl: string;
  /** Name of the PoP; namespaces every Redis key, so PoPs may share a Redis. */
  pop: string;
  hostedSpaces: HostedSpaces;
  /** Per-PoP key of the HMAC that turns a Space's hashed user id into a Redis key. */
  userKeySecret: string;
  /** How long Check waits for the rate counters before answering without them. */
  rulesDeadlineMs: number;
  /** Where `/metrics` is served (plain HTTP, for Prometheus). */
  http: { host: string; port: number };
}

/** Injection token of the {@link BotDetectionConfig}. */
export const BOT_DETECTION_CONFIG = Symbol('BOT_DETECTION_CONFIG');

const MIN_SECRET_LENGTH = 32;

/** Environment variables of bot-detection, beyond `serviceEnvironment`. */
export const botDetectionEnvironment = {
  // The value is never echoed: a Redis URL may carry a password.
  PLATFORM_REDIS_URL: z
    .string({ error: 'is required' })
    .refine(isRedisUrl, { error: 'expected a redis:// or rediss:// URL' }),
  PLATFORM_POP: z.string({ error: 'is required' }).refine(isDns1123Label, {
    error: (issue) =>
      `expected a DNS label (lowercase letters, digits and "-", at most 63 characters), got ${JSON.stringify(String(issue.input))}`,
  }),
  PLATFORM_BOT_DETECTION_SPACES: z
    .string({ error: 'is required' })
    .transform((value) => value.trim())
    .refine((value) => value === '*' || value.split(',').every((s) => isDns1123Label(s.trim())), {
      error: 'expected comma-separated Space names (DNS labels) or "*"',
    }),
  // Never echoed either: it is a secret.
  PLATFORM_BOT_DETECTION_USER_KEY: z
    .string({ error: 'is required' })
    .refine((value) => value.length >= MIN_SECRET_LENGTH, {
      error: `expected a secret of at least ${MIN_SECRET_LENGTH} characters`,
    }),
  PLATFORM_BOT_DETECTION_RULES_DEADLINE_MS: env
    .positiveInteger(20)
    .refine((ms) => ms >= 1 && ms <= 1000, { error: 'expected 1 to 1000 milliseconds' }),
  PLATFORM_HTTP_HOST: env.host('127.0.0.1'),
  PLATFORM_HTTP_PORT: env.port(),
};

/**
 * Reads the common and bot-detection's variables once at start; a bad one ends the process with
 * one line naming it (`bot-detection: invalid configuration: PLATFORM_POP: is required`).
 */
export function loadBotDetectionConfig(source: NodeJS.ProcessEnv = process.env): {
  config: ServiceConfig;
  botDetection: BotDetectionConfig;
} {
  const { config, extra } = loadServiceConfig('bot-detection', botDetectionEnvironment, source);
  const spaces = extra.PLATFORM_BOT_DETECTION_SPACES;
  return {
    config,
    botDetection: {
      redisUrl: extra.PLATFORM_REDIS_URL,
      pop: extra.PLATFORM_POP,
      hostedSpaces:
        spaces === '*'
          ? { kind: 'any' }
          : { kind: 'listed', spaces: new Set(spaces.split(',').map((space) => space.trim())) },
      userKeySecret: extra.PLATFORM_BOT_DETECTION_USER_KEY,
      rulesDeadlineMs: extra.PLATFORM_BOT_DETECTION_RULES_DEADLINE_MS,
      http: { host: extra.PLATFORM_HTTP_HOST, port: extra.PLATFORM_HTTP_PORT },
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
