/** One ref that `git push --porcelain` reported as not updated. */
export interface PushRejection {
  ref: string;
  /** For example `[rejected]` or `[remote rejected]`. */
  summary: string;
  /** The reason in parentheses, for example `fetch first` or `pre-receive hook declined`. */
  reason: string;
}

/** The lines flagged `!` in the porcelain output of `git push`. */
export function parsePushRejections(porcelain: string): PushRejection[] {
  const rejections: PushRejection[] = [];
  for (const line of porcelain.split('\n')) {
    const [flag, ref, detail] = line.split('\t');
    if (flag !== '!' || ref === undefined || detail === undefined) continue;
    const match = /^(.*?)\s*\((.*)\)\s*$/.exec(detail);
    rejections.push({
      ref,
      summary: (match ? match[1] : detail).trim(),
      reason: match ? match[2].trim() : '',
    });
  }
  return rejections;
}

// In the porcelain reason, `fetch first` / `non-fast-forward` mean the remote has commits we
// do not. When another push updates the ref at that very moment the remote says only `failed to
// update ref`, and its stderr carries the detail (`cannot lock ref ...: is at X but expected Y`).
const LOST_RACE_REASON = /fetch first|non-fast-forward|stale info|incorrect old value/i;
const LOST_RACE_OUTPUT = /cannot lock ref|incorrect old value/i;

/** Why a push failed, read from `git push --porcelain`'s stdout and stderr. */
export interface PushFailure {
  /** True when the push lost to another writer, so applying the change again on the new head may succeed. */
  lostRace: boolean;
  /** The rejected refs and reasons on one line (empty when git reported none, for example when the remote was unreachable). */
  detail: string;
}

export function classifyPushFailure(stdout: string, stderr: string): PushFailure {
  const rejections = parsePushRejections(stdout);
  const lostRace =
    rejections.some((rejection) => LOST_RACE_REASON.test(rejection.reason)) ||
    (rejections.length > 0 && LOST_RACE_OUTPUT.test(stderr));
  const detail = rejections
    .map((rejection) => `${rejection.summary} ${rejection.reason}`.trim())
    .join('; ');
  return { lostRace, detail };
}
