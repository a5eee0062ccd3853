import type { Pop, Space } from '@platform/gitops';

/** What a mutation did: returned to its caller, and again to every retry with its request id. */
export interface ChangeOutcome {
  /** The commit that holds the change (the head it found when there was nothing to change). */
  commit: string;
  /** Directives issued to the Spaces concerned, in the order they go out. */
  directiveIds: string[];
  /** The Space as the change left it (the removed one for a delete). */
  space?: Space;
  /** The PoP as the change left it (the removed one for a delete). */
  pop?: Pop;
}

/** A signed directive as the request ledger keeps it between the commit and the outbox. */
export interface RecordedDirective {
  directiveId: string;
  space: string;
  pop: string;
  kind: string;
  emergency: boolean;
  issuedAt: string;
  keyId: string;
  payloadBase64: string;
  signatureBase64: string;
}

/** What a committed request still has to do if its holder dies: queue these, then answer. */
export interface CommittedWork {
  outcome: ChangeOutcome;
  directives: RecordedDirective[];
}
