import { commonV1alpha1 } from '@platform/contracts';

const { DayOfWeek } = commonV1alpha1;

const WEEK_MINUTES = 7 * 24 * 60;
const DAY_INDEX: Partial<Record<commonV1alpha1.DayOfWeek, number>> = {
  [DayOfWeek.DAY_OF_WEEK_MONDAY]: 0,
  [DayOfWeek.DAY_OF_WEEK_TUESDAY]: 1,
  [DayOfWeek.DAY_OF_WEEK_WEDNESDAY]: 2,
  [DayOfWeek.DAY_OF_WEEK_THURSDAY]: 3,
  [DayOfWeek.DAY_OF_WEEK_FRIDAY]: 4,
  [DayOfWeek.DAY_OF_WEEK_SATURDAY]: 5,
  [DayOfWeek.DAY_OF_WEEK_SUNDAY]: 6,
};
const WEEKDAY_INDEX: Record<string, number> = {
  Mon: 0,
  Tue: 1,
  Wed: 2,
  Thu: 3,
  Fri: 4,
  Sat: 5,
  Sun: 6,
};

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * True when `instant` falls inside the weekly window: it starts on `day` at local `start` in
 * `timeZone` and lasts `durationMinutes`, possibly past midnight or the end of the week.
 *
 * Local wall-clock time comes from `Intl.DateTimeFormat` in the window's zone, so DST is the
 * zone database's business: the window is measured on the wall clock (a 02:00–04:00 window on
 * a spring-forward night is one hour of real time long; on a fall-back night, two local hours
 * repeat and both count). A window whose day, start or zone is invalid never matches.
 */
export function isInsideMaintenanceWindow(
  window: commonV1alpha1.MaintenanceWindow,
  instant: Date,
): boolean {
  const day = DAY_INDEX[window.day];
  const start = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(window.start);
  if (day === undefined || !start || !(window.durationMinutes >= 1)) return false;
  const local = localWeekMinute(instant, window.timeZone);
  if (local === undefined) return false;
  const windowStart = day * 24 * 60 + Number(start[1]) * 60 + Number(start[2]);
  const sinceStart = (((local - windowStart) % WEEK_MINUTES) + WEEK_MINUTES) % WEEK_MINUTES;
  return sinceStart < Math.min(window.durationMinutes, 1440);
}

/** Minutes since Monday 00:00 on the wall clock of `timeZone`; undefined for an unknown zone. */
function localWeekMinute(instant: Date, timeZone: string): number | undefined {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        weekday: 'short',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      });
    } catch {
      return undefined;
    }
    formatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(
    formatter.formatToParts(instant).map((part) => [part.type, part.value]),
  );
  const weekday = WEEKDAY_INDEX[parts['weekday'] ?? ''];
  if (weekday === undefined) return undefined;
  return weekday * 24 * 60 + Number(parts['hour']) * 60 + Number(parts['minute']);
}
