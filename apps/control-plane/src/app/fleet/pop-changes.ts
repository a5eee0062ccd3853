import {
  AlreadyExistsError,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
} from '@platform/errors';
import { API_VERSION, spacePlacements, type DesiredState, type Pop } from '@platform/gitops';
import { isKnownRegion, regionsOf } from './cloud-regions';
import type { CreatePopCommand } from './fleet-commands';
import { requireName } from './fleet-validation';

/**
 * The PoP a create makes, on its channel's current release.
 *
 * @throws InvalidArgumentError (name, region); AlreadyExistsError for a taken name or region;
 *   FailedPreconditionError when the channel has no release.
 */
export function createdPop(state: DesiredState, command: CreatePopCommand): Pop {
  const name = requireName('name', command.name);
  if (!isKnownRegion(command.cloud, command.region)) {
    throw new InvalidArgumentError(
      'region',
      `${JSON.stringify(command.region)} is not a ${command.cloud} region the platform runs in (known: ${regionsOf(command.cloud).join(', ')})`,
    );
  }
  if (state.pops.has(name)) throw new AlreadyExistsError(`PoP "${name}" already exists`);
  for (const pop of state.pops.values()) {
    if (pop.spec.cloud === command.cloud && pop.spec.region === command.region) {
      throw new AlreadyExistsError(
        `PoP "${pop.metadata.name}" already serves ${command.cloud} ${command.region}`,
      );
    }
  }
  const channel = state.channels.get(command.channel);
  if (channel === undefined) {
    throw new FailedPreconditionError(`channel "${command.channel}" has no release yet`);
  }
  return {
    apiVersion: API_VERSION,
    kind: 'Pop',
    metadata: { name },
    spec: {
      cloud: command.cloud,
      region: command.region,
      channel: command.channel,
      release: channel.spec.release,
    },
  };
}

/** The PoP a delete removes; refused while any Space runs in it. */
export function deletedPop(state: DesiredState, name: string): Pop {
  const pop = requirePop(state, name);
  const users = [...state.spaces.values()]
    .filter((space) => spacePlacements(space).some((placement) => placement.pop === name))
    .map((space) => space.metadata.name)
    .sort();
  if (users.length > 0) {
    const shown =
      users.slice(0, 5).join(', ') + (users.length > 5 ? `, … (${users.length} in all)` : '');
    throw new FailedPreconditionError(
      `PoP "${name}" still hosts Spaces (${shown}); move or delete them first`,
    );
  }
  return pop;
}

export function requirePop(state: DesiredState, name: string): Pop {
  requireName('name', name);
  const pop = state.pops.get(name);
  if (pop === undefined) throw new NotFoundError(`PoP "${name}" does not exist`);
  return pop;
}
