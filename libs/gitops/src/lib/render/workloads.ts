import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import {
  Service,
  type IContainer,
  type IEnvVar,
  type IPodSecurityContext,
  type IResourceRequirements,
  type ISecurityContext,
  type IVolume,
} from 'kubernetes-models/v1';
import { commonLabels, selectorLabels } from './labels';

/** Ports the rendered workloads listen on. */
export const PORTS = {
  /** Every platform service (mutual TLS gRPC). */
  grpc: 8443,
  /** The identity service's components. */
  http: 8080,
  redis: 6379,
} as const;

/** Redis for Central and each PoP, pinned to a patch version. */
export const REDIS_IMAGE = 'docker.io/library/redis:7.4.2';
/** The `redis` user of the Debian-based Redis image. */
const REDIS_UID = 999;
/** The distroless `nonroot` user the platform's and identity service's images run as. */
const APP_UID = 65532;

/** Where a platform service finds its certificate, from the `<service>-tls` Secret. */
const TLS_DIR = '/etc/platform/tls';

/**
 * What the Pod Security Standard `restricted` asks of every container. Every container gets
 * it; a PCI Space's namespace is what enforces it.
 */
export function restrictedSecurityContext(): ISecurityContext {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    runAsNonRoot: true,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** A numeric user, so the kubelet can check `runAsNonRoot` whatever the image says. */
function podSecurityContext(uid: number): IPodSecurityContext {
  return {
    fsGroup: uid,
    runAsGroup: uid,
    runAsNonRoot: true,
    runAsUser: uid,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

export interface DeploymentOptions {
  name: string;
  namespace: string;
  /** Absent when an autoscaler owns the count (Argo CD would otherwise undo its scaling). */
  replicas?: number;
  /** Labels on the pods besides the common ones. */
  podLabels?: Readonly<Record<string, string>>;
  container: IContainer;
  volumes?: IVolume[];
  /** `Recreate` for a workload whose volume only one pod may hold at a time. */
  strategy?: 'Recreate';
}

/** A Deployment of one container, selected by its name, running as a non-root user. */
export function deployment(options: DeploymentOptions): Deployment {
  const { name, namespace } = options;
  return new Deployment({
    metadata: { name, namespace, labels: commonLabels(name) },
    spec: {
      replicas: options.replicas,
      revisionHistoryLimit: 3,
      strategy: options.strategy ? { type: options.strategy } : undefined,
      selector: { matchLabels: selectorLabels(name) },
      template: {
        metadata: { labels: commonLabels(name, options.podLabels) },
        spec: {
          automountServiceAccountToken: false,
          containers: [options.container],
          securityContext: podSecurityContext(APP_UID),
          volumes: options.volumes,
        },
      },
    },
  });
}

export interface PlatformServiceOptions {
  service: string;
  namespace: string;
  image: string;
  replicas: number;
  /** Variables besides the common service ones (`PLATFORM_*`). */
  env?: Readonly<Record<string, string>>;
  podLabels?: Readonly<Record<string, string>>;
  /** Defaults to a small service's: 250m CPU and 256Mi requested, 512Mi memory limit. */
  resources?: IResourceRequirements;
  /** Read-only ConfigMaps to mount besides the certificate, by ConfigMap name → directory. */
  configMaps?: Readonly<Record<string, string>>;
  /** Other volumes: files provisioned outside git (Secrets, ConfigMaps) or writable space. */
  mounts?: readonly ServiceMount[];
  /** Variables whose values come from Secrets provisioned outside git: name → Secret and key. */
  secretEnv?: Readonly<Record<string, { secret: string; key: string }>>;
  strategy?: 'Recreate';
}

/** A volume of a platform service and where it is mounted. */
export interface ServiceMount {
  name: string;
  mountPath: string;
  source:
    | { secret: string }
    | { configMap: string }
    /** Scratch space that may be lost with the pod (a clone that is fetched again). */
    | { emptyDir: true }
    /** A PersistentVolumeClaim: state that must survive the pod. */
    | { claim: string };
}

/**
 * A platform service's Deployment: the common variables its configuration loader reads
 * (gRPC on {@link PORTS.grpc}, the certificate files) and its certificate mounted from the
 * `<service>-tls` Secret, which the PKI provisions outside git.
 */
export function platformServiceDeployment(options: PlatformServiceOptions): Deployment {
  const { service } = options;
  const configMaps = Object.entries(options.configMaps ?? {}).sort(([a], [b]) =>
    a.localeCompare(b),
  );
  const mounts = options.mounts ?? [];
  return deployment({
    name: service,
    namespace: options.namespace,
    replicas: options.replicas,
    podLabels: options.podLabels,
    container: {
      name: service,
      image: options.image,
      env: [
        ...envVars({
          PLATFORM_GRPC_HOST: '0.0.0.0',
          PLATFORM_GRPC_PORT: String(PORTS.grpc),
          PLATFORM_TLS_CA_FILE: `${TLS_DIR}/ca.crt`,
          PLATFORM_TLS_CERT_FILE: `${TLS_DIR}/tls.crt`,
          PLATFORM_TLS_KEY_FILE: `${TLS_DIR}/tls.key`,
          ...options.env,
        }),
        ...Object.keys(options.secretEnv ?? {})
          .sort()
          .map((name) => {
            const { secret, key } = (options.secretEnv ?? {})[name];
            return { name, valueFrom: { secretKeyRef: { name: secret, key } } };
          }),
      ],
      ports: [{ name: 'grpc', containerPort: PORTS.grpc, protocol: 'TCP' }],
      readinessProbe: { tcpSocket: { port: 'grpc' }, periodSeconds: 10 },
      resources: options.resources ?? {
        requests: { cpu: '250m', memory: '256Mi' },
        limits: { memory: '512Mi' },
      },
      securityContext: restrictedSecurityContext(),
      volumeMounts: [
        { name: 'tls', mountPath: TLS_DIR, readOnly: true },
        ...configMaps.map(([name, mountPath]) => ({ name, mountPath, readOnly: true })),
        ...mounts.map(({ name, mountPath, source }) => ({
          name,
          mountPath,
          readOnly: 'secret' in source || 'configMap' in source,
        })),
      ],
    },
    volumes: [
      { name: 'tls', secret: { secretName: `${service}-tls` } },
      ...configMaps.map(([name]) => ({ name, configMap: { name } })),
      ...mounts.map(({ name, source }) => volumeOf(name, source)),
    ],
    strategy: options.strategy,
  });
}

function volumeOf(name: string, source: ServiceMount['source']): IVolume {
  if ('secret' in source) return { name, secret: { secretName: source.secret } };
  if ('configMap' in source) return { name, configMap: { name: source.configMap } };
  if ('claim' in source) return { name, persistentVolumeClaim: { claimName: source.claim } };
  return { name, emptyDir: {} };
}

/** Environment variables sorted by name. */
export function envVars(variables: Readonly<Record<string, string>>): IEnvVar[] {
  return Object.keys(variables)
    .sort()
    .map((name) => ({ name, value: variables[name] }));
}

/** A ClusterIP Service in front of a workload's one named port; `headless` for StatefulSets. */
export function service(
  name: string,
  namespace: string,
  port: { name: string; port: number },
  headless = false,
): Service {
  return new Service({
    metadata: { name, namespace, labels: commonLabels(name) },
    spec: {
      type: 'ClusterIP',
      clusterIP: headless ? 'None' : undefined,
      selector: selectorLabels(name),
      ports: [{ name: port.name, port: port.port, protocol: 'TCP', targetPort: port.name }],
    },
  });
}

/** A PodDisruptionBudget over a workload's pods. */
export function podDisruptionBudget(
  name: string,
  namespace: string,
  budget: { minAvailable: number } | { maxUnavailable: number },
): PodDisruptionBudget {
  return new PodDisruptionBudget({
    metadata: { name, namespace, labels: commonLabels(name) },
    spec: { ...budget, selector: { matchLabels: selectorLabels(name) } },
  });
}

/**
 * One Redis with its data on a volume claim, append-only file on and fsync'd every second:
 * a restart loses at most a second of queue writes. Governed by the headless Service `redis`.
 */
export function redisStatefulSet(namespace: string, storage: string): StatefulSet {
  const name = 'redis';
  return new StatefulSet({
    metadata: { name, namespace, labels: commonLabels(name) },
    spec: {
      replicas: 1,
      serviceName: name,
      selector: { matchLabels: selectorLabels(name) },
      template: {
        metadata: { labels: commonLabels(name) },
        spec: {
          automountServiceAccountToken: false,
          containers: [
            {
              name,
              image: REDIS_IMAGE,
              command: ['redis-server'],
              args: ['--appendonly', 'yes', '--appendfsync', 'everysec', '--dir', '/data'],
              ports: [{ name: 'redis', containerPort: PORTS.redis, protocol: 'TCP' }],
              readinessProbe: { exec: { command: ['redis-cli', 'ping'] }, periodSeconds: 10 },
              resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1Gi' } },
              securityContext: restrictedSecurityContext(),
              volumeMounts: [{ name: 'data', mountPath: '/data' }],
            },
          ],
          securityContext: podSecurityContext(REDIS_UID),
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: 'data', labels: commonLabels(name) },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } } },
        },
      ],
    },
  });
}
