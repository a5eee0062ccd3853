import { Namespace } from 'kubernetes-models/v1';
import type { DesiredState, Release } from '../model/desired-state';
import { commonLabels, LABELS } from './labels';
import { manifestsIn, type Manifest } from './manifest';
import { platformImage } from './platform-images';
import { popNamespace } from './render-pop';
import {
  platformServiceDeployment,
  podDisruptionBudget,
  PORTS,
  redisStatefulSet,
  service,
  type ServiceMount,
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
        env: centralEnvironment(state, namespace),
        mounts: CENTRAL_MOUNTS,
      }),
      service(name, namespace, { name: 'grpc', port: PORTS.grpc }),
      podDisruptionBudget(name, namespace, { minAvailable: 1 }),
    ]),
    redisStatefulSet(namespace, '10Gi'),
    service('redis', namespace, { name: 'redis', port: PORTS.redis }, true),
  ]);
}

/**
 * What both Central services read: Central's Redis (request ledger, directive outbox, the
 * orchestrator's lease), the gitops repository Argo CD reads (settings.yaml), the directive
 * signing key and the operator-token issuers (provisioned with the PKI, outside git), and the
 * address of every PoP's relay across clusters (multi-cluster Service DNS).
 */
function centralEnvironment(state: DesiredState, namespace: string): Record<string, string> {
  const { argocd } = state.settings.spec;
  return {
    PLATFORM_REDIS_URL: `redis://redis.${namespace}.svc:${PORTS.redis}`,
    PLATFORM_GITOPS_REMOTE: argocd.repoURL,
    PLATFORM_GITOPS_BRANCH: argocd.targetRevision,
    PLATFORM_GITOPS_SUBDIRECTORY: argocd.path,
    PLATFORM_GITOPS_WORKDIR: `${WORK_DIR}/gitops`,
    PLATFORM_DIRECTIVE_SIGNING_KEY_FILE: `${SIGNING_DIR}/directive-signing.key`,
    PLATFORM_OPERATOR_ISSUERS_FILE: `${ISSUERS_DIR}/operator-issuers.yaml`,
    PLATFORM_RELAYS: [...state.pops.keys()]
      .sort()
      .map((pop) => `${pop}=pop-relay.${popNamespace(pop)}.svc.clusterset.local:${PORTS.grpc}`)
      .join(','),
  };
}

const WORK_DIR = '/var/lib/platform';
const SIGNING_DIR = '/etc/platform/directive-signing';
const ISSUERS_DIR = '/etc/platform/operator-issuers';
const CENTRAL_MOUNTS: ServiceMount[] = [
  // The clone is a cache of the remote: losing it with the pod costs one clone.
  { name: 'work', mountPath: WORK_DIR, source: { emptyDir: true } },
  {
    name: 'directive-signing',
    mountPath: SIGNING_DIR,
    source: { secret: 'directive-signing-key' },
  },
  { name: 'operator-issuers', mountPath: ISSUERS_DIR, source: { configMap: 'operator-issuers' } },
];

function centralRelease(state: DesiredState): Release {
  const version = state.channels.get('prod')?.spec.release;
  const release = version === undefined ? undefined : state.releases.get(version);
  if (!release)
    throw new Error(
      `Central runs the prod channel's release, and ${version ?? 'no release'} is not defined`,
    );
  return release;
}
