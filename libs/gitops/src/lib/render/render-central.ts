import { Namespace } from 'kubernetes-models/v1';
import type { DesiredState, Release } from '../model/desired-state';
import { commonLabels, LABELS } from './labels';
import { manifestsIn, type Manifest } from './manifest';
import { platformImage } from './platform-images';
import {
  platformServiceDeployment,
  podDisruptionBudget,
  PORTS,
  redisStatefulSet,
  service,
} from './workloads';

export const CENTRAL_DIR = 'rendered/central';
export const CENTRAL_NAMESPACE = 'platform-central';

const CENTRAL_SERVICES = ['control-plane', 'release-orchestrator'] as const;

/**
 * Central's manifests: the control plane and the release orchestrator (two replicas each,
 * behind gRPC Services, with disruption budgets) and the Redis the orchestrator keeps its
 * lease and schedule in. Central runs the release the `prod` channel offers.
 */
export function renderCentral(state: DesiredState): Manifest[] {
  const release = centralRelease(state);
  const namespace = CENTRAL_NAMESPACE;
  return manifestsIn(CENTRAL_DIR, [
    new Namespace({
      metadata: { name: namespace, labels: commonLabels(namespace, { [LABELS.plane]: 'central' }) },
    }),
    ...CENTRAL_SERVICES.flatMap((name) => [
      platformServiceDeployment({
        service: name,
        namespace,
        image: platformImage(name, release),
        replicas: 2,
        // The orchestrator keeps its lease and schedule in Redis; the control plane needs none.
        env:
          name === 'release-orchestrator'
            ? { PLATFORM_REDIS_URL: `redis://redis.${namespace}.svc:${PORTS.redis}` }
            : {},
      }),
      service(name, namespace, { name: 'grpc', port: PORTS.grpc }),
      podDisruptionBudget(name, namespace, { minAvailable: 1 }),
    ]),
    redisStatefulSet(namespace, '10Gi'),
    service('redis', namespace, { name: 'redis', port: PORTS.redis }, true),
  ]);
}

function centralRelease(state: DesiredState): Release {
  const version = state.channels.get('prod')?.spec.release;
  const release = version === undefined ? undefined : state.releases.get(version);
  if (!release)
    throw new Error(
      `Central runs the prod channel's release, and ${version ?? 'no release'} is not defined`,
    );
  return release;
}
