import { commonV1alpha1 as common, type controlPlaneV1alpha1 as api } from '@platform/contracts';
import { days, tiers } from '../fleet/fleet-vocabulary';
import { UsageError } from '../usage-error';

/** The maintenance-window options, as commander hands them over. */
export interface WindowFlags {
  windowDay?: string;
  windowStart?: string;
  timeZone?: string;
  windowMinutes?: number;
}

/** `--pci`/`--no-pci`, `--secondary-pop <pop>` and `--no-geo-failover` (false when given). */
export interface AddOnFlags {
  pci?: boolean;
  secondaryPop?: string;
  geoFailover?: boolean;
}

export interface UpdateFlags extends WindowFlags, AddOnFlags {
  tier?: string;
}

const WINDOW_OPTIONS: Record<keyof WindowFlags, string> = {
  windowDay: '--window-day',
  windowStart: '--window-start',
  timeZone: '--time-zone',
  windowMinutes: '--window-minutes',
};
const WINDOW_KEYS = Object.keys(WINDOW_OPTIONS) as (keyof WindowFlags)[];

function windowFlagsGiven(flags: WindowFlags): number {
  return WINDOW_KEYS.filter((key) => flags[key] !== undefined).length;
}

/**
 * The window the flags describe. Flags left out are taken from `current` (the Space's window now),
 * since the contract replaces the whole window; without `current` every flag is required.
 */
export function windowFromFlags(
  flags: WindowFlags,
  current?: common.MaintenanceWindow,
): common.MaintenanceWindow | undefined {
  if (windowFlagsGiven(flags) === 0) return undefined;
  if (!current) {
    const missing = WINDOW_KEYS.find((key) => flags[key] === undefined);
    if (missing) {
      throw new UsageError(`${WINDOW_OPTIONS[missing]} is required with the other window options`);
    }
  }
  return {
    day:
      flags.windowDay !== undefined
        ? days.toProto(flags.windowDay)
        : (current?.day ?? common.DayOfWeek.DAY_OF_WEEK_UNSPECIFIED),
    start: flags.windowStart ?? current?.start ?? '',
    timeZone: flags.timeZone ?? current?.timeZone ?? '',
    durationMinutes: flags.windowMinutes ?? current?.durationMinutes ?? 0,
  };
}

/** Add-ons of a new Space; unset when it has none, as the contract asks. */
export function addOnsForCreate(flags: AddOnFlags): common.AddOns | undefined {
  if (!flags.pci && !flags.secondaryPop) return undefined;
  return {
    pci: flags.pci ?? false,
    ...(flags.secondaryPop ? { geoFailover: geoFailoverTo(flags.secondaryPop) } : {}),
  };
}

/**
 * Whether building the update needs the Space as it is now: the contract replaces the whole window
 * and all add-ons, so what the flags leave out must be carried over.
 */
export function updateNeedsCurrentSpace(flags: UpdateFlags): boolean {
  const windowGiven = windowFlagsGiven(flags);
  const partialWindow = windowGiven > 0 && windowGiven < WINDOW_KEYS.length;
  const geoGiven = flags.secondaryPop !== undefined || flags.geoFailover === false;
  const partialAddOns = (flags.pci !== undefined) !== geoGiven;
  return partialWindow || partialAddOns;
}

/** An UpdateSpaceRequest setting only what the flags change. */
export function updateSpaceRequest(
  name: string,
  requestId: string,
  flags: UpdateFlags,
  current?: api.Space,
): api.UpdateSpaceRequest {
  const tier = flags.tier !== undefined ? tiers.toProto(flags.tier) : undefined;
  const maintenanceWindow = windowFromFlags(flags, current?.maintenanceWindow);
  const addOns = addOnsForUpdate(flags, current?.addOns);
  if (tier === undefined && !maintenanceWindow && !addOns) {
    throw new UsageError(
      'nothing to change: give --tier, window options, --pci/--no-pci, --secondary-pop or --no-geo-failover',
    );
  }
  return {
    requestId,
    name,
    ...(tier !== undefined ? { tier } : {}),
    ...(maintenanceWindow ? { maintenanceWindow } : {}),
    ...(addOns ? { addOns } : {}),
  };
}

function addOnsForUpdate(flags: AddOnFlags, current?: common.AddOns): common.AddOns | undefined {
  const turnGeoOff = flags.geoFailover === false;
  if (flags.pci === undefined && !flags.secondaryPop && !turnGeoOff) return undefined;
  const geoFailover = turnGeoOff
    ? undefined
    : flags.secondaryPop
      ? geoFailoverTo(flags.secondaryPop, current?.geoFailover?.active)
      : current?.geoFailover;
  return { pci: flags.pci ?? current?.pci ?? false, ...(geoFailover ? { geoFailover } : {}) };
}

// The active side stays as it is (the contract allows only FailoverSpace to change it); a new
// pair leaves it unset and starts on the primary.
function geoFailoverTo(secondaryPop: string, active?: common.FailoverSide): common.GeoFailover {
  return { secondaryPop, active: active ?? common.FailoverSide.FAILOVER_SIDE_UNSPECIFIED };
}
