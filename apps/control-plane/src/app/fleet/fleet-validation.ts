import { InvalidArgumentError } from '@platform/errors';
import { dnsLabelProblem, timeZoneProblem, type MaintenanceWindow } from '@platform/gitops';

const START = /^([01]\d|2[0-3]):[0-5]\d$/;
export const MIN_WINDOW_MINUTES = 30;
export const MAX_WINDOW_MINUTES = 24 * 60;

/** `value` as a name of a PoP or Space (a DNS-1123 label: it becomes a namespace and a folder). */
export function requireName(field: string, value: string): string {
  const problem = dnsLabelProblem(value);
  if (problem !== undefined) throw new InvalidArgumentError(field, problem);
  return value;
}

/** Checks a maintenance window; `field` is the proto path of the window, e.g. `maintenance_window`. */
export function requireWindow(field: string, window: MaintenanceWindow): MaintenanceWindow {
  if (!START.test(window.start)) {
    throw new InvalidArgumentError(
      `${field}.start`,
      `expected a local time "HH:MM" from 00:00 to 23:59, got ${JSON.stringify(window.start)}`,
    );
  }
  const zoneProblem = timeZoneProblem(window.timeZone);
  if (zoneProblem !== undefined) throw new InvalidArgumentError(`${field}.time_zone`, zoneProblem);
  const minutes = window.durationMinutes;
  if (!Number.isInteger(minutes) || minutes < MIN_WINDOW_MINUTES || minutes > MAX_WINDOW_MINUTES) {
    throw new InvalidArgumentError(
      `${field}.duration_minutes`,
      `expected a whole number of minutes from ${MIN_WINDOW_MINUTES} to ${MAX_WINDOW_MINUTES}, got ${minutes}`,
    );
  }
  return window;
}
