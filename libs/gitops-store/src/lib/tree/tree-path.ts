import { InvalidArgumentError } from '@platform/errors';
import { hasControlCharacter } from '../control-characters';

/**
 * Normalizes a path relative to the store's subdirectory to `a/b/c` form: `.` segments and
 * repeated slashes go away. Anything that could leave the subdirectory or reach git's own
 * files is an InvalidArgumentError: absolute paths, `..` segments, `.git` segments, control
 * characters and backslashes. Returns `''` for the subdirectory itself.
 */
export function normalizeTreeDir(path: string, field = 'path'): string {
  if (typeof path !== 'string') throw new InvalidArgumentError(field, 'must be a string');
  if (path.startsWith('/')) {
    throw new InvalidArgumentError(field, `"${path}" is absolute; paths are relative`);
  }
  // Control characters would break git's line-oriented plumbing (fast-import, trailers) and
  // have no place in a file name; a backslash is a separator on Windows.
  if (hasControlCharacter(path) || path.includes('\\')) {
    throw new InvalidArgumentError(
      field,
      `"${printable(path)}" contains a control character or a backslash`,
    );
  }
  const segments = path.split('/').filter((segment) => segment !== '' && segment !== '.');
  for (const segment of segments) {
    if (segment === '..') {
      throw new InvalidArgumentError(field, `"${path}" contains "..", which could leave the tree`);
    }
    if (segment.toLowerCase() === '.git') {
      throw new InvalidArgumentError(field, `"${path}" points into git's own files`);
    }
  }
  return segments.join('/');
}

/** Like {@link normalizeTreeDir}, for a file: the result names something inside the tree. */
export function normalizeTreeFile(path: string, field = 'path'): string {
  const normalized = normalizeTreeDir(path, field);
  if (normalized === '' || path.endsWith('/')) {
    throw new InvalidArgumentError(field, `"${path}" does not name a file`);
  }
  return normalized;
}

/** Joins the store's subdirectory and a normalized tree path into a path from the repository root. */
export function repoPath(subdirectory: string, treePath: string): string {
  if (subdirectory === '') return treePath;
  return treePath === '' ? subdirectory : `${subdirectory}/${treePath}`;
}

function printable(path: string): string {
  return JSON.stringify(path).slice(1, -1);
}
