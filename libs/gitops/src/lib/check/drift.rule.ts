import { InvalidArgumentError } from '@platform/errors';
import type { GitopsFiles, Problem } from '../model/desired-state';
import { GENERATED_FOLDERS } from '../model/generated-folders';

/** Whether `path` belongs to the generated part of the tree, which a render owns entirely. */
export function isGenerated(path: string): boolean {
  return GENERATED_FOLDERS.some((folder) => path.startsWith(`${folder}/`));
}

/**
 * The generated files of the tree equal a fresh render: one problem per file that differs, is
 * missing, or is not produced by the render. Contents are compared byte for byte, as Argo CD
 * would sync them.
 */
export function checkDrift(files: GitopsFiles, rendered: GitopsFiles): Problem[] {
  const problems: Problem[] = [];
  for (const [path, expected] of rendered) {
    if (!isGenerated(path)) {
      throw new InvalidArgumentError(
        'render',
        `produced "${path}", outside ${GENERATED_FOLDERS.map((f) => `${f}/`).join(' and ')}`,
      );
    }
    const actual = files.get(path);
    if (actual === undefined) {
      problems.push({ path, field: '-', message: 'missing: a fresh render creates it' });
    } else if (actual !== expected) {
      problems.push({
        path,
        field: '-',
        message: 'differs from a fresh render (run platformctl gitops render)',
      });
    }
  }
  for (const path of files.keys()) {
    if (isGenerated(path) && !rendered.has(path)) {
      problems.push({
        path,
        field: '-',
        message: 'not produced by a render: delete it or re-render',
      });
    }
  }
  return problems;
}
