import { z } from 'zod';
import { API_VERSION, DAYS, type MaintenanceWindow } from '../model/desired-state';
import { dnsLabelProblem, dnsSubdomainProblem } from './dns-names';
import { describeValue } from './zod-problems';
import { timeZoneProblem } from './time-zone';

/** A string that `problemOf` accepts (it returns the message when it does not). */
export function checkedString(problemOf: (value: string) => string | undefined) {
  return z.string().superRefine((value, context) => {
    const message = problemOf(value);
    if (message !== undefined) context.addIssue({ code: 'custom', message, input: value });
  });
}

export const apiVersionField = z.literal(API_VERSION);
export const dnsLabel = checkedString(dnsLabelProblem);
export const dnsSubdomain = checkedString(dnsSubdomainProblem);
export const nonEmptyText = checkedString((value) =>
  value.trim() === '' ? 'must not be empty' : undefined,
);

/** `metadata` of a document: only its name, which the caller checks against the file name. */
export function metadataSchema<Name extends z.ZodType<string>>(name: Name) {
  return z.strictObject({ name });
}

const START = /^([01]\d|2[0-3]):[0-5]\d$/;
const MIN_DURATION = 30;
const MAX_DURATION = 24 * 60;

export const maintenanceWindowSchema: z.ZodType<MaintenanceWindow> = z.strictObject({
  day: z.enum(DAYS),
  start: checkedString((value) =>
    START.test(value)
      ? undefined
      : `expected a time "HH:MM" from 00:00 to 23:59, got ${describeValue(value)}`,
  ),
  timeZone: checkedString(timeZoneProblem),
  durationMinutes: z.number().superRefine((value, context) => {
    if (!Number.isInteger(value) || value < MIN_DURATION || value > MAX_DURATION) {
      context.addIssue({
        code: 'custom',
        message: `expected a whole number of minutes from ${MIN_DURATION} to ${MAX_DURATION}, got ${value}`,
        input: value,
      });
    }
  }),
});
