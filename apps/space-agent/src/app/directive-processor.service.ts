import type { directiveV1alpha1 } from '@platform/contracts';
import { relayV1alpha1 } from '@platform/contracts';
import type { Rejection, VerifiedDirective } from '@platform/directives';
import type { Logger } from 'pino';
import { PROCESSED_ID_WINDOW, type AgentState, type ProcessedDirective } from './agent-state';
import type { Clock } from '@platform/platform-kit';
import type { DirectiveApplier } from './directive.applier';
import { decide } from './directive-rules';

const { AckOutcome, RejectReason } = relayV1alpha1;

/** What goes up to the relay: an id and closed codes, nothing else (hard rule 2). */
export interface Acknowledgement {
  directiveId: string;
  outcome: relayV1alpha1.AckOutcome;
  rejectReason: relayV1alpha1.RejectReason;
}

/** The parts of the collaborators the processor uses, so tests can stub them. */
export interface DirectiveCheck {
  verify(
    signed: directiveV1alpha1.SignedDirective,
    context: { space: string },
  ): VerifiedDirective | Rejection;
}
export interface StateStore {
  save(state: AgentState): Promise<void>;
}
export interface OutcomeRecorder {
  record(ack: Acknowledgement): void;
}

/**
 * One directive at a time: verify → dedupe → rules → apply → persist, and the acknowledgement
 * to send. The state is on disk before this returns, so an agent that dies before its
 * acknowledgement reaches the relay answers the redelivery as a duplicate.
 */
export class DirectiveProcessor {
  constructor(
    private readonly space: string,
    private current: AgentState,
    private readonly verifier: DirectiveCheck,
    private readonly store: StateStore,
    private readonly applier: DirectiveApplier,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly recorder: OutcomeRecorder = { record: () => undefined },
  ) {}

  get state(): AgentState {
    return this.current;
  }

  async process(delivery: relayV1alpha1.SubscribeResponse): Promise<Acknowledgement> {
    const ack = await this.decideAndApply(delivery);
    this.recorder.record(ack);
    return ack;
  }

  private async decideAndApply(
    delivery: relayV1alpha1.SubscribeResponse,
  ): Promise<Acknowledgement> {
    const verified = delivery.directive
      ? this.verifier.verify(delivery.directive, { space: this.space })
      : ({
          ok: false,
          reason: RejectReason.REJECT_REASON_MALFORMED_PAYLOAD,
          detail: 'the delivery carries no directive',
        } as const);
    if (!verified.ok) {
      // The id is the relay's unsigned copy: acknowledge with it, but never record it, or a
      // forged delivery could make the genuine directive with that id look like a duplicate.
      this.logger.warn(
        { directiveId: delivery.directiveId, reason: verified.reason, detail: verified.detail },
        'directive rejected',
      );
      return rejected(delivery.directiveId, verified.reason);
    }

    const body = verified.body;
    const earlier = this.current.processed.find((processed) => processed.id === body.id);
    if (earlier) {
      this.logger.info({ directiveId: body.id }, 'directive already processed');
      return earlier.outcome === AckOutcome.ACK_OUTCOME_APPLIED
        ? {
            directiveId: body.id,
            outcome: AckOutcome.ACK_OUTCOME_DUPLICATE,
            rejectReason: RejectReason.REJECT_REASON_UNSPECIFIED,
          }
        : rejected(body.id, earlier.rejectReason);
    }

    const now = this.clock.now();
    const decision = decide(body, this.current, now);
    let next: AgentState;
    let record: ProcessedDirective;
    if (!decision.ok) {
      this.logger.warn({ directiveId: body.id, reason: decision.reason }, 'directive rejected');
      next = this.current;
      record = {
        id: body.id,
        outcome: AckOutcome.ACK_OUTCOME_REJECTED,
        rejectReason: decision.reason,
      };
    } else {
      try {
        await this.applier.apply(decision.state.desired);
        next = decision.state;
        record = {
          id: body.id,
          outcome: AckOutcome.ACK_OUTCOME_APPLIED,
          rejectReason: RejectReason.REJECT_REASON_UNSPECIFIED,
        };
        this.logger.info({ directiveId: body.id, desired: next.desired }, 'directive applied');
      } catch (error) {
        this.logger.error({ directiveId: body.id, err: error }, 'applying the directive failed');
        next = this.current;
        record = {
          id: body.id,
          outcome: AckOutcome.ACK_OUTCOME_REJECTED,
          rejectReason: RejectReason.REJECT_REASON_APPLY_FAILED,
        };
      }
    }
    const saved: AgentState = {
      ...next,
      lastDirectiveId: body.id,
      lastDirectiveAt: now.toISOString(),
      lastContactAt: now.toISOString(),
      processed: [...next.processed, record].slice(-PROCESSED_ID_WINDOW),
    };
    await this.store.save(saved);
    this.current = saved;
    return { directiveId: body.id, outcome: record.outcome, rejectReason: record.rejectReason };
  }
}

function rejected(directiveId: string, reason: relayV1alpha1.RejectReason): Acknowledgement {
  return { directiveId, outcome: AckOutcome.ACK_OUTCOME_REJECTED, rejectReason: reason };
}
