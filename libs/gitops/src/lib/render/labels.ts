/** Label keys the rendered objects carry; selectors and NetworkPolicies rely on them. */
export const LABELS = {
  name: 'app.kubernetes.io/name',
  partOf: 'app.kubernetes.io/part-of',
  managedBy: 'app.kubernetes.io/managed-by',
  /** On namespaces: `central`, `pop` or `space`, so PoP policies can admit every Space. */
  plane: 'platform.privatecloud.io/plane',
  space: 'platform.privatecloud.io/space',
  pop: 'platform.privatecloud.io/pop',
  tier: 'platform.privatecloud.io/tier',
  channel: 'platform.privatecloud.io/channel',
  release: 'platform.privatecloud.io/release',
  /** On a Space's pods: `component` (the identity service) or `agent` (space-agent). */
  workload: 'platform.privatecloud.io/workload',
  /** Set by Kubernetes on every namespace; the only label a policy can trust for its name. */
  namespaceName: 'kubernetes.io/metadata.name',
} as const;

export const PART_OF = 'private-cloud-platform';
export const MANAGED_BY = 'platformctl';

/** The labels every rendered object carries, plus `extra`, sorted by key. */
export function commonLabels(
  name: string,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  return sortedRecord({
    [LABELS.name]: name,
    [LABELS.partOf]: PART_OF,
    [LABELS.managedBy]: MANAGED_BY,
    ...extra,
  });
}

/** What a workload's selector matches: its name only, as selectors cannot change later. */
export function selectorLabels(name: string): Record<string, string> {
  return { [LABELS.name]: name };
}

/** A copy with keys in sorted order, so map-like fields come out the same on every render. */
export function sortedRecord<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  const sorted: Record<string, T> = {};
  for (const key of Object.keys(record).sort()) sorted[key] = record[key];
  return sorted;
}
