import fc from 'fast-check';
import { DAYS, DEFAULT_SETTINGS, type MaintenanceWindow } from '../model/desired-state';
import { aSpace } from './test-support';
import { effectiveMaintenanceWindow, windowSchedule } from './sync-window';

const window = (day: MaintenanceWindow['day'], start: string): MaintenanceWindow => ({
  day,
  start,
  timeZone: 'Europe/London',
  durationMinutes: 60,
});

describe(windowSchedule.name, () => {
  it('is a weekly cron at the window start, Sunday being 0', () => {
    expect(windowSchedule(window('sunday', '02:00'))).toBe('0 2 * * 0');
    expect(windowSchedule(window('monday', '00:05'))).toBe('5 0 * * 1');
    expect(windowSchedule(window('saturday', '23:30'))).toBe('30 23 * * 6');
  });

  it('keeps the day, hour and minute of every window', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DAYS),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        (day, hour, minute) => {
          const start = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
          const [m, h, dom, month, weekday] = windowSchedule(window(day, start)).split(' ');
          expect([Number(m), Number(h), dom, month]).toEqual([minute, hour, '*', '*']);
          expect(DAYS[(Number(weekday) + 6) % 7]).toBe(day);
        },
      ),
    );
  });

  it('refuses a start that is not HH:MM', () => {
    expect(() => windowSchedule(window('monday', '24:00'))).toThrow('HH:MM');
  });
});

describe(effectiveMaintenanceWindow.name, () => {
  it('gives basic-tier Spaces the platform default window, whatever their own file says', () => {
    const space = aSpace('hooli', { tier: 'basic', maintenanceWindow: window('monday', '04:00') });
    expect(effectiveMaintenanceWindow(space, DEFAULT_SETTINGS)).toBe(
      DEFAULT_SETTINGS.spec.basicTierWindow,
    );
  });

  it('gives other tiers the window their customer chose', () => {
    const chosen = window('tuesday', '23:00');
    const space = aSpace('umbrella', { tier: 'performance', maintenanceWindow: chosen });
    expect(effectiveMaintenanceWindow(space, DEFAULT_SETTINGS)).toBe(chosen);
  });
});
