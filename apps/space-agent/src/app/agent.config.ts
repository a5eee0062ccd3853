import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commonV1alpha1 } from '@platform/contracts';
import { env } from '@platform/platform-kit';
import { signingKeyId } from '@platform/pki';
import { z } from 'zod';

const DAYS: Record<string, commonV1alpha1.DayOfWeek> = {
  mon: commonV1alpha1.DayOfWeek.DAY_OF_WEEK_MONDAY,
  tue: commonV1alpha1.DayOfWeek.DAY_OF_WEEK_TUESDAY,
  wed: commonV1alpha1.DayOfWeek.DAY_OF_WEEK_WEDNESDAY,
  thu: commonV1alpha1.DayOfWeek.DAY_OF_WEEK_THURSDAY,
  fri: commonV1alpha1.DayOfWeek.DAY_OF_WEEK_FRIDAY,
  sat: commonV1alpha1.DayOfWeek.DAY_OF_WEEK_SATURDAY,
  sun: commonV1alpha1.DayOfWeek.DAY_OF_WEEK_SUNDAY,
};
/** Tier names as the gitops files spell them, to the contract's enum. */
const TIERS = {
  basic: commonV1alpha1.Tier.TIER_BASIC,
  performance: commonV1alpha1.Tier.TIER_PERFORMANCE,
  'performance-plus': commonV1alpha1.Tier.TIER_PERFORMANCE_PLUS,
} as const;
const TIER_NAMES = Object.keys(TIERS) as [keyof typeof TIERS, ...(keyof typeof TIERS)[]];

/** The agent's own variables, spread into loadServiceConfig's extra schema. */
export const agentEnvironment = {
  PLATFORM_SPACE: z.string({ error: 'is required' }).regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, {
    error: 'expected a Space name (a DNS label)',
  }),
  PLATFORM_RELAY_ADDRESS: z
    .string({ error: 'is required' })
    .regex(/^[^\s:]+:\d{1,5}$/, { error: 'expected host:port of the PoP relay' }),
  PLATFORM_STATE_DIR: z.string({ error: 'is required' }).min(1),
  PLATFORM_HTTP_HOST: env.host('127.0.0.1'),
  PLATFORM_HTTP_PORT: env.port(),
  PLATFORM_MONITORING_TOKEN: z
    .string({ error: 'is required' })
    .min(16, { error: 'expected at least 16 characters' }),
  PLATFORM_DIRECTIVE_KEYS: z.string({ error: 'is required' }).transform((dir, context) => {
    try {
      return readTrustedKeys(dir);
    } catch (error) {
      context.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  }),
  PLATFORM_INITIAL_RELEASE: z.string().optional(),
  PLATFORM_INITIAL_TIER: z
    .enum(TIER_NAMES, { error: `expected one of ${TIER_NAMES.join(', ')}` })
    .optional(),
  PLATFORM_INITIAL_MAINTENANCE_WINDOW: z
    .string()
    .optional()
    .transform((text, context) => {
      if (text === undefined || text === '') return undefined;
      const window = parseMaintenanceWindow(text);
      if (!window) {
        context.addIssue({
          code: 'custom',
          message: `expected "<mon..sun> <HH:MM> <minutes> <IANA zone>", got ${JSON.stringify(text)}`,
        });
        return z.NEVER;
      }
      return window;
    }),
};

/**
 * Trusted Central keys from a directory: every `*.pub` file is an Ed25519 public key (SPKI PEM);
 * its id is derived from the key, so file names do not matter.
 */
export function readTrustedKeys(dir: string): Record<string, string> {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.pub'));
  } catch {
    throw new Error(`cannot read directory ${JSON.stringify(dir)}`);
  }
  if (names.length === 0) throw new Error(`no *.pub key in ${JSON.stringify(dir)}`);
  const keys: Record<string, string> = {};
  for (const name of names) {
    const pem = readFileSync(join(dir, name), 'utf8');
    try {
      keys[signingKeyId(pem)] = pem;
    } catch {
      throw new Error(`${name} is not an Ed25519 public key`);
    }
  }
  return keys;
}

/** `sun 02:00 240 Europe/Berlin` → a MaintenanceWindow; undefined when malformed. */
export function parseMaintenanceWindow(text: string): commonV1alpha1.MaintenanceWindow | undefined {
  const match = /^(\w{3})\s+(\d{2}:\d{2})\s+(\d+)\s+(\S+)$/.exec(text.trim());
  const day = match && DAYS[match[1].toLowerCase()];
  if (!match || !day) return undefined;
  const durationMinutes = Number(match[3]);
  if (
    !/^([01]\d|2[0-3]):[0-5]\d$/.test(match[2]) ||
    durationMinutes < 1 ||
    durationMinutes > 1440
  ) {
    return undefined;
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: match[4] });
  } catch {
    return undefined;
  }
  return { day, start: match[2], durationMinutes, timeZone: match[4] };
}

/** The agent's settings beyond the common service ones. */
export interface AgentConfig {
  space: string;
  relayAddress: string;
  stateDir: string;
  http: { host: string; port: number };
  monitoringToken: string;
  trustedKeys: Record<string, string>;
  initial: {
    release?: string;
    tier?: commonV1alpha1.Tier;
    maintenanceWindow?: commonV1alpha1.MaintenanceWindow;
  };
}

export function toAgentConfig(values: z.output<z.ZodObject<typeof agentEnvironment>>): AgentConfig {
  return {
    space: values.PLATFORM_SPACE,
    relayAddress: values.PLATFORM_RELAY_ADDRESS,
    stateDir: values.PLATFORM_STATE_DIR,
    http: { host: values.PLATFORM_HTTP_HOST, port: values.PLATFORM_HTTP_PORT },
    monitoringToken: values.PLATFORM_MONITORING_TOKEN,
    trustedKeys: values.PLATFORM_DIRECTIVE_KEYS,
    initial: {
      release: values.PLATFORM_INITIAL_RELEASE || undefined,
      tier: values.PLATFORM_INITIAL_TIER && TIERS[values.PLATFORM_INITIAL_TIER],
      maintenanceWindow: values.PLATFORM_INITIAL_MAINTENANCE_WINDOW,
    },
  };
}
