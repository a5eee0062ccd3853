import { Namespace } from 'kubernetes-models/v1';
import type { DesiredState, Pop } from '../model/desired-state';
import { commonLabels, LABELS } from './labels';
import { manifestsIn, type Manifest } from './manifest';
import { platformImage } from './platform-images';
import { popNetworkPolicies } from './pop-network-policies';
import {
  platformServiceDeployment,
  podDisruptionBudget,
  PORTS,
  redisStatefulSet,
  service,
} from './workloads';

/** The namespace a PoP's services run in, in the PoP's own cluster. */
export function popNamespace(pop: string): string {
  return `pop-${pop}`;
}

/** The folder of a PoP's manifests; its name is the PoP's, which is also its Argo CD cluster name. */
export function popDir(pop: string): string {
  return `rendered/pops/${pop}`;
}

const POP_SERVICES = ['pop-relay', 'bot-detection'] as const;

/** A bounded heap keeps the relay's RSS flat across broadcasts (apps/pop-relay/README.md). */
const RELAY_ENV = { NODE_OPTIONS: '--max-old-space-size=512 --max-semi-space-size=4' };

const BOT_DETECTION_ENV = {
  // A PoP's cluster runs only that PoP's Spaces, and the NetworkPolicies admit only Space
  // namespaces, so any Space certificate of the platform CA may ask.
  PLATFORM_BOT_DETECTION_SPACES: '*',
  PLATFORM_HTTP_HOST: '0.0.0.0',
  PLATFORM_HTTP_PORT: String(PORTS.http),
};

/** The per-PoP key that hashes user ids, provisioned outside git like the TLS Secrets. */
const BOT_DETECTION_SECRET_ENV = {
  PLATFORM_BOT_DETECTION_USER_KEY: { secret: 'bot-detection-user-key', key: 'key' },
};

/**
 * A PoP's manifests: pop-relay and bot-detection (two replicas each, behind gRPC Services,
 * with disruption budgets), the Redis holding the per-Space directive streams (persistent,
 * append-only), and the NetworkPolicies around them. The PoP runs its own `spec.release`.
 */
export function renderPop(pop: Pop, state: DesiredState): Manifest[] {
  const release = state.releases.get(pop.spec.release);
  if (!release)
    throw new Error(
      `PoP ${pop.metadata.name} runs release ${pop.spec.release}, which is not defined`,
    );
  const namespace = popNamespace(pop.metadata.name);
  return manifestsIn(popDir(pop.metadata.name), [
    new Namespace({
      metadata: {
        name: namespace,
        labels: commonLabels(namespace, { [LABELS.plane]: 'pop', [LABELS.pop]: pop.metadata.name }),
      },
    }),
    ...POP_SERVICES.flatMap((name) => [
      platformServiceDeployment({
        service: name,
        namespace,
        image: platformImage(name, release),
        replicas: 2,
        env: {
          PLATFORM_POP: pop.metadata.name,
          PLATFORM_REDIS_URL: `redis://redis.${namespace}.svc:${PORTS.redis}`,
          ...(name === 'bot-detection' ? BOT_DETECTION_ENV : RELAY_ENV),
        },
        secretEnv: name === 'bot-detection' ? BOT_DETECTION_SECRET_ENV : undefined,
      }),
      service(name, namespace, { name: 'grpc', port: PORTS.grpc }),
      podDisruptionBudget(name, namespace, { minAvailable: 1 }),
    ]),
    redisStatefulSet(namespace, '20Gi'),
    service('redis', namespace, { name: 'redis', port: PORTS.redis }, true),
    ...popNetworkPolicies(namespace),
  ]);
}
