import { commonV1alpha1, type releaseV1alpha1 } from '@platform/contracts';
import type { DemoRun } from './demo-run';

/** A Space's next window that brings it a release. */
export interface UpcomingMove {
  space: string;
  opensAt: Date;
  closesAt: Date;
  from: string;
  to: string;
}

type Timestamp = { seconds: string; nanos: number };

export const toDate = (timestamp: Timestamp | undefined): Date =>
  new Date(Number(timestamp?.seconds ?? 0) * 1000 + Math.floor((timestamp?.nanos ?? 0) / 1e6));

export const toTimestamp = (date: Date): Timestamp => ({
  seconds: String(Math.floor(date.getTime() / 1000)),
  nanos: 0,
});

/**
 * Asks the orchestrator (PlanRollout) for each Space's windows after `after` over the next
 * `days`, and keeps each Space's first window that moves it (channels as they are now).
 */
export async function upcomingMoves(
  run: DemoRun,
  after: Date,
  options: { channel?: commonV1alpha1.Channel; days?: number } = {},
): Promise<UpcomingMove[]> {
  const spaces: releaseV1alpha1.SpacePlan[] = [];
  let pageToken = '';
  do {
    const page = await run.central.call(
      run.central.release.planRollout(
        {
          fromTime: toTimestamp(after),
          days: options.days ?? 8,
          space: '',
          pop: '',
          channel: options.channel ?? commonV1alpha1.Channel.CHANNEL_UNSPECIFIED,
          pageSize: 1000,
          pageToken,
        },
        run.central.auth(),
      ),
    );
    spaces.push(...page.spaces);
    pageToken = page.nextPageToken;
  } while (pageToken !== '');
  return spaces.flatMap((plan) => {
    const window = plan.windows.find(
      (candidate) =>
        candidate.toRelease !== candidate.fromRelease &&
        toDate(candidate.startTime).getTime() > after.getTime(),
    );
    return window
      ? [
          {
            space: plan.space,
            opensAt: toDate(window.startTime),
            closesAt: toDate(window.endTime),
            from: window.fromRelease,
            to: window.toRelease,
          },
        ]
      : [];
  });
}

/** Moves that share an opening instant, in time order: one clock jump covers each group. */
export function byOpening(moves: readonly UpcomingMove[]): UpcomingMove[][] {
  const groups = new Map<number, UpcomingMove[]>();
  for (const move of moves) {
    const key = move.opensAt.getTime();
    groups.set(key, [...(groups.get(key) ?? []), move]);
  }
  return [...groups.entries()].sort(([a], [b]) => a - b).map(([, group]) => group);
}

export function describeWindow(window: commonV1alpha1.MaintenanceWindow): string {
  const day = window.day.replace('DAY_OF_WEEK_', '').toLowerCase();
  return `${day} ${window.start} ${window.timeZone} ${window.durationMinutes}m`;
}
