/** Services that run once, globally, in Central. */
export const CENTRAL_SERVICES = ['control-plane', 'release-orchestrator'] as const;

/** Services that run in every PoP. */
export const POP_SERVICES = ['pop-relay', 'bot-detection'] as const;

/** Services that run in every Space. */
export const SPACE_SERVICES = ['space-agent'] as const;

export type CentralService = (typeof CENTRAL_SERVICES)[number];
export type PopService = (typeof POP_SERVICES)[number];
export type SpaceService = (typeof SPACE_SERVICES)[number];

/** The tiers a workload can belong to; `operator` covers people and their tooling (platformctl). */
export type WorkloadTier = WorkloadIdentity['tier'];

/**
 * Who a workload is, as carried in its certificate's SPIFFE ID
 * (`spiffe://<trustDomain>/<tier>/…`). Peers authorise on these fields, never on host names.
 */
export type WorkloadIdentity =
  | { trustDomain: string; tier: 'central'; service: CentralService }
  | { trustDomain: string; tier: 'pop'; pop: string; service: PopService }
  | { trustDomain: string; tier: 'space'; space: string; service: SpaceService }
  | { trustDomain: string; tier: 'operator'; name: string };
