import { accessSync, constants } from 'node:fs';
import { z } from 'zod';

/** Readable building blocks for environment schemas; each failure message fits on one line. */
export const env = {
  port: () =>
    z
      .string({ error: 'is required' })
      .regex(/^\d+$/, { error: (issue) => `expected a port number, got ${quoted(issue.input)}` })
      .transform(Number)
      .refine((port) => port >= 1 && port <= 65535, { error: 'expected a port from 1 to 65535' }),

  positiveInteger: (defaultValue: number) =>
    z
      .string()
      .regex(/^\d+$/, { error: (issue) => `expected a whole number, got ${quoted(issue.input)}` })
      .transform(Number)
      .default(defaultValue),

  /** A path that must exist and be readable when the service starts, not at first use. */
  readableFile: () =>
    z.string({ error: 'is required' }).refine(isReadable, {
      error: (issue) => `cannot read file ${quoted(issue.input)}`,
    }),

  host: (defaultValue: string) => z.string().min(1).default(defaultValue),

  oneOf: <T extends string>(values: readonly [T, ...T[]], defaultValue: T) =>
    z.enum(values, { error: `expected one of ${values.join(', ')}` }).default(defaultValue),
};

/** JSON quoting keeps a value with line breaks or quotes on one readable line. */
function quoted(value: unknown): string {
  return JSON.stringify(String(value));
}

function isReadable(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}
