import { botDetectionV1alpha1 as api } from '@platform/contracts';
import type { ObservedValueOf } from 'rxjs';

type GeneratedClient = api.BotDetectionServiceClient;

/** A unary RPC of BotDetectionService, by its name in the generated client (`getStats`, …). */
export type BotDetectionMethod = Exclude<keyof GeneratedClient, 'importSignatures'>;
export type BotDetectionRequest<M extends BotDetectionMethod> = Parameters<GeneratedClient[M]>[0];
export type BotDetectionResponse<M extends BotDetectionMethod> = ObservedValueOf<
  ReturnType<GeneratedClient[M]>
>;

interface Codecs<Request, Response> {
  request: api.MessageFns<Request>;
  response: api.MessageFns<Response>;
}

// Typed against the generated client, so a new RPC fails to compile here until it is added.
const codecs: {
  [M in BotDetectionMethod]: Codecs<BotDetectionRequest<M>, BotDetectionResponse<M>>;
} = {
  check: { request: api.CheckRequest, response: api.CheckResponse },
  reportLoginOutcome: {
    request: api.ReportLoginOutcomeRequest,
    response: api.ReportLoginOutcomeResponse,
  },
  removeSignatures: {
    request: api.RemoveSignaturesRequest,
    response: api.RemoveSignaturesResponse,
  },
  getAllowlist: { request: api.GetAllowlistRequest, response: api.GetAllowlistResponse },
  addAllowlistEntries: {
    request: api.AddAllowlistEntriesRequest,
    response: api.AddAllowlistEntriesResponse,
  },
  removeAllowlistEntries: {
    request: api.RemoveAllowlistEntriesRequest,
    response: api.RemoveAllowlistEntriesResponse,
  },
  unblock: { request: api.UnblockRequest, response: api.UnblockResponse },
  getStats: { request: api.GetStatsRequest, response: api.GetStatsResponse },
  getSpaceRules: { request: api.GetSpaceRulesRequest, response: api.GetSpaceRulesResponse },
  setSpaceRules: { request: api.SetSpaceRulesRequest, response: api.SetSpaceRulesResponse },
};

const pathOf = (method: string) =>
  `/${api.protobufPackage}.${api.BOT_DETECTION_SERVICE_NAME}/${method.charAt(0).toUpperCase()}${method.slice(1)}`;

/** How a unary `method` goes over the wire: its HTTP/2 path and the generated codecs. */
export function botDetectionMethod<M extends BotDetectionMethod>(method: M) {
  const { request, response } = codecs[method] as Codecs<
    BotDetectionRequest<M>,
    BotDetectionResponse<M>
  >;
  return {
    path: pathOf(method),
    serialize: (message: BotDetectionRequest<M>) => Buffer.from(request.encode(message).finish()),
    deserialize: (bytes: Buffer) => response.decode(bytes),
  };
}

/** ImportSignatures, the one client-streaming RPC. */
export const importSignaturesMethod = {
  path: pathOf('importSignatures'),
  serialize: (message: api.ImportSignaturesRequest) =>
    Buffer.from(api.ImportSignaturesRequest.encode(message).finish()),
  deserialize: (bytes: Buffer) => api.ImportSignaturesResponse.decode(bytes),
};
