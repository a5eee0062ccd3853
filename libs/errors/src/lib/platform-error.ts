/**
 * The kinds of failure the platform distinguishes. They are transport-neutral on purpose:
 * the edge (gRPC or HTTP) maps each kind to a status in one place, so domain code never
 * learns about status codes.
 */
export type ErrorKind =
  | 'invalid-argument'
  | 'not-found'
  | 'already-exists'
  | 'conflict'
  | 'failed-precondition'
  | 'permission-denied'
  | 'unauthenticated'
  | 'resource-exhausted'
  | 'unavailable'
  | 'deadline-exceeded'
  | 'internal';

/** Base class of every error the platform raises on purpose. */
export abstract class PlatformError extends Error {
  abstract readonly kind: ErrorKind;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
