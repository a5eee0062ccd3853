import { DAYS, type MaintenanceWindow, type Settings, type Space } from '../model/desired-state';

/**
 * The window a Space takes changes in: basic-tier Spaces get the platform default from
 * settings whatever their own file says; other tiers use the one their customer chose.
 */
export function effectiveMaintenanceWindow(space: Space, settings: Settings): MaintenanceWindow {
  return space.spec.tier === 'basic' ? settings.spec.basicTierWindow : space.spec.maintenanceWindow;
}

/**
 * The cron schedule (`minute hour * * weekday`, Sunday = 0) of a window's start, in the
 * window's own time zone: Argo CD evaluates it in `timeZone`, so daylight-saving shifts
 * move the window with the customer's clock.
 */
export function windowSchedule(window: MaintenanceWindow): string {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(window.start);
  if (!match) throw new Error(`maintenance window start "${window.start}" is not HH:MM`);
  const weekday = (DAYS.indexOf(window.day) + 1) % 7;
  return `${Number(match[2])} ${Number(match[1])} * * ${weekday}`;
}
