import type { Problem } from '../model/desired-state';

/** Problems in the order a reader scans them: by file, then field, then message. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  // Code-unit order, not localeCompare: the output must not depend on the machine's locale.
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...problems].sort(
    (a, b) => compare(a.path, b.path) || compare(a.field, b.field) || compare(a.message, b.message),
  );
}
