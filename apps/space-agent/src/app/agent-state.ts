import { commonV1alpha1, directiveV1alpha1, relayV1alpha1 } from '@platform/contracts';

/** How many processed directive ids the state keeps to recognize redeliveries. */
export const PROCESSED_ID_WINDOW = 1000;

/** What the Space is told to run: the record the applier acts on. */
export interface DesiredState {
  /** Empty until the first release is known (see the README on bootstrap). */
  release: string;
  tier: commonV1alpha1.Tier;
  failoverRole: directiveV1alpha1.FailoverRole;
  peerPop: string;
  frozen: boolean;
  /** ISO time the freeze lifts by itself; absent means until Unfreeze. */
  frozenUntil?: string;
  decommissioned: boolean;
}

/** A directive id the agent verified and decided on, kept to answer redeliveries the same way. */
export interface ProcessedDirective {
  id: string;
  outcome:
    relayV1alpha1.AckOutcome.ACK_OUTCOME_APPLIED | relayV1alpha1.AckOutcome.ACK_OUTCOME_REJECTED;
  rejectReason: relayV1alpha1.RejectReason;
}

/** Everything the agent persists: written atomically before each acknowledgement. */
export interface AgentState {
  version: 1;
  space: string;
  desired: DesiredState;
  maintenanceWindow?: commonV1alpha1.MaintenanceWindow;
  /** Id of the last verified directive processed (applied or rejected); the resume point. */
  lastDirectiveId: string;
  /** ISO time it was processed. */
  lastDirectiveAt?: string;
  /** Last time the agent heard from its relay, ISO. */
  lastContactAt?: string;
  /** Oldest first, at most {@link PROCESSED_ID_WINDOW}. */
  processed: ProcessedDirective[];
}

/** The state of a Space the agent has never run before. */
export function initialState(
  space: string,
  initial: {
    release?: string;
    tier?: commonV1alpha1.Tier;
    maintenanceWindow?: commonV1alpha1.MaintenanceWindow;
  },
): AgentState {
  return {
    version: 1,
    space,
    desired: {
      release: initial.release ?? '',
      tier: initial.tier ?? commonV1alpha1.Tier.TIER_UNSPECIFIED,
      failoverRole: directiveV1alpha1.FailoverRole.FAILOVER_ROLE_UNSPECIFIED,
      peerPop: '',
      frozen: false,
      decommissioned: false,
    },
    maintenanceWindow: initial.maintenanceWindow,
    lastDirectiveId: '',
    processed: [],
  };
}
