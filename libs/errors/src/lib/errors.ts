import { PlatformError } from './platform-error';

/** A request field is missing or malformed; `field` is its path, for example `spec.tier`. */
export class InvalidArgumentError extends PlatformError {
  readonly kind = 'invalid-argument';

  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}

export class NotFoundError extends PlatformError {
  readonly kind = 'not-found';
}

export class AlreadyExistsError extends PlatformError {
  readonly kind = 'already-exists';
}

/** A concurrent change won (for example a git push that no longer applies). */
export class ConflictError extends PlatformError {
  readonly kind = 'conflict';
}

/** The system is not in a state that allows the operation (for example deleting a PoP with Spaces). */
export class FailedPreconditionError extends PlatformError {
  readonly kind = 'failed-precondition';
}

export class PermissionDeniedError extends PlatformError {
  readonly kind = 'permission-denied';
}

export class UnauthenticatedError extends PlatformError {
  readonly kind = 'unauthenticated';
}

/** A bounded resource is full (for example a Space's directive backlog). */
export class ResourceExhaustedError extends PlatformError {
  readonly kind = 'resource-exhausted';
}

/** A dependency (Redis, a relay, the git remote) cannot be reached right now; retrying may work. */
export class UnavailableError extends PlatformError {
  readonly kind = 'unavailable';
}

export class DeadlineExceededError extends PlatformError {
  readonly kind = 'deadline-exceeded';
}

/** A bug or an invariant that broke; the message is logged, never sent to the caller. */
export class InternalError extends PlatformError {
  readonly kind = 'internal';
}
