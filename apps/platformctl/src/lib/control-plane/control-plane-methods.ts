import { controlPlaneV1alpha1 as api } from '@platform/contracts';
import type { ObservedValueOf } from 'rxjs';

type GeneratedClient = api.ControlPlaneServiceClient;

/** An RPC of ControlPlaneService, by its name in the generated client (`createPop`, …). */
export type ControlPlaneMethod = keyof GeneratedClient;
export type ControlPlaneRequest<M extends ControlPlaneMethod> = Parameters<GeneratedClient[M]>[0];
export type ControlPlaneResponse<M extends ControlPlaneMethod> = ObservedValueOf<
  ReturnType<GeneratedClient[M]>
>;

interface Codecs<M extends ControlPlaneMethod> {
  request: api.MessageFns<ControlPlaneRequest<M>>;
  response: api.MessageFns<ControlPlaneResponse<M>>;
}

/**
 * The generated encoders of each RPC. Typed against the generated client interface, so a new RPC
 * in the contract fails to compile here until it is added.
 */
const codecs: { [M in ControlPlaneMethod]: Codecs<M> } = {
  createPop: { request: api.CreatePopRequest, response: api.CreatePopResponse },
  getPop: { request: api.GetPopRequest, response: api.GetPopResponse },
  listPops: { request: api.ListPopsRequest, response: api.ListPopsResponse },
  deletePop: { request: api.DeletePopRequest, response: api.DeletePopResponse },
  createSpace: { request: api.CreateSpaceRequest, response: api.CreateSpaceResponse },
  getSpace: { request: api.GetSpaceRequest, response: api.GetSpaceResponse },
  listSpaces: { request: api.ListSpacesRequest, response: api.ListSpacesResponse },
  updateSpace: { request: api.UpdateSpaceRequest, response: api.UpdateSpaceResponse },
  failoverSpace: { request: api.FailoverSpaceRequest, response: api.FailoverSpaceResponse },
  deleteSpace: { request: api.DeleteSpaceRequest, response: api.DeleteSpaceResponse },
};

export interface UnaryMethod<M extends ControlPlaneMethod> {
  /** `/platform.controlplane.v1alpha1.ControlPlaneService/CreatePop` */
  path: string;
  serialize(request: ControlPlaneRequest<M>): Buffer;
  deserialize(bytes: Buffer): ControlPlaneResponse<M>;
}

/** How `method` goes over the wire: its HTTP/2 path and the generated codecs. */
export function unaryMethod<M extends ControlPlaneMethod>(method: M): UnaryMethod<M> {
  const { request, response } = codecs[method] as Codecs<M>;
  const rpc = method.charAt(0).toUpperCase() + method.slice(1);
  return {
    path: `/${api.protobufPackage}.${api.CONTROL_PLANE_SERVICE_NAME}/${rpc}`,
    serialize: (message) => Buffer.from(request.encode(message).finish()),
    deserialize: (bytes) => response.decode(bytes),
  };
}
