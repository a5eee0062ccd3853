import { commonV1alpha1, type directiveV1alpha1 } from '@platform/contracts';
import { spacePlacements, type Freeze } from '@platform/gitops';
import type { PinMove, ReleaseState } from '@platform/release-planning';

type DirectiveAction = Pick<
  directiveV1alpha1.DirectiveBody,
  'acceptRelease' | 'freeze' | 'unfreeze'
>;

/** One directive a change owes a Space on one PoP, before it gets an id, a commit and a signature. */
export interface PlannedDirective {
  space: string;
  pop: string;
  kind: commonV1alpha1.DirectiveKind;
  /** Applied at once: outside the maintenance window and despite a freeze. */
  emergency: boolean;
  action: DirectiveAction;
}

const { DirectiveKind } = commonV1alpha1;

/** Accept-release to every PoP that runs each moved Space (both sides of a geo-failover pair). */
export function acceptReleaseDirectives(
  state: ReleaseState,
  moves: readonly PinMove[],
  emergency: boolean,
): PlannedDirective[] {
  return moves.flatMap((move) =>
    placementsOf(state, move.name).map((pop) => ({
      space: move.name,
      pop,
      kind: DirectiveKind.DIRECTIVE_KIND_ACCEPT_RELEASE,
      emergency,
      action: { acceptRelease: { release: move.to, fromRelease: move.from } },
    })),
  );
}

export function freezeDirectives(
  state: ReleaseState,
  spaces: readonly string[],
  freeze: Freeze,
): PlannedDirective[] {
  const until =
    freeze.until === undefined
      ? undefined
      : { seconds: String(Math.floor(Date.parse(freeze.until) / 1000)), nanos: 0 };
  return spaces.flatMap((space) =>
    placementsOf(state, space).map((pop) => ({
      space,
      pop,
      kind: DirectiveKind.DIRECTIVE_KIND_FREEZE,
      emergency: false,
      action: { freeze: { reason: freeze.reason, ...(until ? { until } : {}) } },
    })),
  );
}

export function unfreezeDirectives(
  state: ReleaseState,
  spaces: readonly string[],
): PlannedDirective[] {
  return spaces.flatMap((space) =>
    placementsOf(state, space).map((pop) => ({
      space,
      pop,
      kind: DirectiveKind.DIRECTIVE_KIND_UNFREEZE,
      emergency: false,
      action: { unfreeze: {} },
    })),
  );
}

function placementsOf(state: ReleaseState, name: string): string[] {
  const space = state.desired.spaces.get(name);
  return space === undefined ? [] : spacePlacements(space).map((side) => side.pop);
}
