import type { MaintenanceWindow } from '@platform/gitops';
import fc from 'fast-check';
import { UTC_SUNDAY, fleet, space } from '../testing/release-fixtures';
import {
  effectiveWindow,
  nextOpening,
  occurrencesBetween,
  openOccurrence,
} from './maintenance-window';

const at = (iso: string) => new Date(iso);
const iso = (date: Date) => date.toISOString();

function window(
  day: MaintenanceWindow['day'],
  start: string,
  timeZone: string,
  durationMinutes = 120,
) {
  return { day, start, timeZone, durationMinutes } satisfies MaintenanceWindow;
}

describe('maintenance windows', () => {
  describe('America/New_York', () => {
    const sunday0230 = window('sunday', '02:30', 'America/New_York');

    it('opens at the same local time before and after spring forward (8 March 2026)', () => {
      const opens = occurrencesBetween(
        sunday0230,
        at('2026-02-28T00:00:00Z'),
        at('2026-03-16T00:00:00Z'),
      );

      expect(opens.map((o) => iso(o.start))).toEqual([
        '2026-03-01T07:30:00.000Z', // EST, UTC-5
        '2026-03-08T07:00:00.000Z', // 02:30 does not exist: opens when the clock jumps to 03:00
        '2026-03-15T06:30:00.000Z', // EDT, UTC-4
      ]);
      // The wall clock reads 04:30 at the end every week; on the short night that is 1.5 real hours in.
      expect(opens.map((o) => iso(o.end))).toEqual([
        '2026-03-01T09:30:00.000Z',
        '2026-03-08T08:30:00.000Z',
        '2026-03-15T08:30:00.000Z',
      ]);
    });

    it('opens at the first 01:30 on the fall-back night (1 November 2026) and lasts to 03:30 EST', () => {
      const [open] = occurrencesBetween(
        window('sunday', '01:30', 'America/New_York'),
        at('2026-10-31T00:00:00Z'),
        at('2026-11-02T00:00:00Z'),
      );

      expect(iso(open.start)).toBe('2026-11-01T05:30:00.000Z');
      expect(iso(open.end)).toBe('2026-11-01T08:30:00.000Z');
    });
  });

  describe('Europe/London', () => {
    it('handles a start inside the skipped hour (29 March 2026) and the repeated one (25 October 2026)', () => {
      const sunday0130 = window('sunday', '01:30', 'Europe/London', 60);

      const spring = occurrencesBetween(
        sunday0130,
        at('2026-03-21T00:00:00Z'),
        at('2026-04-06T00:00:00Z'),
      );
      const autumn = occurrencesBetween(
        sunday0130,
        at('2026-10-24T00:00:00Z'),
        at('2026-10-26T00:00:00Z'),
      );

      expect(spring.map((o) => [iso(o.start), iso(o.end)])).toEqual([
        ['2026-03-22T01:30:00.000Z', '2026-03-22T02:30:00.000Z'],
        ['2026-03-29T01:00:00.000Z', '2026-03-29T01:30:00.000Z'],
        ['2026-04-05T00:30:00.000Z', '2026-04-05T01:30:00.000Z'],
      ]);
      expect(autumn.map((o) => [iso(o.start), iso(o.end)])).toEqual([
        ['2026-10-25T00:30:00.000Z', '2026-10-25T02:30:00.000Z'],
      ]);
    });
  });

  describe('Australia/Sydney', () => {
    it('follows the southern-hemisphere changes (5 April and 4 October 2026)', () => {
      const sunday0230 = window('sunday', '02:30', 'Australia/Sydney');

      const april = occurrencesBetween(
        sunday0230,
        at('2026-04-03T00:00:00Z'),
        at('2026-04-12T00:00:00Z'),
      );
      const october = occurrencesBetween(
        sunday0230,
        at('2026-10-02T00:00:00Z'),
        at('2026-10-11T00:00:00Z'),
      );

      expect(april.map((o) => iso(o.start))).toEqual([
        '2026-04-04T15:30:00.000Z', // the first 02:30, still AEDT (UTC+11)
        '2026-04-11T16:30:00.000Z', // AEST (UTC+10)
      ]);
      expect(october.map((o) => iso(o.start))).toEqual([
        '2026-10-03T16:00:00.000Z', // 02:00 jumps to 03:00 AEDT
        '2026-10-10T15:30:00.000Z',
      ]);
    });
  });

  describe('Asia/Kolkata', () => {
    it('uses the half-hour offset and the local day, which is Sunday in UTC', () => {
      const monday0400 = window('monday', '04:00', 'Asia/Kolkata', 60);

      const open = nextOpening(monday0400, at('2026-11-20T00:00:00Z'));

      expect(iso(open.start)).toBe('2026-11-22T22:30:00.000Z');
      expect(iso(open.end)).toBe('2026-11-22T23:30:00.000Z');
    });
  });

  it('nextOpening counts a window opening exactly at the instant', () => {
    const open = nextOpening(UTC_SUNDAY, at('2026-11-22T02:00:00Z'));

    expect(iso(open.start)).toBe('2026-11-22T02:00:00.000Z');
  });

  it('openOccurrence finds the window open at an instant, also one past midnight', () => {
    const lateNight = window('saturday', '23:00', 'Europe/London', 180);

    expect(
      iso(openOccurrence(lateNight, at('2026-11-22T01:59:00Z'))?.start ?? at('1970-01-01')),
    ).toBe('2026-11-21T23:00:00.000Z');
    expect(openOccurrence(lateNight, at('2026-11-22T02:00:00Z'))).toBeUndefined();
  });

  it('refuses a zone that does not exist', () => {
    expect(() =>
      nextOpening(window('monday', '01:00', 'Mars/Olympus_Mons'), at('2026-11-20T00:00:00Z')),
    ).toThrow(RangeError);
  });

  it('gives basic-tier Spaces the platform window and the others their own', () => {
    const own = window('tuesday', '03:00', 'Europe/Paris');
    const platform = window('sunday', '04:00', 'UTC');
    const state = fleet({ basicTierWindow: platform });

    expect(
      effectiveWindow(space('a', { tier: 'basic', window: own }), state.desired.settings),
    ).toEqual(platform);
    expect(
      effectiveWindow(space('b', { tier: 'performance', window: own }), state.desired.settings),
    ).toEqual(own);
  });

  it('opens once a week, on its local weekday and time, in every zone (property)', () => {
    const zones = ['America/New_York', 'Europe/London', 'Australia/Sydney', 'Asia/Kolkata', 'UTC'];
    const days: MaintenanceWindow['day'][] = ['monday', 'wednesday', 'saturday', 'sunday'];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.constantFrom(...days),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({
          min: Date.parse('2026-01-01T00:00:00Z'),
          max: Date.parse('2027-12-31T00:00:00Z'),
        }),
        (timeZone, day, hour, minute, from) => {
          const start = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
          const w = window(day, start, timeZone, 60);
          const opens = occurrencesBetween(w, new Date(from), new Date(from + 28 * 86_400_000));

          // Four weeks hold four openings, give or take one when a clock change moves an
          // opening across an end of the span (an hour shorter or longer than a week).
          expect(opens.length).toBeGreaterThanOrEqual(3);
          expect(opens.length).toBeLessThanOrEqual(5);
          for (const open of opens) {
            const local = new Intl.DateTimeFormat('en-GB', {
              timeZone,
              weekday: 'long',
              hour: '2-digit',
              minute: '2-digit',
              hourCycle: 'h23',
            }).formatToParts(open.start);
            const part = (type: string) => local.find((p) => p.type === type)?.value;
            expect(part('weekday')?.toLowerCase()).toBe(day);
            // Equal, or later only when the start fell into a spring-forward gap.
            expect(`${part('hour')}:${part('minute')}` >= start).toBe(true);
            expect(open.end.getTime()).toBeGreaterThan(open.start.getTime());
          }
        },
      ),
    );
  });
});
