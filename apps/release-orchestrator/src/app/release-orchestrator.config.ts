import type { MaintenanceWindow } from '@platform/gitops';
import { DAYS } from '@platform/gitops';
import {
  centralEnvironment,
  centralSettings,
  env,
  loadServiceConfig,
  type CentralSettings,
  type ServiceConfig,
} from '@platform/platform-kit';
import { z } from 'zod';
import type { TrainMode } from './releases/train-review';

/** The release orchestrator's own settings, on top of the common service variables. */
export interface ReleaseOrchestratorConfig extends CentralSettings {
  /** How often the lease holder looks for windows that opened; 0 turns the scheduler off. */
  schedulerTickMs: number;
  /** How long the lease lasts without renewal; a dead holder is replaced after at most this. */
  leaseMs: number;
  /** When the train runs by itself each week; absent means only on request (RunTrain). */
  trainSchedule?: MaintenanceWindow;
  /** `commit`: trains commit to the gitops branch; `review`: they push `train/<date>` for engineers to merge. */
  trainMode: TrainMode;
}

export const RELEASE_ORCHESTRATOR_CONFIG = Symbol('RELEASE_ORCHESTRATOR_CONFIG');

const SCHEDULE = new RegExp(`^(${DAYS.join('|')}) ([01]\\d|2[0-3]):([0-5]\\d) (\\S+)$`);

/** Environment variables of the release orchestrator, beyond `serviceEnvironment`. */
export const releaseOrchestratorEnvironment = {
  ...centralEnvironment,
  PLATFORM_SCHEDULER_TICK_MS: env.positiveInteger(30_000),
  PLATFORM_LEASE_MS: env.positiveInteger(15_000).refine((ms) => ms >= 1_000, {
    error: 'expected at least 1000 ms',
  }),
  PLATFORM_TRAIN_SCHEDULE: z
    .string()
    .default('')
    .refine((value) => value === '' || trainScheduleOf(value) !== undefined, {
      error: 'expected "<weekday> HH:MM <IANA zone>", e.g. "monday 09:00 Europe/Berlin"',
    }),
  PLATFORM_TRAIN_MODE: z.enum(['commit', 'review']).default('commit'),
};

/** Parses `monday 09:00 Europe/Berlin` into a one-minute weekly window; undefined when malformed. */
export function trainScheduleOf(value: string): MaintenanceWindow | undefined {
  const match = SCHEDULE.exec(value.trim());
  if (!match) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone: match[4] });
  } catch {
    return undefined;
  }
  return {
    day: match[1] as MaintenanceWindow['day'],
    start: `${match[2]}:${match[3]}`,
    timeZone: match[4],
    // The scheduler's tick must land inside: a train may start late, never twice.
    durationMinutes: 24 * 60,
  };
}

/** Reads the variables once at start; a bad one ends the process with one line naming it. */
export function loadReleaseOrchestratorConfig(source: NodeJS.ProcessEnv = process.env): {
  config: ServiceConfig;
  orchestrator: ReleaseOrchestratorConfig;
} {
  const { config, extra } = loadServiceConfig(
    'release-orchestrator',
    releaseOrchestratorEnvironment,
    source,
  );
  return {
    config,
    orchestrator: {
      ...centralSettings(extra),
      schedulerTickMs: extra.PLATFORM_SCHEDULER_TICK_MS,
      leaseMs: extra.PLATFORM_LEASE_MS,
      trainSchedule:
        extra.PLATFORM_TRAIN_SCHEDULE === ''
          ? undefined
          : trainScheduleOf(extra.PLATFORM_TRAIN_SCHEDULE),
      trainMode: extra.PLATFORM_TRAIN_MODE,
    },
  };
}
