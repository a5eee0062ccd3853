import { commonV1alpha1 } from '@platform/contracts';
import fc from 'fast-check';
import { isInsideMaintenanceWindow } from './maintenance-window';

const { DayOfWeek } = commonV1alpha1;

function window(
  day: commonV1alpha1.DayOfWeek,
  start: string,
  durationMinutes: number,
  timeZone: string,
): commonV1alpha1.MaintenanceWindow {
  return { day, start, durationMinutes, timeZone };
}

const inside = (w: commonV1alpha1.MaintenanceWindow, iso: string) =>
  isInsideMaintenanceWindow(w, new Date(iso));

describe(isInsideMaintenanceWindow.name, () => {
  describe('America/New_York across DST', () => {
    const sunday2am = window(DayOfWeek.DAY_OF_WEEK_SUNDAY, '02:00', 120, 'America/New_York');

    it('uses EST (UTC-5) in winter and EDT (UTC-4) in summer for the same local window', () => {
      // 2026-01-11 is a Sunday: 02:00 EST = 07:00Z.
      expect(inside(sunday2am, '2026-01-11T06:59:00Z')).toBe(false);
      expect(inside(sunday2am, '2026-01-11T07:00:00Z')).toBe(true);
      expect(inside(sunday2am, '2026-01-11T08:59:00Z')).toBe(true);
      expect(inside(sunday2am, '2026-01-11T09:00:00Z')).toBe(false);
      // 2026-07-12 is a Sunday: 02:00 EDT = 06:00Z.
      expect(inside(sunday2am, '2026-07-12T05:59:00Z')).toBe(false);
      expect(inside(sunday2am, '2026-07-12T06:00:00Z')).toBe(true);
      expect(inside(sunday2am, '2026-07-12T07:59:00Z')).toBe(true);
      expect(inside(sunday2am, '2026-07-12T08:00:00Z')).toBe(false);
    });

    it('on the spring-forward night (2026-03-08) the 02:00-04:00 wall-clock window is one real hour', () => {
      // 01:59 EST = 06:59Z, next minute is 03:00 EDT = 07:00Z; 04:00 EDT = 08:00Z.
      expect(inside(sunday2am, '2026-03-08T06:59:00Z')).toBe(false);
      expect(inside(sunday2am, '2026-03-08T07:00:00Z')).toBe(true);
      expect(inside(sunday2am, '2026-03-08T07:59:00Z')).toBe(true);
      expect(inside(sunday2am, '2026-03-08T08:00:00Z')).toBe(false);
    });

    it('on the fall-back night (2026-11-01) a 01:00 window covers both repeated hours', () => {
      const oneAm = window(DayOfWeek.DAY_OF_WEEK_SUNDAY, '01:00', 60, 'America/New_York');
      expect(inside(oneAm, '2026-11-01T04:59:00Z')).toBe(false);
      expect(inside(oneAm, '2026-11-01T05:00:00Z')).toBe(true); // 01:00 EDT
      expect(inside(oneAm, '2026-11-01T06:30:00Z')).toBe(true); // 01:30 EST, the repeat
      expect(inside(oneAm, '2026-11-01T07:00:00Z')).toBe(false); // 02:00 EST
    });
  });

  describe('Asia/Kolkata (UTC+05:30, no DST)', () => {
    it('places the window at the half-hour offset and runs past midnight into the next day', () => {
      const fri2330 = window(DayOfWeek.DAY_OF_WEEK_FRIDAY, '23:30', 90, 'Asia/Kolkata');
      // 2026-01-09 is a Friday: 23:30 IST = 18:00Z; the window ends Saturday 01:00 IST = 19:30Z.
      expect(inside(fri2330, '2026-01-09T17:59:00Z')).toBe(false);
      expect(inside(fri2330, '2026-01-09T18:00:00Z')).toBe(true);
      expect(inside(fri2330, '2026-01-09T19:29:00Z')).toBe(true);
      expect(inside(fri2330, '2026-01-09T19:30:00Z')).toBe(false);
      expect(inside(fri2330, '2026-07-10T18:00:00Z')).toBe(true);
    });
  });

  it('wraps from Sunday night into Monday', () => {
    const sundayLate = window(DayOfWeek.DAY_OF_WEEK_SUNDAY, '23:00', 120, 'UTC');
    expect(inside(sundayLate, '2026-01-12T00:30:00Z')).toBe(true); // Monday
    expect(inside(sundayLate, '2026-01-12T01:00:00Z')).toBe(false);
  });

  it('never matches a window with an unknown zone or day', () => {
    expect(
      inside(
        window(DayOfWeek.DAY_OF_WEEK_MONDAY, '00:00', 1440, 'Mars/Olympus'),
        '2026-01-12T10:00:00Z',
      ),
    ).toBe(false);
    expect(
      inside(
        window(DayOfWeek.DAY_OF_WEEK_UNSPECIFIED, '00:00', 1440, 'UTC'),
        '2026-01-12T10:00:00Z',
      ),
    ).toBe(false);
  });

  it('in UTC, an instant is inside exactly when its minutes since the window start are below the duration', () => {
    const days = [
      DayOfWeek.DAY_OF_WEEK_MONDAY,
      DayOfWeek.DAY_OF_WEEK_TUESDAY,
      DayOfWeek.DAY_OF_WEEK_WEDNESDAY,
      DayOfWeek.DAY_OF_WEEK_THURSDAY,
      DayOfWeek.DAY_OF_WEEK_FRIDAY,
      DayOfWeek.DAY_OF_WEEK_SATURDAY,
      DayOfWeek.DAY_OF_WEEK_SUNDAY,
    ];
    const mondayEpoch = Date.UTC(2026, 0, 5); // a Monday
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 1439 }),
        fc.integer({ min: 1, max: 1440 }),
        fc.integer({ min: 0, max: 52 * 7 * 1440 }),
        (day, startMinute, duration, minute) => {
          const start = `${String(Math.floor(startMinute / 60)).padStart(2, '0')}:${String(startMinute % 60).padStart(2, '0')}`;
          const w = window(days[day], start, duration, 'UTC');
          const instant = new Date(mondayEpoch + minute * 60_000);
          const week = 7 * 1440;
          const since = ((((minute % week) - (day * 1440 + startMinute)) % week) + week) % week;
          expect(isInsideMaintenanceWindow(w, instant)).toBe(since < duration);
        },
      ),
    );
  });
});
