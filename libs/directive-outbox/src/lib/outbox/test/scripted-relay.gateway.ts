import { publishFailureKind } from '../publish-failure';
import type {
  RelayBatchResult,
  RelayBoundDirective,
  RelayGateway,
  RelayPublishOutcome,
  RelaySpaceDelivery,
} from '../../relay-gateway/relay.gateway';

/** A publish the fake relay saw: which PoP, which directive, and what it answered. */
export interface SeenPublish {
  pop: string;
  space: string;
  directiveId: string;
  answer: RelayPublishOutcome | Error;
}

/**
 * A stand-in for the relays: accepts every directive unless told otherwise, remembers what it
 * holds (a repeated id is a duplicate) and reports delivery status from what a test acknowledged.
 */
export class ScriptedRelayGateway implements RelayGateway {
  readonly publishes: SeenPublish[] = [];
  private readonly held = new Set<string>();
  private readonly failures = new Map<string, (space: string, id: string) => Error | undefined>();
  private readonly deliveries = new Map<string, RelaySpaceDelivery>();
  statusCalls: { pop: string; spaces: string[] }[] = [];
  /** Directive counts of the PublishBatch calls, in call order. */
  readonly batchSizes: number[] = [];

  /** Every publish to `pop` first asks `decide`; an Error it returns is thrown. */
  failWith(pop: string, decide: (space: string, id: string) => Error | undefined): void {
    this.failures.set(pop, decide);
  }

  heal(pop: string): void {
    this.failures.delete(pop);
  }

  acknowledge(pop: string, space: string, delivery: RelaySpaceDelivery): void {
    this.deliveries.set(`${pop}/${space}`, delivery);
  }

  /** Directive ids the relay of `pop` accepted (duplicates excluded), in arrival order. */
  accepted(pop: string, space?: string): string[] {
    return this.publishes
      .filter((seen) => seen.pop === pop && (space === undefined || seen.space === space))
      .filter((seen) => seen.answer === 'accepted')
      .map((seen) => seen.directiveId);
  }

  async publish(pop: string, directive: RelayBoundDirective): Promise<RelayPublishOutcome> {
    const failure = this.failures.get(pop)?.(directive.space, directive.id);
    const seen = { pop, space: directive.space, directiveId: directive.id };
    if (failure) {
      this.publishes.push({ ...seen, answer: failure });
      throw failure;
    }
    const key = `${pop}/${directive.id}`;
    const answer: RelayPublishOutcome = this.held.has(key) ? 'duplicate' : 'accepted';
    this.held.add(key);
    this.publishes.push({ ...seen, answer });
    return answer;
  }

  /**
   * Like a relay's PublishBatch: each directive as `publish` would take it; a failure that means
   * the relay is unreachable fails the whole call (the directives before it stay held, as a
   * relay that went away mid-call may have stored them).
   */
  async publishBatch(
    pop: string,
    directives: readonly RelayBoundDirective[],
  ): Promise<RelayBatchResult[]> {
    this.batchSizes.push(directives.length);
    const refused = new Set<string>();
    const results: RelayBatchResult[] = [];
    for (const directive of directives) {
      if (refused.has(directive.space)) {
        results.push({ error: new Error(`skipped: an earlier directive of ${directive.space}`) });
        continue;
      }
      try {
        results.push({ outcome: await this.publish(pop, directive) });
      } catch (error) {
        if (publishFailureKind(error) === 'relay-unreachable') throw error;
        refused.add(directive.space);
        results.push({ error: error as Error });
      }
    }
    return results;
  }

  async deliveryStatus(pop: string, spaces: string[]): Promise<Map<string, RelaySpaceDelivery>> {
    this.statusCalls.push({ pop, spaces: [...spaces].sort() });
    const found = new Map<string, RelaySpaceDelivery>();
    for (const space of spaces) {
      const delivery = this.deliveries.get(`${pop}/${space}`);
      if (delivery) found.set(space, delivery);
    }
    return found;
  }
}
