import {
  AlreadyExistsError,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
} from '@platform/errors';
import {
  API_VERSION,
  spacePlacements,
  type AddOns,
  type DesiredState,
  type FailoverSide,
  type Space,
  type Tier,
} from '@platform/gitops';
import { regionCarriesPci } from './cloud-regions';
import type {
  AddOnsInput,
  CreateSpaceCommand,
  FailoverSpaceCommand,
  UpdateSpaceCommand,
} from './fleet-commands';
import { requireName, requireWindow } from './fleet-validation';

/** Tiers with dedicated nodes; PCI DSS scope cannot share nodes with other customers. */
const PCI_TIERS: ReadonlySet<Tier> = new Set(['performance', 'performance-plus']);

/**
 * The Space a create makes: on its channel's current release, the primary side active.
 *
 * @throws InvalidArgumentError naming the proto field; NotFoundError for an unknown PoP;
 *   AlreadyExistsError; FailedPreconditionError when the channel has no release.
 */
export function createdSpace(state: DesiredState, command: CreateSpaceCommand): Space {
  const name = requireName('name', command.name);
  requireName('pop', command.pop);
  const maintenanceWindow = requireWindow('maintenance_window', command.maintenanceWindow);
  if (state.spaces.has(name)) throw new AlreadyExistsError(`Space "${name}" already exists`);
  requirePop(state, 'pop', command.pop);
  const channel = state.channels.get(command.channel);
  if (channel === undefined) {
    throw new FailedPreconditionError(
      `channel "${command.channel}" has no release yet (no platform/channels/${command.channel}.yaml)`,
    );
  }
  if (command.addOns.geoFailover?.active === 'secondary') {
    throw new InvalidArgumentError(
      'add_ons.geo_failover.active',
      'a new Space starts active on its primary PoP; fail it over once it runs',
    );
  }
  const space: Space = {
    apiVersion: API_VERSION,
    kind: 'Space',
    metadata: { name },
    spec: {
      pop: command.pop,
      tier: command.tier,
      channel: command.channel,
      release: channel.spec.release,
      maintenanceWindow,
      addOns: addOnsFor(state, command.pop, command.addOns, 'primary'),
    },
  };
  requirePciCapable(state, space);
  return space;
}

/**
 * The Space after a partial update.
 *
 * @throws InvalidArgumentError (nothing to change, a bad field, the active side changed here
 *   instead of by failover); NotFoundError; FailedPreconditionError when geo-failover would be
 *   turned off or moved while the secondary side serves.
 */
export function updatedSpace(state: DesiredState, command: UpdateSpaceCommand): Space {
  const current = requireSpace(state, command.name);
  if (
    command.tier === undefined &&
    command.maintenanceWindow === undefined &&
    command.addOns === undefined
  ) {
    throw new InvalidArgumentError(
      'tier',
      'nothing to change: set at least one of tier, maintenance_window, add_ons',
    );
  }
  const active = current.spec.addOns.geoFailover?.active ?? 'primary';
  let addOns = current.spec.addOns;
  if (command.addOns !== undefined) {
    const asked = command.addOns.geoFailover?.active;
    if (asked !== undefined && asked !== active) {
      throw new InvalidArgumentError(
        'add_ons.geo_failover.active',
        `must be unset or "${active}" (the side active now); use FailoverSpace to change sides`,
      );
    }
    const keepsSecondary =
      command.addOns.geoFailover?.secondaryPop === current.spec.addOns.geoFailover?.secondaryPop;
    if (active === 'secondary' && !keepsSecondary) {
      throw new FailedPreconditionError(
        `Space "${current.metadata.name}" is served by its secondary PoP now; fail it back to the primary before changing geo-failover`,
      );
    }
    addOns = addOnsFor(state, current.spec.pop, command.addOns, active);
  }
  const space: Space = {
    ...current,
    spec: {
      ...current.spec,
      tier: command.tier ?? current.spec.tier,
      maintenanceWindow:
        command.maintenanceWindow === undefined
          ? current.spec.maintenanceWindow
          : requireWindow('maintenance_window', command.maintenanceWindow),
      addOns,
    },
  };
  requirePciCapable(state, space, command.tier !== undefined ? 'tier' : 'add_ons.pci');
  return space;
}

/** The Space with its active side swapped. */
export function failedOverSpace(state: DesiredState, command: FailoverSpaceCommand): Space {
  const current = requireSpace(state, command.name);
  const geoFailover = current.spec.addOns.geoFailover;
  if (geoFailover === undefined) {
    throw new FailedPreconditionError(
      `Space "${current.metadata.name}" has no geo-failover add-on: there is no other side to fail over to`,
    );
  }
  if (command.expectedActive !== undefined && command.expectedActive !== geoFailover.active) {
    throw new FailedPreconditionError(
      `Space "${current.metadata.name}" is active on its ${geoFailover.active} side, not ${command.expectedActive}: someone failed it over already`,
    );
  }
  const active: FailoverSide = geoFailover.active === 'primary' ? 'secondary' : 'primary';
  return {
    ...current,
    spec: {
      ...current.spec,
      addOns: { ...current.spec.addOns, geoFailover: { ...geoFailover, active } },
    },
  };
}

/** The Space a delete removes. */
export function deletedSpace(state: DesiredState, name: string): Space {
  return requireSpace(state, name);
}

export function requireSpace(state: DesiredState, name: string): Space {
  requireName('name', name);
  const space = state.spaces.get(name);
  if (space === undefined) throw new NotFoundError(`Space "${name}" does not exist`);
  return space;
}

function requirePop(state: DesiredState, field: string, name: string): void {
  if (!state.pops.has(name)) throw new NotFoundError(`PoP "${name}" (${field}) does not exist`);
}

function addOnsFor(
  state: DesiredState,
  pop: string,
  input: AddOnsInput,
  active: FailoverSide,
): AddOns {
  const geo = input.geoFailover;
  if (geo === undefined) return { pci: input.pci };
  const field = 'add_ons.geo_failover.secondary_pop';
  requireName(field, geo.secondaryPop);
  if (geo.secondaryPop === pop) {
    throw new InvalidArgumentError(
      field,
      `"${geo.secondaryPop}" is the Space's own PoP: the standby must run in another PoP`,
    );
  }
  requirePop(state, field, geo.secondaryPop);
  return { pci: input.pci, geoFailover: { secondaryPop: geo.secondaryPop, active } };
}

/**
 * The PCI rule: a PCI Space needs a dedicated-node tier, and every PoP it runs in must be in a
 * region our PCI attestation covers (see cloud-regions.ts).
 */
function requirePciCapable(state: DesiredState, space: Space, tierField = 'add_ons.pci'): void {
  if (!space.spec.addOns.pci) return;
  if (!PCI_TIERS.has(space.spec.tier)) {
    throw new InvalidArgumentError(
      tierField,
      `a PCI Space needs the performance or performance-plus tier (dedicated nodes), not ${space.spec.tier}`,
    );
  }
  for (const { pop } of spacePlacements(space)) {
    const spec = state.pops.get(pop)?.spec;
    if (spec !== undefined && !regionCarriesPci(spec.cloud, spec.region)) {
      throw new InvalidArgumentError(
        'add_ons.pci',
        `PoP "${pop}" (${spec.cloud} ${spec.region}) is not in a PCI-attested region, so it cannot carry a PCI Space`,
      );
    }
  }
}
