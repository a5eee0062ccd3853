import { releaseV1alpha1 as api } from '@platform/contracts';
import type { ObservedValueOf } from 'rxjs';

type GeneratedClient = api.ReleaseServiceClient;

/** An RPC of ReleaseService, by its name in the generated client (`runTrain`, …). */
export type ReleaseMethod = keyof GeneratedClient;
export type ReleaseRequest<M extends ReleaseMethod> = Parameters<GeneratedClient[M]>[0];
export type ReleaseResponse<M extends ReleaseMethod> = ObservedValueOf<
  ReturnType<GeneratedClient[M]>
>;

interface Codecs<M extends ReleaseMethod> {
  request: api.MessageFns<ReleaseRequest<M>>;
  response: api.MessageFns<ReleaseResponse<M>>;
}

// Typed against the generated client, so a new RPC fails to compile here until it is added.
const codecs: { [M in ReleaseMethod]: Codecs<M> } = {
  publishRelease: { request: api.PublishReleaseRequest, response: api.PublishReleaseResponse },
  getRelease: { request: api.GetReleaseRequest, response: api.GetReleaseResponse },
  listReleases: { request: api.ListReleasesRequest, response: api.ListReleasesResponse },
  getChannels: { request: api.GetChannelsRequest, response: api.GetChannelsResponse },
  runTrain: { request: api.RunTrainRequest, response: api.RunTrainResponse },
  planRollout: { request: api.PlanRolloutRequest, response: api.PlanRolloutResponse },
  rollback: { request: api.RollbackRequest, response: api.RollbackResponse },
  freeze: { request: api.FreezeRequest, response: api.FreezeResponse },
  unfreeze: { request: api.UnfreezeRequest, response: api.UnfreezeResponse },
  blockRelease: { request: api.BlockReleaseRequest, response: api.BlockReleaseResponse },
};

/** How `method` goes over the wire: its HTTP/2 path and the generated codecs. */
export function releaseMethod<M extends ReleaseMethod>(method: M) {
  const { request, response } = codecs[method] as Codecs<M>;
  const rpc = method.charAt(0).toUpperCase() + method.slice(1);
  return {
    path: `/${api.protobufPackage}.${api.RELEASE_SERVICE_NAME}/${rpc}`,
    serialize: (message: ReleaseRequest<M>) => Buffer.from(request.encode(message).finish()),
    deserialize: (bytes: Buffer) => response.decode(bytes),
  };
}
