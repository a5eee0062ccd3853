import type { z } from 'zod';
import type { Problem } from '../model/desired-state';

const EXPECTED: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
};

/**
 * Turns schema issues into problems of the file at `path`, one per field, with messages written
 * for the person who edits the YAML rather than zod's defaults. `input` is the parsed document,
 * used to say what was found instead.
 */
export function issuesToProblems(
  path: string,
  issues: readonly z.ZodIssue[],
  input: unknown,
): Problem[] {
  return issues.flatMap((issue) => describeIssue(issue, input).map((p) => ({ path, ...p })));
}

/** `spec.migrations.0.phase`, as every problem names a field. */
export function dottedPath(segments: readonly PropertyKey[]): string {
  return segments.length === 0 ? '-' : segments.map(String).join('.');
}

type FieldProblem = Omit<Problem, 'path'>;

function describeIssue(issue: z.ZodIssue, input: unknown): FieldProblem[] {
  const field = dottedPath(issue.path);
  const found = valueAt(input, issue.path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        field: dottedPath([...issue.path, key]),
        message: `unknown field "${key}"`,
      }));
    case 'invalid_key':
      return issue.issues.map((inner) => ({ field, message: inner.message }));
    case 'invalid_type':
      if (found === undefined) return [{ field, message: 'missing required field' }];
      return [
        {
          field,
          message: `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${describeValue(found)}`,
        },
      ];
    case 'invalid_value': {
      if (found === undefined) return [{ field, message: 'missing required field' }];
      const values = issue.values.map(String);
      const expected =
        values.length === 1 ? JSON.stringify(values[0]) : `one of ${values.join(', ')}`;
      return [{ field, message: `expected ${expected}, got ${describeValue(found)}` }];
    }
    default:
      return [{ field, message: issue.message }];
  }
}

function valueAt(input: unknown, segments: readonly PropertyKey[]): unknown {
  let value = input;
  for (const segment of segments) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

/** How a YAML value reads in a message: strings quoted, collections named. */
export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}
