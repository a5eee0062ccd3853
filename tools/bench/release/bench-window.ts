import { DAYS } from '@platform/gitops';

const MINUTE = 60_000;
/** Time to commit the window and start a ticking replica before it opens. */
const LEAD_MS = 45_000;

/**
 * A whole UTC minute at least {@link LEAD_MS} after `now`, with no `:00` or `:30` mark in the
 * two minutes before it: the generated fleet's windows open on those marks (in every zone it
 * uses), and a tick moving them right before ours would delay ours.
 */
export function chooseWindowOpening(now: Date): Date {
  let opening = Math.ceil((now.getTime() + LEAD_MS) / MINUTE) * MINUTE;
  for (;;) {
    const busy = [0, 1, 2]
      .map((back) => opening - back * MINUTE)
      .find((minute) => new Date(minute).getUTCMinutes() % 30 === 0);
    if (busy === undefined) return new Date(opening);
    opening = busy + 3 * MINUTE;
  }
}

/** `platform` with the maintenance window of each of `spaces` opening at `opening` (UTC, an hour). */
export function withWindow(
  platform: ReadonlyMap<string, string>,
  spaces: readonly string[],
  opening: Date,
): Map<string, string> {
  const files = new Map(platform);
  const day = DAYS[(opening.getUTCDay() + 6) % 7];
  const start = opening.toISOString().slice(11, 16);
  for (const space of spaces) {
    const path = `platform/spaces/${space}.yaml`;
    const text = files.get(path);
    if (text === undefined) throw new Error(`no ${path}`);
    files.set(
      path,
      text
        .replace(/^ {4}day: .*$/m, `    day: ${day}`)
        .replace(/^ {4}start: .*$/m, `    start: "${start}"`)
        .replace(/^ {4}timeZone: .*$/m, '    timeZone: UTC')
        .replace(/^ {4}durationMinutes: .*$/m, '    durationMinutes: 60'),
    );
  }
  return files;
}
