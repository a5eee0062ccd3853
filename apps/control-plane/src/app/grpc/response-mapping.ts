import type { commonV1alpha1, controlPlaneV1alpha1 } from '@platform/contracts';
import type { Pop, Space } from '@platform/gitops';
import {
  CHANNEL_VALUES,
  CLOUD_VALUES,
  SIDE_VALUES,
  TIER_VALUES,
  windowToProto,
} from '../fleet/contract-values';
import type { ChangeOutcome } from '../fleet/change-outcome';
import type { PendingOutboxDirective } from '@platform/directive-outbox';

/** Fleet documents and outcomes → proto messages. */

export function popMessage(pop: Pop): controlPlaneV1alpha1.Pop {
  return {
    name: pop.metadata.name,
    cloud: CLOUD_VALUES[pop.spec.cloud],
    region: pop.spec.region,
    channel: CHANNEL_VALUES[pop.spec.channel],
    release: pop.spec.release,
  };
}

export function spaceMessage(
  space: Space,
  pending: PendingOutboxDirective[] = [],
): controlPlaneV1alpha1.Space {
  const geo = space.spec.addOns.geoFailover;
  return {
    name: space.metadata.name,
    pop: space.spec.pop,
    tier: TIER_VALUES[space.spec.tier],
    channel: CHANNEL_VALUES[space.spec.channel],
    release: space.spec.release,
    maintenanceWindow: windowToProto(space.spec.maintenanceWindow),
    addOns: {
      pci: space.spec.addOns.pci,
      geoFailover:
        geo === undefined
          ? undefined
          : { secondaryPop: geo.secondaryPop, active: SIDE_VALUES[geo.active] },
    },
    pendingDirectives: pending.map((directive) => ({
      id: directive.directiveId,
      kind: directive.kind,
      issuedAt: timestamp(directive.issuedAt),
      emergency: directive.emergency,
    })),
    frozen: undefined,
  };
}

export function changeMessage(outcome: ChangeOutcome): commonV1alpha1.ChangeResult {
  return { gitCommit: outcome.commit, directiveIds: outcome.directiveIds };
}

function timestamp(at: Date): { seconds: string; nanos: number } {
  const ms = at.getTime();
  return { seconds: String(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1e6 };
}
