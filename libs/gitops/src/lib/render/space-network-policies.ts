import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { commonLabels, LABELS } from './labels';
import {
  DNS_PEER,
  DNS_PORTS,
  INGRESS_NAMESPACE,
  namespaceNamed,
  podsNamed,
  tcp,
} from './network-peers';
import { PORTS } from './workloads';

const COMPONENTS = { matchLabels: { [LABELS.workload]: 'component' } };

/**
 * What a PCI Space's namespace lets through: nothing in or out by default; then DNS; the
 * ingress gateway to the components' port; components to each other inside the namespace;
 * and the space-agent to its PoP's relay and bot-detection.
 */
export function spaceNetworkPolicies(namespace: string, popNamespace: string): NetworkPolicy[] {
  const policy = (name: string, spec: NetworkPolicy['spec']) =>
    new NetworkPolicy({ metadata: { name, namespace, labels: commonLabels(name) }, spec });
  return [
    policy('default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    policy('allow-dns', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ to: [DNS_PEER], ports: DNS_PORTS }],
    }),
    policy('allow-ingress-to-components', {
      podSelector: COMPONENTS,
      policyTypes: ['Ingress'],
      ingress: [{ from: [namespaceNamed(INGRESS_NAMESPACE)], ports: [tcp(PORTS.http)] }],
    }),
    policy('allow-between-components', {
      podSelector: COMPONENTS,
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: COMPONENTS }], ports: [tcp(PORTS.http)] }],
      egress: [{ to: [{ podSelector: COMPONENTS }], ports: [tcp(PORTS.http)] }],
    }),
    policy('allow-agent-to-pop', {
      podSelector: { matchLabels: { [LABELS.name]: 'space-agent' } },
      policyTypes: ['Egress'],
      egress: [
        {
          to: [namespaceNamed(popNamespace, podsNamed(['pop-relay', 'bot-detection']))],
          ports: [tcp(PORTS.grpc)],
        },
      ],
    }),
  ];
}
