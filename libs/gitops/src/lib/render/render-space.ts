import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { ConfigMap, Namespace, PersistentVolumeClaim } from 'kubernetes-models/v1';
import type { DesiredState, Release, Space } from '../model/desired-state';
import { commonLabels, LABELS, sortedRecord } from './labels';
import { manifestsIn, type Manifest, type NamedObject } from './manifest';
import { isPlatformService, platformImage } from './platform-images';
import { popNamespace } from './render-pop';
import { spaceNetworkPolicies } from './space-network-policies';
import { spacePlacements, type SpacePlacement } from './space-placement';
import { effectiveMaintenanceWindow } from './sync-window';
import { TARGET_CPU_UTILIZATION, TIER_SIZING } from './tier-sizing';
import {
  deployment,
  platformServiceDeployment,
  podDisruptionBudget,
  PORTS,
  restrictedSecurityContext,
  service,
} from './workloads';

const AGENT_STATE_DIR = '/var/lib/space-agent';
const AGENT_STATE_CLAIM = 'space-agent-state';
/** Central's directive-signing public keys (`*.pub`), provisioned with the PKI. */
const AGENT_KEYS_DIR = '/etc/platform/directive-keys';

/** The namespace a Space runs in, in each of its PoPs' clusters. */
export function spaceNamespace(space: string): string {
  return `space-${space}`;
}

/** The folder of one side of a Space: `<space>/<pop>`, so Argo CD targets the PoP's cluster by folder name. */
export function spaceDir(space: string, pop: string): string {
  return `rendered/spaces/${space}/${pop}`;
}

/** The ConfigMap describing a side of the Space; the agent reads it at `/etc/platform/space`. */
const SPACE_CONFIG = 'space-config';

/** Pod Security Admission at `restricted`: enforced, and reported on audit and warn. */
const RESTRICTED_PSA = {
  'pod-security.kubernetes.io/audit': 'restricted',
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/warn': 'restricted',
};

/**
 * A Space's manifests, one folder per PoP it runs in ({@link spacePlacements}). Each side
 * holds the namespace, the `space-config` ConfigMap, one Deployment, Service, autoscaler and
 * disruption budget per component of the pinned release, sized by tier, and the space-agent.
 * The standby side of a geo-failover Space runs its components at zero replicas (and no
 * autoscaler, which Kubernetes cannot set to zero) but keeps its agent, which must hear the
 * directive that makes it active. PCI adds NetworkPolicies and enforces `restricted` pods.
 */
export function renderSpace(space: Space, state: DesiredState): Manifest[] {
  const release = state.releases.get(space.spec.release);
  if (!release) {
    throw new Error(
      `Space ${space.metadata.name} runs release ${space.spec.release}, which is not defined`,
    );
  }
  return spacePlacements(space).flatMap((placement) =>
    manifestsIn(
      spaceDir(space.metadata.name, placement.pop),
      spaceSide(space, placement, release, state),
    ),
  );
}

function spaceSide(
  space: Space,
  placement: SpacePlacement,
  release: Release,
  state: DesiredState,
): NamedObject[] {
  const name = space.metadata.name;
  const namespace = spaceNamespace(name);
  const sizing = TIER_SIZING[space.spec.tier];
  const active = placement.role === 'active';
  const components = Object.keys(release.spec.components)
    .filter((component) => !isPlatformService(component))
    .sort();
  const objects: NamedObject[] = [
    new Namespace({
      metadata: {
        name: namespace,
        labels: commonLabels(namespace, {
          [LABELS.plane]: 'space',
          [LABELS.space]: name,
          [LABELS.pop]: placement.pop,
          [LABELS.tier]: space.spec.tier,
          [LABELS.channel]: space.spec.channel,
          [LABELS.release]: space.spec.release,
          ...(space.spec.addOns.pci ? RESTRICTED_PSA : {}),
        }),
      },
    }),
    spaceConfig(space, placement, state),
  ];
  for (const component of components) {
    objects.push(
      deployment({
        name: component,
        namespace,
        replicas: active ? undefined : 0,
        podLabels: { [LABELS.workload]: 'component' },
        container: {
          name: component,
          image: release.spec.components[component],
          ports: [{ name: 'http', containerPort: PORTS.http, protocol: 'TCP' }],
          readinessProbe: { tcpSocket: { port: 'http' }, periodSeconds: 10 },
          resources: {
            requests: { cpu: sizing.cpu, memory: sizing.memory },
            limits: { memory: sizing.memory },
          },
          securityContext: restrictedSecurityContext(),
        },
      }),
      service(component, namespace, { name: 'http', port: PORTS.http }),
    );
    if (active) {
      objects.push(
        new HorizontalPodAutoscaler({
          metadata: { name: component, namespace, labels: commonLabels(component) },
          spec: {
            scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: component },
            minReplicas: sizing.replicas,
            maxReplicas: sizing.maxReplicas,
            metrics: [
              {
                type: 'Resource',
                resource: {
                  name: 'cpu',
                  target: { type: 'Utilization', averageUtilization: TARGET_CPU_UTILIZATION },
                },
              },
            ],
          },
        }),
      );
    }
    // maxUnavailable rather than minAvailable: a basic Space's single replica can still be drained.
    objects.push(podDisruptionBudget(component, namespace, { maxUnavailable: 1 }));
  }
  const relayNamespace = popNamespace(placement.pop);
  objects.push(
    platformServiceDeployment({
      service: 'space-agent',
      namespace,
      image: platformImage('space-agent', release),
      replicas: 1,
      podLabels: { [LABELS.workload]: 'agent' },
      configMaps: { [SPACE_CONFIG]: '/etc/platform/space' },
      // One agent per Space, thousands per cluster: it only relays directives.
      resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } },
      env: {
        PLATFORM_BOT_DETECTION_ADDRESS: `bot-detection.${relayNamespace}.svc:${PORTS.grpc}`,
        PLATFORM_DIRECTIVE_KEYS: AGENT_KEYS_DIR,
        PLATFORM_HTTP_HOST: '0.0.0.0',
        PLATFORM_HTTP_PORT: String(PORTS.http),
        PLATFORM_POP: placement.pop,
        PLATFORM_RELAY_ADDRESS: `pop-relay.${relayNamespace}.svc:${PORTS.grpc}`,
        PLATFORM_SPACE: name,
        PLATFORM_STATE_DIR: AGENT_STATE_DIR,
      },
      secretEnv: {
        PLATFORM_MONITORING_TOKEN: { secret: 'space-agent-monitoring', key: 'token' },
      },
      mounts: [
        { name: 'state', mountPath: AGENT_STATE_DIR, source: { claim: AGENT_STATE_CLAIM } },
        {
          name: 'directive-keys',
          mountPath: AGENT_KEYS_DIR,
          source: { configMap: 'directive-keys' },
        },
      ],
      // The state volume attaches to one node at a time: the old pod goes before the new one.
      strategy: 'Recreate',
    }),
    // What the agent applied and acknowledged: it must survive the pod, or a rescheduled agent
    // would start over from its relay's backlog with no memory of what runs.
    new PersistentVolumeClaim({
      metadata: { name: AGENT_STATE_CLAIM, namespace, labels: commonLabels(AGENT_STATE_CLAIM) },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    }),
  );
  if (space.spec.addOns.pci) objects.push(...spaceNetworkPolicies(namespace, relayNamespace));
  return objects;
}

/** What a side of the Space is, as plain keys the agent and operators can read in the cluster. */
function spaceConfig(space: Space, placement: SpacePlacement, state: DesiredState): ConfigMap {
  const window = effectiveMaintenanceWindow(space, state.settings);
  const geoFailover = space.spec.addOns.geoFailover;
  const data: Record<string, string> = {
    space: space.metadata.name,
    pop: placement.pop,
    tier: space.spec.tier,
    channel: space.spec.channel,
    release: space.spec.release,
    'maintenanceWindow.day': window.day,
    'maintenanceWindow.start': window.start,
    'maintenanceWindow.timeZone': window.timeZone,
    'maintenanceWindow.durationMinutes': String(window.durationMinutes),
    'addOns.pci': String(space.spec.addOns.pci),
    'addOns.geoFailover': String(geoFailover !== undefined),
    'failover.side': placement.side,
    'failover.role': placement.role,
  };
  if (geoFailover) {
    data['addOns.geoFailover.primaryPop'] = space.spec.pop;
    data['addOns.geoFailover.secondaryPop'] = geoFailover.secondaryPop;
    data['addOns.geoFailover.active'] = geoFailover.active;
  }
  return new ConfigMap({
    metadata: {
      name: SPACE_CONFIG,
      namespace: spaceNamespace(space.metadata.name),
      labels: commonLabels(SPACE_CONFIG),
    },
    data: sortedRecord(data),
  });
}
