import type { Release } from '../model/desired-state';

/** The platform's own services, which run beside (not inside) the identity service. */
export const PLATFORM_SERVICES = [
  'control-plane',
  'release-orchestrator',
  'pop-relay',
  'bot-detection',
  'space-agent',
] as const;
export type PlatformService = (typeof PLATFORM_SERVICES)[number];

/** Where the platform's images are published when a release does not pin them. */
export const PLATFORM_REGISTRY = 'registry.privatecloud.io/platform';

/**
 * The image of a platform service at a release. A release that lists the service among its
 * components pins it, and that reference (by digest) is used as written; otherwise the image
 * is the platform registry's tag for the release version, `<registry>/<service>:<version>`.
 */
export function platformImage(service: PlatformService, release: Release): string {
  return (
    release.spec.components[service] ?? `${PLATFORM_REGISTRY}/${service}:${release.metadata.name}`
  );
}

/** Whether a release component is a platform service rather than part of the identity service. */
export function isPlatformService(component: string): component is PlatformService {
  return (PLATFORM_SERVICES as readonly string[]).includes(component);
}
