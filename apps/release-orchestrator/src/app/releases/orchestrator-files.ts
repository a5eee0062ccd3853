import { FailedPreconditionError } from '@platform/errors';
import type { Freeze } from '@platform/gitops';
import type { FleetFreezes } from '@platform/release-planning';
import { parse, stringify } from 'yaml';

/**
 * Files of the gitops tree that only the orchestrator writes, outside `platform/` (whose schemas
 * have no place for them) and outside the generated folders (which the checker re-renders).
 */
export const FREEZES_PATH = 'orchestrator/freezes.yaml';
export const SCHEDULE_PATH = 'orchestrator/schedule.yaml';

/** What the scheduler has done, committed with its moves so a new lease holder never redoes them. */
export interface ScheduleRecord {
  /** Fencing token of the lease holder that made the last scheduler commit. */
  fencingToken: number;
  /** Windows that opened up to this instant (ISO) have been handled. */
  windowsHandledUntil?: string;
  /** Trains run by the schedule, by the scheduled instant (ISO) of the last one. */
  lastScheduledTrain?: string;
}

const FREEZES_HEADER =
  '# Written by the release orchestrator (Freeze / Unfreeze): the fleet-wide freeze and the\n# freezes of single Spaces. Channel freezes live in platform/channels/.\n';
const SCHEDULE_HEADER =
  '# Written by the release orchestrator scheduler; a lease holder with an older fencing\n# token may not commit after one with a newer token.\n';

export function parseFreezes(text: string | undefined): FleetFreezes {
  if (text === undefined) return { spaces: new Map() };
  const raw = parseObject(text, FREEZES_PATH) as {
    fleet?: Freeze;
    spaces?: Record<string, Freeze>;
  };
  return {
    ...(raw.fleet ? { fleet: freezeOf(raw.fleet, `${FREEZES_PATH}: fleet`) } : {}),
    spaces: new Map(
      Object.entries(raw.spaces ?? {}).map(([space, freeze]) => [
        space,
        freezeOf(freeze, `${FREEZES_PATH}: spaces.${space}`),
      ]),
    ),
  };
}

export function freezesText(freezes: FleetFreezes): string {
  const spaces = [...freezes.spaces].sort(([a], [b]) => a.localeCompare(b));
  const document = {
    ...(freezes.fleet ? { fleet: freezes.fleet } : {}),
    ...(spaces.length > 0 ? { spaces: Object.fromEntries(spaces) } : {}),
  };
  return `${FREEZES_HEADER}${Object.keys(document).length === 0 ? '{}\n' : stringify(document)}`;
}

export function parseSchedule(text: string | undefined): ScheduleRecord {
  if (text === undefined) return { fencingToken: 0 };
  const raw = parseObject(text, SCHEDULE_PATH) as Partial<ScheduleRecord>;
  if (!Number.isSafeInteger(raw.fencingToken)) {
    throw new FailedPreconditionError(`${SCHEDULE_PATH}: fencingToken: expected a whole number`);
  }
  return raw as ScheduleRecord;
}

export function scheduleText(record: ScheduleRecord): string {
  return `${SCHEDULE_HEADER}${stringify(record)}`;
}

function parseObject(text: string, path: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    throw new FailedPreconditionError(`${path}: not valid YAML (${String(error)})`);
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new FailedPreconditionError(`${path}: expected a mapping`);
  }
  return value as Record<string, unknown>;
}

function freezeOf(value: Freeze, where: string): Freeze {
  if (typeof value?.reason !== 'string' || value.reason.trim() === '') {
    throw new FailedPreconditionError(`${where}.reason: must not be empty`);
  }
  if (value.until !== undefined && Number.isNaN(Date.parse(value.until))) {
    throw new FailedPreconditionError(`${where}.until: expected an RFC 3339 instant`);
  }
  return value.until === undefined
    ? { reason: value.reason }
    : { reason: value.reason, until: value.until };
}
