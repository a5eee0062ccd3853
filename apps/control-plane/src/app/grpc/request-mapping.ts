import type { commonV1alpha1, controlPlaneV1alpha1 } from '@platform/contracts';
import { InvalidArgumentError } from '@platform/errors';
import type { MaintenanceWindow } from '@platform/gitops';
import {
  CHANNEL_VALUES,
  CLOUD_VALUES,
  DAY_VALUES,
  SIDE_VALUES,
  TIER_VALUES,
  fromProto,
} from '../fleet/contract-values';
import type {
  AddOnsInput,
  CreatePopCommand,
  CreateSpaceCommand,
  FailoverSpaceCommand,
  UpdateSpaceCommand,
} from '../fleet/fleet-commands';

/**
 * Proto requests → fleet commands. Unset or unknown enum values fail here, naming the field.
 *
 * The server's proto loader fills absent message fields with `null` (not `undefined`, as the
 * generated types say) and an absent optional enum with its zero value, so "unset" is tested
 * with {@link isUnset}.
 */
export function isUnset(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

/** An `optional` enum field of an update: unset, or set to its zero value, means "no change". */
export function isUnsetEnum(value: string | undefined | null): boolean {
  return isUnset(value) || value.endsWith('_UNSPECIFIED');
}

export function createPopCommand(request: controlPlaneV1alpha1.CreatePopRequest): CreatePopCommand {
  return {
    name: request.name,
    cloud: required('cloud', fromProto(CLOUD_VALUES, request.cloud)),
    region: request.region,
    channel: required('channel', fromProto(CHANNEL_VALUES, request.channel)),
  };
}

export function createSpaceCommand(
  request: controlPlaneV1alpha1.CreateSpaceRequest,
): CreateSpaceCommand {
  return {
    name: request.name,
    pop: request.pop,
    tier: required('tier', fromProto(TIER_VALUES, request.tier)),
    channel: required('channel', fromProto(CHANNEL_VALUES, request.channel)),
    maintenanceWindow: windowFrom('maintenance_window', request.maintenanceWindow),
    addOns: addOnsFrom(request.addOns),
  };
}

export function updateSpaceCommand(
  request: controlPlaneV1alpha1.UpdateSpaceRequest,
): UpdateSpaceCommand {
  return {
    name: request.name,
    tier:
      request.tier === undefined
        ? undefined
        : required('tier', fromProto(TIER_VALUES, request.tier)),
    maintenanceWindow: isUnset(request.maintenanceWindow)
      ? undefined
      : windowFrom('maintenance_window', request.maintenanceWindow),
    addOns: isUnset(request.addOns) ? undefined : addOnsFrom(request.addOns),
  };
}

export function failoverSpaceCommand(
  request: controlPlaneV1alpha1.FailoverSpaceRequest,
): FailoverSpaceCommand {
  const side = request.expectedActive;
  const unset = isUnsetEnum(side);
  return {
    name: request.name,
    expectedActive: unset ? undefined : required('expected_active', fromProto(SIDE_VALUES, side)),
  };
}

function windowFrom(
  field: string,
  window: commonV1alpha1.MaintenanceWindow | undefined,
): MaintenanceWindow {
  if (isUnset(window)) throw new InvalidArgumentError(field, 'is required');
  return {
    day: required(`${field}.day`, fromProto(DAY_VALUES, window.day)),
    start: window.start,
    timeZone: window.timeZone,
    durationMinutes: window.durationMinutes,
  };
}

function addOnsFrom(addOns: commonV1alpha1.AddOns | undefined | null): AddOnsInput {
  const geo = addOns?.geoFailover;
  if (isUnset(geo)) return { pci: addOns?.pci ?? false };
  const activeUnset = isUnsetEnum(geo.active);
  return {
    pci: addOns?.pci ?? false,
    geoFailover: {
      secondaryPop: geo.secondaryPop,
      active: activeUnset
        ? undefined
        : required('add_ons.geo_failover.active', fromProto(SIDE_VALUES, geo.active)),
    },
  };
}

function required<T>(field: string, value: T | undefined): T {
  if (value === undefined) throw new InvalidArgumentError(field, 'must be set to a known value');
  return value;
}
