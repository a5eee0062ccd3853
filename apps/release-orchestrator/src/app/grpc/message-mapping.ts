import type { commonV1alpha1, releaseV1alpha1 } from '@platform/contracts';
import { InvalidArgumentError } from '@platform/errors';
import type { Freeze, Release } from '@platform/gitops';
import type {
  ChannelStatus,
  NewRelease,
  SpaceRollout,
  TrainPlan,
} from '@platform/release-planning';
import type { MutationOutcome } from '../releases/change-runner';
import type { ReleaseTarget } from '../releases/release-commands';
import {
  BLOCKER_VALUES,
  CHANNEL_VALUES,
  OUTCOME_VALUES,
  PHASE_VALUES,
  fromProto,
} from './contract-values';

type Timestamp = { seconds: string; nanos: number };

/**
 * Proto messages ↔ domain values. The server's proto loader fills absent message fields with
 * `null` and gives enums as their names; unset or unknown values fail here, naming the field.
 */
export function isUnset(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

export function timestampOf(value: Timestamp | null | undefined): Date | undefined {
  if (isUnset(value)) return undefined;
  return new Date(Number(value.seconds) * 1000 + Math.floor((value.nanos ?? 0) / 1e6));
}

export function timestampMessage(date: Date): Timestamp {
  return {
    seconds: String(Math.floor(date.getTime() / 1000)),
    nanos: (date.getTime() % 1000) * 1e6,
  };
}

export function newReleaseOf(request: releaseV1alpha1.PublishReleaseRequest): NewRelease {
  const release = request.release;
  if (isUnset(release)) throw new InvalidArgumentError('release', 'is required');
  if (!isUnset(release.blocked))
    throw new InvalidArgumentError(
      'release.blocked',
      'must be unset: block a release with BlockRelease',
    );
  if (!isUnset(release.publishedAt))
    throw new InvalidArgumentError('release.published_at', 'must be unset: the server sets it');
  return {
    version: release.version,
    components: release.components ?? {},
    compatibleWith: release.compatibleWith ?? '',
    migrations: (release.migrations ?? []).map((migration, index) => {
      const phase = fromProto(PHASE_VALUES, migration.phase);
      if (phase === undefined) {
        throw new InvalidArgumentError(
          `release.migrations[${index}].phase`,
          'must be expand, migrate or contract',
        );
      }
      return { id: migration.id, phase };
    }),
  };
}

/** The oneof target of a rollback, freeze or unfreeze. */
export function targetOf(
  request: { channel?: commonV1alpha1.Channel | null; space?: string | null; all?: boolean | null },
  field: string,
): ReleaseTarget {
  const set: ReleaseTarget[] = [];
  if (!isUnset(request.channel) && !request.channel.endsWith('_UNSPECIFIED')) {
    const channel = fromProto(CHANNEL_VALUES, request.channel);
    if (channel === undefined)
      throw new InvalidArgumentError(`${field}.channel`, `unknown channel ${request.channel}`);
    set.push({ kind: 'channel', channel });
  }
  if (!isUnset(request.space) && request.space !== '')
    set.push({ kind: 'space', space: request.space });
  if (request.all === true) set.push({ kind: 'fleet' });
  if (set.length !== 1) {
    throw new InvalidArgumentError(field, 'set exactly one of channel, space or all');
  }
  return set[0];
}

export function releaseMessage(release: Release): releaseV1alpha1.Release {
  return {
    version: release.metadata.name,
    components: release.spec.components,
    migrations: release.spec.migrations.map((migration) => ({
      id: migration.id,
      phase: PHASE_VALUES[migration.phase],
    })),
    compatibleWith: release.spec.compatibleWith ?? '',
    blocked: release.spec.blocked ? { reason: release.spec.blocked.reason } : undefined,
    publishedAt: undefined,
  };
}

export function changeMessage(
  outcome: MutationOutcome<unknown>,
): commonV1alpha1.ChangeResult | undefined {
  if (outcome.commit === '') return undefined;
  return { gitCommit: outcome.commit, directiveIds: outcome.directiveIds };
}

export function freezeMessage(freeze: Freeze | undefined): commonV1alpha1.FreezeState | undefined {
  if (freeze === undefined) return undefined;
  return {
    reason: freeze.reason,
    until: freeze.until ? timestampMessage(new Date(freeze.until)) : undefined,
  };
}

export function channelMessage(status: ChannelStatus): releaseV1alpha1.ChannelStatus {
  return {
    channel: CHANNEL_VALUES[status.channel],
    release: status.release,
    frozen: freezeMessage(status.frozen),
    spacesCurrent: status.current,
    spacesOneBehind: status.oneBehind,
    spacesFurtherBehind: status.furtherBehind,
  };
}

export function trainMoves(plan: TrainPlan): releaseV1alpha1.ChannelMove[] {
  return plan.channels.map((move) => ({
    channel: CHANNEL_VALUES[move.channel],
    fromRelease: move.from,
    toRelease: move.to,
    outcome: OUTCOME_VALUES[move.outcome],
    blockReason: move.blocker ? BLOCKER_VALUES[move.blocker] : BLOCKER_VALUES['contract-gate'],
    detail: move.detail ?? '',
  }));
}

export function spacePlanMessage(plan: SpaceRollout): releaseV1alpha1.SpacePlan {
  return {
    space: plan.space,
    channel: CHANNEL_VALUES[plan.channel],
    currentRelease: plan.current,
    windows: plan.windows.map((window) => ({
      startTime: timestampMessage(window.start),
      endTime: timestampMessage(window.end),
      fromRelease: window.from,
      toRelease: window.to,
    })),
  };
}
