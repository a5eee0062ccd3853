import { Inject, Injectable } from '@nestjs/common';
import { relayV1alpha1 } from '@platform/contracts';
import {
  NotFoundError,
  PermissionDeniedError,
  PlatformError,
  ResourceExhaustedError,
  UnavailableError,
} from '@platform/errors';
import type { WorkloadIdentity } from '@platform/pki';
import { SERVICE_LOGGER, type Logger } from '@platform/platform-kit';
import { Observable } from 'rxjs';
import { Clock } from './clock';
import { DirectiveStreamRepository, type SpaceRecord } from './directive-stream.repository';
import { LiveSubscription } from './live-subscription';
import { publishBatch } from './publish-batch';
import { LiveSubscriptionRegistry, SESSION_LEASE_MS } from './live-subscription.registry';
import { RELAY_CONFIG, type RelayConfig } from './relay.config';
import {
  decodePageToken,
  encodePageToken,
  pageSizeOf,
  validateAcknowledge,
  validateDirectiveId,
  validatePublish,
  validateSpaceName,
} from './relay-request.validation';

type SpaceIdentity = Extract<WorkloadIdentity, { tier: 'space' }>;

/**
 * The PoP relay: a durable, ordered backlog of Central's directives per Space, streamed to that
 * Space's agent and trimmed only by the agent's acknowledgements. At-least-once delivery: an
 * entry stays until acknowledged and is sent again on every new subscription; agents apply
 * each directive id once.
 */
@Injectable()
export class RelayService {
  constructor(
    private readonly repository: DirectiveStreamRepository,
    private readonly subscriptions: LiveSubscriptionRegistry,
    private readonly clock: Clock,
    @Inject(RELAY_CONFIG) private readonly config: RelayConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  /** Stores a directive in its Space's stream before answering; idempotent by directive id. */
  async publish(
    caller: WorkloadIdentity,
    request: relayV1alpha1.PublishRequest,
  ): Promise<relayV1alpha1.PublishResponse> {
    if (caller.tier !== 'central') {
      throw new PermissionDeniedError('only Central publishes directives');
    }
    const { body, directive } = validatePublish(request);
    const outcome = await this.repository.publish(
      body.space,
      body.id,
      directive,
      this.config.backlogLimit,
      this.clock.now(),
    );
    if (outcome.kind === 'full') {
      throw new ResourceExhaustedError(
        `space "${body.space}" has ${outcome.backlog} unacknowledged directives (limit ${this.config.backlogLimit}); directive "${body.id}" was not stored`,
      );
    }
    if (outcome.kind === 'stored') {
      this.logger.info(
        { space: body.space, directiveId: body.id, deliveryId: outcome.deliveryId },
        'directive stored',
      );
    }
    return { deliveryId: outcome.deliveryId, duplicate: outcome.kind === 'duplicate' };
  }

  /**
   * Publishes many directives at once, each as {@link publish} would, with a result per directive
   * (see publish-batch.ts for the per-Space order rule).
   */
  async publishBatch(
    caller: WorkloadIdentity,
    request: relayV1alpha1.PublishBatchRequest,
  ): Promise<relayV1alpha1.PublishBatchResponse> {
    if (caller.tier !== 'central') {
      throw new PermissionDeniedError('only Central publishes directives');
    }
    const now = this.clock.now();
    const results = await publishBatch(
      request,
      this.config.backlogLimit,
      async ({ body, directive }) => {
        const outcome = await this.repository.publish(
          body.space,
          body.id,
          directive,
          this.config.backlogLimit,
          now,
        );
        if (outcome.kind === 'stored') {
          this.logger.info(
            { space: body.space, directiveId: body.id, deliveryId: outcome.deliveryId },
            'directive stored',
          );
        }
        return outcome;
      },
    );
    return { results };
  }

  /**
   * The Space's backlog after `resumeAfter`, then new directives as they arrive. A new
   * subscription for the Space (here or on another replica) ends this one with ABORTED.
   */
  subscribe(
    caller: WorkloadIdentity,
    request: relayV1alpha1.SubscribeRequest,
  ): Observable<relayV1alpha1.SubscribeResponse> {
    if (caller.tier === 'space') validateSpaceName('space', request.space);
    if (caller.tier !== 'space' || caller.space !== request.space) {
      throw new PermissionDeniedError(
        'only the agent of a Space may subscribe, and only to its own Space',
      );
    }
    if (request.resumeAfter !== '') validateDirectiveId('resume_after', request.resumeAfter);
    const { space, resumeAfter } = request;
    return new Observable<relayV1alpha1.SubscribeResponse>((sink) => {
      const live = new LiveSubscription(
        space,
        sink,
        (after, count) => this.repository.readAfter(space, after, count),
        this.logger,
      );
      this.subscriptions.claim(live);
      void this.open(live, resumeAfter);
      return () => this.subscriptions.release(live);
    });
  }

  /** Records the Space's outcome and trims the directive (and any before it) from its stream. */
  async acknowledge(
    caller: WorkloadIdentity,
    request: relayV1alpha1.AcknowledgeRequest,
  ): Promise<relayV1alpha1.AcknowledgeResponse> {
    const agent = requireSpaceAgent(caller);
    const acknowledgement = validateAcknowledge(request);
    const outcome = await this.repository.acknowledge(
      agent.space,
      acknowledgement,
      this.config.backlogLimit,
      this.clock.now(),
    );
    if (outcome === 'unknown') {
      throw new NotFoundError(
        `directive "${acknowledgement.directiveId}" was not published to space "${agent.space}"`,
      );
    }
    if (outcome === 'acknowledged') {
      this.logger.info(
        { space: agent.space, ...acknowledgement },
        'directive acknowledged and trimmed',
      );
    }
    return {};
  }

  /** Delivery progress of one Space, or a page of every Space this PoP has seen. */
  async getDeliveryStatus(
    caller: WorkloadIdentity,
    request: relayV1alpha1.GetDeliveryStatusRequest,
  ): Promise<relayV1alpha1.GetDeliveryStatusResponse> {
    if (caller.tier !== 'central' && caller.tier !== 'operator') {
      throw new PermissionDeniedError('only Central and operators may read delivery status');
    }
    if (request.space !== '') {
      validateSpaceName('space', request.space);
      if (!(await this.repository.hasSpace(request.space))) {
        throw new NotFoundError(`space "${request.space}" has no directives on this PoP`);
      }
      const records = await this.repository.records([request.space]);
      return { spaces: records.map((record) => this.toStatus(record)), nextPageToken: '' };
    }
    const pageSize = pageSizeOf(request.pageSize);
    const after = decodePageToken(request.pageToken);
    const names = await this.repository.listSpaces(after, pageSize + 1);
    const page = names.slice(0, pageSize);
    const records = await this.repository.records(page);
    return {
      spaces: records.map((record) => this.toStatus(record)),
      nextPageToken: names.length > pageSize ? encodePageToken(page[page.length - 1]) : '',
    };
  }

  private async open(live: LiveSubscription, resumeAfter: string): Promise<void> {
    try {
      const session = await this.repository.openSession(
        live.space,
        SESSION_LEASE_MS,
        this.clock.now(),
      );
      live.session = session;
      if (!live.isOpen) {
        // Cancelled (or replaced) while the session opened: give the lease back now.
        await this.repository.closeSession(live.space, session);
        return;
      }
      // An unknown id (never published, or acknowledged long ago) starts at the oldest
      // unacknowledged entry; a known one starts right after its entry, wherever that is now.
      const cursor = resumeAfter
        ? await this.repository.deliveryIdOf(live.space, resumeAfter)
        : undefined;
      this.logger.info({ space: live.space, resumeAfter, session }, 'space agent subscribed');
      live.start(cursor);
    } catch (error) {
      live.end(
        error instanceof PlatformError
          ? error
          : new UnavailableError('cannot open the subscription', { cause: error }),
      );
    }
  }

  private toStatus(record: SpaceRecord): relayV1alpha1.SpaceDeliveryStatus {
    const lastSeenMs = record.lastSeen?.getTime();
    return {
      space: record.space,
      lastPublishedId: record.lastPublishedId,
      lastAcknowledgedId: record.lastAcknowledgedId,
      lastOutcome: (record.lastOutcome ||
        relayV1alpha1.AckOutcome.ACK_OUTCOME_UNSPECIFIED) as relayV1alpha1.AckOutcome,
      lastRejectReason: (record.lastRejectReason ||
        relayV1alpha1.RejectReason.REJECT_REASON_UNSPECIFIED) as relayV1alpha1.RejectReason,
      backlog: record.backlog,
      backlogLimit: this.config.backlogLimit,
      connected: record.connected,
      lastSeen:
        lastSeenMs === undefined
          ? undefined
          : { seconds: String(Math.floor(lastSeenMs / 1000)), nanos: (lastSeenMs % 1000) * 1e6 },
    };
  }
}

function requireSpaceAgent(caller: WorkloadIdentity): SpaceIdentity {
  if (caller.tier !== 'space') {
    throw new PermissionDeniedError('only a Space agent acknowledges directives');
  }
  return caller;
}
