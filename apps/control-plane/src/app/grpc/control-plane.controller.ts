import type { Metadata } from '@grpc/grpc-js';
import { Controller, Inject } from '@nestjs/common';
import { controlPlaneV1alpha1 } from '@platform/contracts';
import type { OperatorAction } from '@platform/operator-auth';
import { CHANNEL_VALUES, TIER_VALUES, fromProto } from '../fleet/contract-values';
import { FleetService } from '../fleet/fleet.service';
import { pageOf } from '@platform/platform-kit';
import { OperatorAccess } from '@platform/platform-kit';
import {
  createPopCommand,
  createSpaceCommand,
  failoverSpaceCommand,
  isUnset,
  isUnsetEnum,
  updateSpaceCommand,
} from './request-mapping';
import { changeMessage, popMessage, spaceMessage } from './response-mapping';

type Api = controlPlaneV1alpha1.ControlPlaneServiceController;

/**
 * `platform.controlplane.v1alpha1.ControlPlaneService`: checks who calls and what their role
 * allows, maps the request to a fleet command, and the outcome back. No rules live here.
 */
@Controller()
@controlPlaneV1alpha1.ControlPlaneServiceControllerMethods()
export class ControlPlaneController implements Api {
  constructor(
    @Inject(FleetService) private readonly fleet: FleetService,
    @Inject(OperatorAccess) private readonly access: OperatorAccess,
  ) {}

  async createPop(
    request: controlPlaneV1alpha1.CreatePopRequest,
    metadata?: Metadata,
  ): Promise<controlPlaneV1alpha1.CreatePopResponse> {
    const { actor } = await this.access.authorize(metadata, 'pops.create');
    const outcome = await this.fleet.createPop(
      { actor, requestId: request.requestId },
      createPopCommand(request),
    );
    return { pop: outcome.pop && popMessage(outcome.pop), change: changeMessage(outcome) };
  }

  async getPop(
    request: controlPlaneV1alpha1.GetPopRequest,
    metadata?: Metadata,
  ): Promise<controlPlaneV1alpha1.GetPopResponse> {
    await this.access.authorize(metadata, 'pops.read');
    return { pop: popMessage(await this.fleet.getPop(request.name)) };
  }

  async listPops(
    request: controlPlaneV1alpha1.ListPopsRequest,
    metadata?: Metadata,
  ): Promise<controlPlaneV1alpha1.ListPopsResponse> {
    await this.access.authorize(metadata, 'pops.read');
    const page = pageOf(await this.fleet.listPops(), (pop) => pop.metadata.name, {
      ...request,
      filters: {},
    });
    return { pops: page.items.map(popMessage), nextPageToken: page.nextPageToken };
  }

  async deletePop(
    request: controlPlaneV1alpha1.DeletePopRequest,
    metadata?: Metadata,
  ): Promise<controlPlaneV1alpha1.DeletePopResponse> {
    const { actor } = await this.access.authorize(metadata, 'pops.delete');
    const outcome = await this.fleet.deletePop(
      { actor, requestId: request.requestId },
      request.name,
    );
    return { change: changeMessage(outcome) };
  }

  async createSpace(
    request: controlPlaneV1alpha1.CreateSpaceRequest,
    metadata?: Metadata,
  ): Promise<controlPlaneV1alpha1.CreateSpaceResponse> {
    const { actor } = await this.access.authorize(metadata, 'spaces.create');
    const outcome = await this.fleet.createSpace(
      { actor, requestId: request.requestId },
      createSpaceCommand(request),
    );
    return { space: await this.spaceWithPending(outcome.space), change: changeMessage(outcome) };
  }

  async getSpace(
    request: controlPlaneV1alpha1.GetSpaceRequest,
    metadata?: Metadata,
  ): Promise<controlPlaneV1alpha1.GetSpaceResponse> {
    await this.access.authorize(metadata, 'spaces.read');
    const { space, pending } = await this.fleet.getSpace(request.name);
    return { space: spaceMessage(space, pending) };
  }

  async listSpaces(
    request: controlPlaneV1alpha1.ListSpacesRequest,
    metadata?: Metadata,
  ): Promise<controlPlaneV1alpha1.ListSpacesResponse> {
    await this.access.authorize(metadata, 'spaces.read');
    const channel = fromProto(CHANNEL_VALUES, request.channel);
    const tier = fromProto(TIER_VALUES, request.tier);
    const spaces = (await this.fleet.listSpaces()).filter(
      (space) =>
        (request.pop === '' ||
          space.spec.pop === request.pop ||
          space.spec.addOns.geoFailover?.secondaryPop === request.pop) &&
        (channel === undefined || space.spec.channel === channel) &&
        (tier === undefined || space.spec.tier === tier),
    );
    const page = pageOf(spaces, (space) => space.metadata.name, {
      pageSize: request.pageSize,
      pageToken: request.pageToken,
      filters: { pop: request.pop, channel, tier },
    });
    return {
      spaces: page.items.map((space) => spaceMessage(space)),
      nextPageToken: page.nextPageToken,
    };
  }

  async updateSpace(
    request: controlPlaneV1alpha1.UpdateSpaceRequest,
    metadata?: Metadata,
  ): Promise<controlPlaneV1alpha1.UpdateSpaceResponse> {
    // Authorization first, from which parts are present, so a caller without the right learns
    // nothing from validation errors.
    const actions: OperatorAction[] = [];
    if (!isUnsetEnum(request.tier)) actions.push('spaces.scale');
    if (!isUnset(request.maintenanceWindow)) actions.push('spaces.update-window');
    if (!isUnset(request.addOns)) actions.push('spaces.update-add-ons');
    let actor = '';
    for (const action of actions.length > 0 ? actions : (['spaces.read'] as const)) {
      ({ actor } = await this.access.authorize(metadata, action));
    }
    const command = updateSpaceCommand(request);
    const outcome = await this.fleet.updateSpace({ actor, requestId: request.requestId }, command);
    return { space: await this.spaceWithPending(outcome.space), change: changeMessage(outcome) };
  }

  async failoverSpace(
    request: controlPlaneV1alpha1.FailoverSpaceRequest,
    metadata?: Metadata,
  ): Promise<controlPlaneV1alpha1.FailoverSpaceResponse> {
    const { actor } = await this.access.authorize(metadata, 'spaces.failover');
    const outcome = await this.fleet.failoverSpace(
      { actor, requestId: request.requestId },
      failoverSpaceCommand(request),
    );
    return { space: await this.spaceWithPending(outcome.space), change: changeMessage(outcome) };
  }

  async deleteSpace(
    request: controlPlaneV1alpha1.DeleteSpaceRequest,
    metadata?: Metadata,
  ): Promise<controlPlaneV1alpha1.DeleteSpaceResponse> {
    const { actor } = await this.access.authorize(metadata, 'spaces.delete');
    const outcome = await this.fleet.deleteSpace(
      { actor, requestId: request.requestId },
      request.name,
    );
    return { change: changeMessage(outcome) };
  }

  private async spaceWithPending(
    space: Parameters<typeof spaceMessage>[0] | undefined,
  ): Promise<controlPlaneV1alpha1.Space | undefined> {
    if (space === undefined) return undefined;
    return spaceMessage(space, await this.fleet.pendingFor(space.metadata.name));
  }
}
