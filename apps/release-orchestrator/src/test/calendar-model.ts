import type { ChannelName, MaintenanceWindow } from '@platform/gitops';
import { DateTime } from 'luxon';

/**
 * What the eight-week calendar test expects, computed without the orchestrator's planning code:
 * window occurrences straight from luxon on the zone's wall clock, and the one-step-per-window
 * rule applied to a channel history the test states by hand.
 */

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const HH_MM = /^(\d\d):(\d\d)$/;

function startOf(window: MaintenanceWindow): { hour: number; minute: number } {
  const match = HH_MM.exec(window.start);
  if (!match) throw new Error(`bad window start ${window.start}`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

/** Local wall time of `at` in `zone`, as a zone-less reading (UTC has no gaps or repeats). */
function wallClock(at: Date, zone: string): DateTime {
  const local = DateTime.fromJSDate(at, { zone });
  return DateTime.fromObject(
    {
      year: local.year,
      month: local.month,
      day: local.day,
      hour: local.hour,
      minute: local.minute,
      second: local.second,
    },
    { zone: 'utc' },
  );
}

/**
 * Whether `at` is inside an occurrence of `window` as the customer's wall clock reads it: on the
 * window's weekday (or the day after, for a window past midnight), no earlier than the local
 * start and less than the duration of wall-clock minutes after it.
 */
export function insideWindowOnWallClock(window: MaintenanceWindow, at: Date): boolean {
  const now = wallClock(at, window.timeZone);
  return [0, 1].some((back) => {
    const day = now.minus({ days: back }).startOf('day');
    if (WEEKDAYS[day.weekday - 1] !== window.day) return false;
    const minutes = now.diff(day.set(startOf(window)), 'minutes').minutes;
    return minutes >= 0 && minutes < window.durationMinutes;
  });
}

/** Instants at which `window` opens in `(from, to]`, as luxon resolves the local start time. */
export function windowOpenings(window: MaintenanceWindow, from: Date, to: Date): Date[] {
  const openings: Date[] = [];
  const last = DateTime.fromJSDate(to, { zone: window.timeZone }).plus({ days: 1 });
  for (
    let day = DateTime.fromJSDate(from, { zone: window.timeZone })
      .startOf('day')
      .minus({ days: 1 });
    day <= last;
    day = day.plus({ days: 1 })
  ) {
    if (WEEKDAYS[day.weekday - 1] !== window.day) continue;
    const opening = DateTime.fromObject(
      { year: day.year, month: day.month, day: day.day, ...startOf(window) },
      { zone: window.timeZone },
    ).toJSDate();
    if (opening.getTime() > from.getTime() && opening.getTime() <= to.getTime()) {
      openings.push(opening);
    }
  }
  return openings;
}

/** The facts of the calendar the model reads. */
export interface CalendarFacts {
  /** Versions, oldest first. */
  chain: readonly string[];
  channelAt(channel: ChannelName, at: Date): string;
  frozenAt(space: ModelSpace, at: Date): boolean;
  blockedAt(release: string, at: Date): boolean;
}

export interface ModelSpace {
  name: string;
  channel: ChannelName;
  release: string;
  /** The window that applies (for basic tier: the platform default). */
  window: MaintenanceWindow;
}

/**
 * Each Space's release after every window in `(from, to]`: in each, a Space behind its channel,
 * not frozen, moves to the release right after its own unless that one is blocked.
 */
export function expectedPins(
  spaces: readonly ModelSpace[],
  facts: CalendarFacts,
  from: Date,
  to: Date,
): Map<string, string> {
  const position = (release: string) => facts.chain.indexOf(release);
  return new Map(
    spaces.map((space) => {
      let pin = space.release;
      for (const at of windowOpenings(space.window, from, to)) {
        const next = facts.chain[position(pin) + 1];
        if (position(pin) >= position(facts.channelAt(space.channel, at))) continue;
        if (facts.frozenAt(space, at) || next === undefined || facts.blockedAt(next, at)) continue;
        pin = next;
      }
      return [space.name, pin];
    }),
  );
}
