import { directiveV1alpha1, relayV1alpha1 } from '@platform/contracts';
import type { AgentState, DesiredState } from './agent-state';
import { isInsideMaintenanceWindow } from './maintenance-window';

const { RejectReason } = relayV1alpha1;

/** The reasons the agent's own rules (after signature and Space checks) reject with. */
export type RuleRejectReason =
  | relayV1alpha1.RejectReason.REJECT_REASON_NOT_ONE_STEP_FROM_CURRENT_RELEASE
  | relayV1alpha1.RejectReason.REJECT_REASON_SPACE_FROZEN
  | relayV1alpha1.RejectReason.REJECT_REASON_OUTSIDE_MAINTENANCE_WINDOW
  | relayV1alpha1.RejectReason.REJECT_REASON_UNSUPPORTED_ACTION;

/** What a verified directive makes of the state, or why it may not. */
export type RuleDecision =
  { ok: true; state: AgentState } | { ok: false; reason: RuleRejectReason };

/** True while a freeze holds at `now` (a freeze with `until` lifts by itself). */
export function isFrozen(desired: DesiredState, now: Date): boolean {
  if (!desired.frozen) return false;
  return desired.frozenUntil === undefined || now.getTime() < Date.parse(desired.frozenUntil);
}

/**
 * The Space's rules for a verified directive, as a pure function of the state and the time.
 *
 * An accept-release must name the release the Space runs as `from_release` (one link of the
 * chain; a Space that has never known a release takes its first one from any link), then,
 * unless it is an emergency, the Space must not be frozen and `now` must be inside the
 * maintenance window (no window known means no window: only emergencies pass). Other actions
 * take effect at once.
 */
export function decide(
  body: directiveV1alpha1.DirectiveBody,
  state: AgentState,
  now: Date,
): RuleDecision {
  const desired = state.desired;
  if (body.acceptRelease) {
    const { release, fromRelease } = body.acceptRelease;
    if (desired.release !== '' && fromRelease !== desired.release) {
      return { ok: false, reason: RejectReason.REJECT_REASON_NOT_ONE_STEP_FROM_CURRENT_RELEASE };
    }
    if (!body.emergency && isFrozen(desired, now)) {
      return { ok: false, reason: RejectReason.REJECT_REASON_SPACE_FROZEN };
    }
    const window = state.maintenanceWindow;
    if (!body.emergency && !(window && isInsideMaintenanceWindow(window, now))) {
      return { ok: false, reason: RejectReason.REJECT_REASON_OUTSIDE_MAINTENANCE_WINDOW };
    }
    return withDesired(state, { ...desired, release });
  }
  if (body.scale) return withDesired(state, { ...desired, tier: body.scale.tier });
  if (body.setFailoverRole) {
    const { role, peerPop } = body.setFailoverRole;
    return withDesired(state, { ...desired, failoverRole: role, peerPop });
  }
  if (body.setMaintenanceWindow?.maintenanceWindow) {
    return {
      ok: true,
      state: { ...state, maintenanceWindow: body.setMaintenanceWindow.maintenanceWindow },
    };
  }
  if (body.freeze) {
    const until = body.freeze.until;
    const frozenUntil =
      until === undefined
        ? undefined
        : new Date(Number(until.seconds) * 1000 + Math.floor(until.nanos / 1e6)).toISOString();
    return withDesired(state, { ...desired, frozen: true, frozenUntil });
  }
  if (body.unfreeze)
    return withDesired(state, { ...desired, frozen: false, frozenUntil: undefined });
  if (body.decommission) return withDesired(state, { ...desired, decommissioned: true });
  return { ok: false, reason: RejectReason.REJECT_REASON_UNSUPPORTED_ACTION };
}

function withDesired(state: AgentState, desired: DesiredState): RuleDecision {
  return { ok: true, state: { ...state, desired } };
}
