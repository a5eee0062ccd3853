import { PlatformError } from '@platform/errors';

/**
 * What a failed publish means for the queue:
 * - `relay-unreachable`: the whole PoP is out of reach; back off every Space of the PoP;
 * - `space-busy`: this Space's backlog is full, or an unexpected error; back off this Space only;
 * - `refused`: the relay refused the directive itself; retrying it soon will not help.
 */
export type PublishFailureKind = 'relay-unreachable' | 'space-busy' | 'refused';

export function publishFailureKind(error: unknown): PublishFailureKind {
  if (!(error instanceof PlatformError)) return 'space-busy';
  switch (error.kind) {
    case 'unavailable':
    case 'deadline-exceeded':
      return 'relay-unreachable';
    case 'invalid-argument':
    case 'permission-denied':
    case 'unauthenticated':
    case 'failed-precondition':
    case 'not-found':
      return 'refused';
    default:
      return 'space-busy';
  }
}
