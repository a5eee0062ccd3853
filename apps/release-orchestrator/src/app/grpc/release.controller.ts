import type { Metadata } from '@grpc/grpc-js';
import { Controller, Inject } from '@nestjs/common';
import { releaseV1alpha1 } from '@platform/contracts';
import { InvalidArgumentError } from '@platform/errors';
import { ReleaseService } from '../releases/release.service';
import { CHANNEL_VALUES, fromProto } from './contract-values';
import {
  changeMessage,
  channelMessage,
  freezeMessage,
  isUnset,
  newReleaseOf,
  releaseMessage,
  spacePlanMessage,
  targetOf,
  timestampOf,
  trainMoves,
} from './message-mapping';
import { OperatorAccess, SERVICE_CLOCK, pageOf, type Clock } from '@platform/platform-kit';

type Api = releaseV1alpha1.ReleaseServiceController;

const DEFAULT_PLAN_DAYS = 14;

/**
 * `platform.release.v1alpha1.ReleaseService`: checks who calls and what their role allows,
 * maps the request to the release service, and the outcome back. No rules live here.
 */
@Controller()
@releaseV1alpha1.ReleaseServiceControllerMethods()
export class ReleaseController implements Api {
  constructor(
    @Inject(ReleaseService) private readonly releases: ReleaseService,
    @Inject(OperatorAccess) private readonly access: OperatorAccess,
    @Inject(SERVICE_CLOCK) private readonly clock: Clock,
  ) {}

  async publishRelease(
    request: releaseV1alpha1.PublishReleaseRequest,
    metadata?: Metadata,
  ): Promise<releaseV1alpha1.PublishReleaseResponse> {
    const { actor } = await this.access.authorize(metadata, 'releases.publish');
    const outcome = await this.releases.publishRelease(
      { actor, requestId: request.requestId },
      newReleaseOf(request),
    );
    return { release: releaseMessage(outcome.result), change: changeMessage(outcome) };
  }

  async getRelease(
    request: releaseV1alpha1.GetReleaseRequest,
    metadata?: Metadata,
  ): Promise<releaseV1alpha1.GetReleaseResponse> {
    await this.access.authorize(metadata, 'releases.read');
    return { release: releaseMessage(await this.releases.getRelease(request.version)) };
  }

  async listReleases(
    request: releaseV1alpha1.ListReleasesRequest,
    metadata?: Metadata,
  ): Promise<releaseV1alpha1.ListReleasesResponse> {
    await this.access.authorize(metadata, 'releases.read');
    // Newest first is chain order, not name order: page by position along it.
    const positioned = (await this.releases.listReleases()).map((release, index) => ({
      key: String(index).padStart(10, '0'),
      release,
    }));
    const page = pageOf(positioned, (item) => item.key, { ...request, filters: {} });
    return {
      releases: page.items.map((item) => releaseMessage(item.release)),
      nextPageToken: page.nextPageToken,
    };
  }

  async getChannels(
    _request: releaseV1alpha1.GetChannelsRequest,
    metadata?: Metadata,
  ): Promise<releaseV1alpha1.GetChannelsResponse> {
    await this.access.authorize(metadata, 'releases.read');
    const { channels, fleetFrozen } = await this.releases.getChannels();
    return { channels: channels.map(channelMessage), fleetFrozen: freezeMessage(fleetFrozen) };
  }

  async runTrain(
    request: releaseV1alpha1.RunTrainRequest,
    metadata?: Metadata,
  ): Promise<releaseV1alpha1.RunTrainResponse> {
    const { actor } = await this.access.authorize(
      metadata,
      request.dryRun ? 'releases.read' : 'releases.train',
    );
    if (request.requestId === '')
      throw new InvalidArgumentError('request_id', 'is required, also for dry runs');
    const outcome = await this.releases.runTrain(
      { actor, requestId: request.requestId },
      { dryRun: request.dryRun, review: request.review === true },
    );
    return {
      moves: trainMoves(outcome.result),
      change: changeMessage(outcome),
      reviewBranch: outcome.reviewBranch ?? '',
    };
  }

  async planRollout(
    request: releaseV1alpha1.PlanRolloutRequest,
    metadata?: Metadata,
  ): Promise<releaseV1alpha1.PlanRolloutResponse> {
    await this.access.authorize(metadata, 'releases.read');
    const channel =
      isUnset(request.channel) || request.channel.endsWith('_UNSPECIFIED')
        ? undefined
        : fromProto(CHANNEL_VALUES, request.channel);
    if (
      !isUnset(request.channel) &&
      !request.channel.endsWith('_UNSPECIFIED') &&
      channel === undefined
    ) {
      throw new InvalidArgumentError('channel', `unknown channel ${request.channel}`);
    }
    const filters = { space: request.space || undefined, pop: request.pop || undefined, channel };
    const plans = await this.releases.planRollout(
      timestampOf(request.fromTime) ?? this.clock.now(),
      request.days === 0 ? DEFAULT_PLAN_DAYS : request.days,
      filters,
    );
    const page = pageOf(plans, (plan) => plan.space, { ...request, filters });
    return { spaces: page.items.map(spacePlanMessage), nextPageToken: page.nextPageToken };
  }

  async rollback(
    request: releaseV1alpha1.RollbackRequest,
    metadata?: Metadata,
  ): Promise<releaseV1alpha1.RollbackResponse> {
    const { actor } = await this.access.authorize(metadata, 'releases.rollback');
    const outcome = await this.releases.rollback(
      { actor, requestId: request.requestId },
      targetOf(request, 'target'),
      request.reason,
    );
    return { change: changeMessage(outcome) };
  }

  async freeze(
    request: releaseV1alpha1.FreezeRequest,
    metadata?: Metadata,
  ): Promise<releaseV1alpha1.FreezeResponse> {
    const { actor } = await this.access.authorize(metadata, 'releases.freeze');
    const outcome = await this.releases.freeze(
      { actor, requestId: request.requestId },
      targetOf(request, 'scope'),
      request.reason,
      timestampOf(request.until),
    );
    return { change: changeMessage(outcome) };
  }

  async unfreeze(
    request: releaseV1alpha1.UnfreezeRequest,
    metadata?: Metadata,
  ): Promise<releaseV1alpha1.UnfreezeResponse> {
    const { actor } = await this.access.authorize(metadata, 'releases.freeze');
    const outcome = await this.releases.unfreeze(
      { actor, requestId: request.requestId },
      targetOf(request, 'scope'),
      request.reason,
    );
    return { change: changeMessage(outcome) };
  }

  async blockRelease(
    request: releaseV1alpha1.BlockReleaseRequest,
    metadata?: Metadata,
  ): Promise<releaseV1alpha1.BlockReleaseResponse> {
    const { actor } = await this.access.authorize(metadata, 'releases.block');
    const outcome = await this.releases.blockRelease(
      { actor, requestId: request.requestId },
      request.version,
      request.reason,
    );
    return { release: releaseMessage(outcome.result), change: changeMessage(outcome) };
  }
}
