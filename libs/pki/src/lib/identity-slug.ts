import { formatSpiffeId } from './spiffe-id';
import type { WorkloadIdentity } from './workload-identity';

/**
 * A file-name-safe name for an identity, unique within a trust domain: `central-control-plane`,
 * `pop-aws-us-east-1-pop-relay`, `space-acme-space-agent`, `operator-dev`.
 *
 * @throws InvalidArgumentError if the identity is invalid (its fields end up in a file name).
 */
export function identitySlug(identity: WorkloadIdentity): string {
  formatSpiffeId(identity);
  switch (identity.tier) {
    case 'central':
      return `central-${identity.service}`;
    case 'pop':
      return `pop-${identity.pop}-${identity.service}`;
    case 'space':
      return `space-${identity.space}-${identity.service}`;
    case 'operator':
      return `operator-${identity.name}`;
  }
}
