import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { CENTRAL_NAMESPACE } from './render-central';
import { commonLabels, LABELS } from './labels';
import { INGRESS_NAMESPACE, namespaceNamed, podsNamed, tcp } from './network-peers';
import { PORTS } from './workloads';

const GRPC_SERVICES = ['pop-relay', 'bot-detection'];

/**
 * A PoP namespace admits nothing by default; then gRPC to pop-relay and bot-detection from
 * Space namespaces, Central, and the ingress gateway (Central in another cluster); and Redis
 * only from those two services' pods.
 */
export function popNetworkPolicies(namespace: string): NetworkPolicy[] {
  const policy = (name: string, spec: NetworkPolicy['spec']) =>
    new NetworkPolicy({ metadata: { name, namespace, labels: commonLabels(name) }, spec });
  return [
    policy('default-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] }),
    policy('allow-grpc', {
      podSelector: podsNamed(GRPC_SERVICES),
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [
            { namespaceSelector: { matchLabels: { [LABELS.plane]: 'space' } } },
            namespaceNamed(CENTRAL_NAMESPACE),
            namespaceNamed(INGRESS_NAMESPACE),
          ],
          ports: [tcp(PORTS.grpc)],
        },
      ],
    }),
    policy('allow-redis', {
      podSelector: { matchLabels: { [LABELS.name]: 'redis' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: podsNamed(GRPC_SERVICES) }], ports: [tcp(PORTS.redis)] }],
    }),
  ];
}
