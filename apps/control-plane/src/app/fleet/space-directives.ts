import { commonV1alpha1, directiveV1alpha1 } from '@platform/contracts';
import {
  effectiveMaintenanceWindow,
  spacePlacements,
  type DesiredState,
  type Space,
} from '@platform/gitops';
import { TIER_VALUES, windowToProto } from './contract-values';

type DirectiveAction = Pick<
  directiveV1alpha1.DirectiveBody,
  | 'acceptRelease'
  | 'scale'
  | 'setFailoverRole'
  | 'setMaintenanceWindow'
  | 'freeze'
  | 'unfreeze'
  | 'decommission'
>;

/** One directive a change owes a Space on one PoP, before it gets an id, a commit and a signature. */
export interface PlannedDirective {
  space: string;
  pop: string;
  kind: commonV1alpha1.DirectiveKind;
  /** Applied at once, outside the maintenance window. */
  emergency: boolean;
  action: DirectiveAction;
}

const { DirectiveKind } = commonV1alpha1;
const { FailoverRole } = directiveV1alpha1;

/**
 * The directives that tell a Space's agents about a change of the Space, derived from the
 * Space before and after it (either may be absent: create, delete). A pure function of the two
 * documents, so a control plane that crashed after pushing can rebuild them from git.
 *
 * A PoP that starts running the Space (create, a new secondary) gets everything it needs to
 * run: window, tier, role (with geo-failover), then the release (emergency: a new environment has nothing to
 * protect yet). A PoP that stops running it gets Decommission. A PoP that keeps it gets only
 * what changed; a swap of the active side is an emergency on both sides.
 */
export function spaceDirectives(
  before: Space | undefined,
  after: Space | undefined,
  { releases, settings }: Pick<DesiredState, 'releases' | 'settings'>,
): PlannedDirective[] {
  // Agents enforce the window that applies: basic-tier Spaces get the platform's default.
  const windowOf = (space: Space) => windowToProto(effectiveMaintenanceWindow(space, settings));
  const planned: PlannedDirective[] = [];
  const beforeSides = new Map(
    before ? spacePlacements(before).map((side) => [side.pop, side]) : [],
  );
  const afterSides = after ? spacePlacements(after) : [];
  const name = (after ?? before)?.metadata.name ?? '';
  const add = (pop: string, emergency: boolean, action: DirectiveAction) =>
    planned.push({ space: name, pop, kind: kindOf(action), emergency, action });

  for (const side of afterSides) {
    const space = after as Space;
    const peerPop = afterSides.find((other) => other.pop !== side.pop)?.pop ?? '';
    const role =
      side.role === 'active'
        ? FailoverRole.FAILOVER_ROLE_ACTIVE
        : FailoverRole.FAILOVER_ROLE_STANDBY;
    const previous = beforeSides.get(side.pop);
    if (previous === undefined || before === undefined) {
      add(side.pop, false, { setMaintenanceWindow: { maintenanceWindow: windowOf(space) } });
      add(side.pop, false, { scale: { tier: TIER_VALUES[space.spec.tier] } });
      if (peerPop !== '') add(side.pop, false, { setFailoverRole: { role, peerPop } });
      // A new side has no release yet and accepts its first from any link; the link it gets
      // is the real one (the release this one follows), or the release itself for the first.
      const release = space.spec.release;
      const fromRelease = releases.get(release)?.spec.compatibleWith ?? release;
      add(side.pop, true, { acceptRelease: { release, fromRelease } });
      continue;
    }
    if (!sameWindow(windowOf(before), windowOf(space))) {
      add(side.pop, false, { setMaintenanceWindow: { maintenanceWindow: windowOf(space) } });
    }
    if (before.spec.tier !== space.spec.tier) {
      add(side.pop, false, { scale: { tier: TIER_VALUES[space.spec.tier] } });
    }
    const previousPeer = [...beforeSides.keys()].find((pop) => pop !== side.pop) ?? '';
    // Without geo-failover there is no peer and nothing to say: the only side serves.
    if (peerPop !== '' && (previous.role !== side.role || previousPeer !== peerPop)) {
      add(side.pop, previous.role !== side.role, { setFailoverRole: { role, peerPop } });
    }
  }
  for (const pop of beforeSides.keys()) {
    if (!afterSides.some((side) => side.pop === pop)) add(pop, false, { decommission: {} });
  }
  return planned;
}

function sameWindow(
  a: commonV1alpha1.MaintenanceWindow,
  b: commonV1alpha1.MaintenanceWindow,
): boolean {
  return (
    a.day === b.day &&
    a.start === b.start &&
    a.timeZone === b.timeZone &&
    a.durationMinutes === b.durationMinutes
  );
}

function kindOf(action: DirectiveAction): commonV1alpha1.DirectiveKind {
  if (action.acceptRelease) return DirectiveKind.DIRECTIVE_KIND_ACCEPT_RELEASE;
  if (action.scale) return DirectiveKind.DIRECTIVE_KIND_SCALE;
  if (action.setFailoverRole) return DirectiveKind.DIRECTIVE_KIND_SET_FAILOVER_ROLE;
  if (action.setMaintenanceWindow) return DirectiveKind.DIRECTIVE_KIND_SET_MAINTENANCE_WINDOW;
  if (action.freeze) return DirectiveKind.DIRECTIVE_KIND_FREEZE;
  if (action.unfreeze) return DirectiveKind.DIRECTIVE_KIND_UNFREEZE;
  return DirectiveKind.DIRECTIVE_KIND_DECOMMISSION;
}
