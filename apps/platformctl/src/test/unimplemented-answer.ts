import { FailedPreconditionError } from '@platform/errors';

/** What the fake answers for a method the test did not prepare: loud, so the test shows it. */
export class UnimplementedAnswer extends FailedPreconditionError {
  constructor(method: string) {
    super(`the test did not prepare an answer for ${method}`);
  }
}
