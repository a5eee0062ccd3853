import { DAYS, type MaintenanceWindow, type Settings, type Space } from '@platform/gitops';
import { DateTime } from 'luxon';

/** One occurrence of a weekly window, as instants. */
export interface WindowOccurrence {
  start: Date;
  end: Date;
}

const START = /^([01]\d|2[0-3]):([0-5]\d)$/;
/** A window lasts at most a day (the space-agent's limit too). */
const MAX_MINUTES = 24 * 60;

/**
 * The window a Space takes releases in: basic-tier Spaces get the platform default from
 * settings whatever their own file says; the other tiers use the one their customer chose.
 */
export function effectiveWindow(space: Space, settings: Settings): MaintenanceWindow {
  return space.spec.tier === 'basic' ? settings.spec.basicTierWindow : space.spec.maintenanceWindow;
}

/** A wall-clock reading: local date and time of day. */
interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/**
 * The first instant at which the wall clock of `zone` reads `wall` or later on that date. A time
 * in a repeated fall-back hour is its first instance; a time a spring-forward gap skips is the
 * instant the clock jumps (02:30 on a night that goes 02:00 → 03:00 starts at 03:00), which is
 * when the space-agent, reading its wall clock, sees the window open.
 */
function wallInstant(wall: WallTime, zone: string): DateTime {
  const resolved = DateTime.fromObject(wall, { zone });
  if (!resolved.isValid) return resolved;
  if (resolved.hour === wall.hour && resolved.minute === wall.minute) {
    // A repeated hour reads the same twice: take the first instance.
    const [first] = resolved.getPossibleOffsets().sort((a, b) => a.toMillis() - b.toMillis());
    return first ?? resolved;
  }
  // Inside a gap the zone database moves the time forward past it; walk back to the jump.
  let instant = resolved;
  for (;;) {
    const earlier = instant.minus({ minutes: 1 });
    if (
      earlier.day !== wall.day ||
      earlier.hour * 60 + earlier.minute < wall.hour * 60 + wall.minute
    ) {
      return instant;
    }
    instant = earlier;
  }
}

/**
 * The occurrence of `window` that starts on the local calendar day `day` (in the window's
 * zone), or undefined when that day is not the window's weekday. Both ends are wall-clock
 * times resolved by {@link wallInstant}: the window lasts its duration on the wall clock, as
 * the space-agent measures it (an hour shorter on a spring-forward night, longer on a fall-back
 * one).
 */
function occurrenceOn(window: MaintenanceWindow, day: DateTime): WindowOccurrence | undefined {
  if (DAYS[day.weekday - 1] !== window.day) return undefined;
  const match = START.exec(window.start);
  if (!match) return undefined;
  const wall: WallTime = {
    year: day.year,
    month: day.month,
    day: day.day,
    hour: Number(match[1]),
    minute: Number(match[2]),
  };
  // Wall-clock arithmetic happens in UTC, where no hour is skipped or repeated.
  const endWall = DateTime.fromObject(wall, { zone: 'utc' }).plus({
    minutes: Math.min(window.durationMinutes, MAX_MINUTES),
  });
  const start = wallInstant(wall, window.timeZone);
  const end = wallInstant(
    {
      year: endWall.year,
      month: endWall.month,
      day: endWall.day,
      hour: endWall.hour,
      minute: endWall.minute,
    },
    window.timeZone,
  );
  if (!start.isValid || !end.isValid) return undefined;
  return { start: start.toJSDate(), end: end.toJSDate() };
}

/** Local calendar days of `window`'s zone from the day of `from` to the day of `to`, plus `before` days earlier. */
function localDays(window: MaintenanceWindow, from: Date, to: Date, before: number): DateTime[] {
  const first = DateTime.fromJSDate(from, { zone: window.timeZone }).startOf('day');
  const last = DateTime.fromJSDate(to, { zone: window.timeZone }).startOf('day');
  if (!first.isValid || !last.isValid) {
    throw new RangeError(`maintenance window time zone "${window.timeZone}" is not an IANA zone`);
  }
  const days: DateTime[] = [];
  for (let day = first.minus({ days: before }); day <= last; day = day.plus({ days: 1 })) {
    days.push(day);
  }
  return days;
}

/**
 * Every occurrence of `window` whose start lies in `(from, to]`, in time order.
 *
 * @throws RangeError when the window's time zone is not an IANA zone
 */
export function occurrencesBetween(
  window: MaintenanceWindow,
  from: Date,
  to: Date,
): WindowOccurrence[] {
  if (to.getTime() <= from.getTime()) return [];
  return localDays(window, from, to, 1)
    .map((day) => occurrenceOn(window, day))
    .filter(
      (occurrence): occurrence is WindowOccurrence =>
        occurrence !== undefined &&
        occurrence.start.getTime() > from.getTime() &&
        occurrence.start.getTime() <= to.getTime(),
    );
}

/** The first occurrence of `window` that starts at or after `at`. */
export function nextOpening(window: MaintenanceWindow, at: Date): WindowOccurrence {
  const justBefore = new Date(at.getTime() - 1);
  // A weekly window opens within 8 days, DST shifts included.
  const [first] = occurrencesBetween(window, justBefore, new Date(at.getTime() + 8 * 86_400_000));
  if (first === undefined)
    throw new RangeError(`maintenance window ${JSON.stringify(window)} never opens`);
  return first;
}

/** The occurrence of `window` open at `at` (start ≤ at < end), if any. */
export function openOccurrence(window: MaintenanceWindow, at: Date): WindowOccurrence | undefined {
  return localDays(window, at, at, 2)
    .map((day) => occurrenceOn(window, day))
    .find(
      (occurrence) =>
        occurrence !== undefined &&
        occurrence.start.getTime() <= at.getTime() &&
        at.getTime() < occurrence.end.getTime(),
    );
}
