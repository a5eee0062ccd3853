/**
 * How a train lands: `commit` pushes it to the gitops branch; `review` pushes it to a branch of
 * its own for engineers to review (the checker is their PR check) and merge. Spaces and PoPs
 * only ever move from the gitops branch, so a reviewed train takes effect once it is merged.
 */
export type TrainMode = 'commit' | 'review';

/** Names tried after `train/<date>` before giving up: enough for a day of re-runs. */
const MAX_REVIEW_BRANCHES_PER_DAY = 10;

/**
 * The review branches a train at `now` may use, in order: `train/<YYYY-MM-DD>` (UTC), then
 * `train/<date>-2`, `-3`, … An existing branch is never moved (engineers may be reviewing it), so
 * a second train on the same day, under another request id, takes the next free name.
 */
export function reviewBranchesFor(now: Date): string[] {
  const date = now.toISOString().slice(0, 10);
  return Array.from({ length: MAX_REVIEW_BRANCHES_PER_DAY }, (_, index) =>
    index === 0 ? `train/${date}` : `train/${date}-${index + 1}`,
  );
}
