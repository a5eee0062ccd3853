import type {
  INetworkPolicyPeer,
  INetworkPolicyPort,
} from 'kubernetes-models/networking.k8s.io/v1';
import { LABELS } from './labels';

/**
 * The namespace of the cluster's ingress gateway: customer traffic to a Space's components,
 * and Central's calls to a PoP from another cluster, arrive through it.
 */
export const INGRESS_NAMESPACE = 'platform-ingress';

/** Pods of the namespace called `name` (Kubernetes sets this label; it cannot be forged). */
export function namespaceNamed(
  name: string,
  podSelector?: INetworkPolicyPeer['podSelector'],
): INetworkPolicyPeer {
  return { namespaceSelector: { matchLabels: { [LABELS.namespaceName]: name } }, podSelector };
}

/** Pods of this namespace whose `app.kubernetes.io/name` is one of `names`. */
export function podsNamed(
  names: readonly string[],
): NonNullable<INetworkPolicyPeer['podSelector']> {
  return { matchExpressions: [{ key: LABELS.name, operator: 'In', values: [...names].sort() }] };
}

/** The cluster DNS pods. */
export const DNS_PEER: INetworkPolicyPeer = namespaceNamed('kube-system', {
  matchLabels: { 'k8s-app': 'kube-dns' },
});

/** DNS over UDP and TCP. */
export const DNS_PORTS: INetworkPolicyPort[] = [
  { protocol: 'UDP', port: 53 },
  { protocol: 'TCP', port: 53 },
];

/** One TCP port. */
export function tcp(port: number): INetworkPolicyPort {
  return { protocol: 'TCP', port };
}
