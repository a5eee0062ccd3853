import type { Problem } from '../model/desired-state';

/**
 * Thrown when rendered objects fail their Kubernetes or Argo CD schema, hold a field the
 * schema does not declare, or collide. Nothing is returned from a render that throws it: a
 * half-valid `rendered/` tree must never reach a commit. The message has one
 * `path: field: message` line per problem (the first `listed` of them); `problems` has all.
 */
export class RenderError extends Error {
  constructor(
    readonly problems: readonly Problem[],
    listed = problems.length,
  ) {
    const lines = problems
      .slice(0, listed)
      .map((problem) => `${problem.path}: ${problem.field}: ${problem.message}`);
    if (problems.length > listed) lines.push(`… and ${problems.length - listed} more`);
    super(lines.join('\n'));
    this.name = 'RenderError';
  }
}
