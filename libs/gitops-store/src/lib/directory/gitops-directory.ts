import type { GitopsFiles } from '@platform/gitops';
import { readFileSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

/** Reads every file under `dir` (but `.git`) as text, keyed by its path relative to `dir` with `/`. */
export async function readGitopsDirectory(dir: string): Promise<GitopsFiles> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const paths = entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .filter((path) => !path.startsWith('.git/'))
    .sort();
  // Synchronous reads on purpose: for 150,000 small files they are about 4× faster than
  // promise-based ones, which queue every read through libuv's four-thread pool.
  return new Map(paths.map((path) => [path, readFileSync(join(dir, path), 'utf8')]));
}

export interface WriteSummary {
  written: number;
  removed: number;
  unchanged: number;
}

/**
 * Makes the generated part of `dir` equal to `generated`: writes what differs and removes files
 * under the generated folders that the render no longer produces.
 */
export async function writeGenerated(
  dir: string,
  current: GitopsFiles,
  generated: GitopsFiles,
  generatedFolders: readonly string[],
): Promise<WriteSummary> {
  const summary: WriteSummary = { written: 0, removed: 0, unchanged: 0 };
  for (const [path, content] of generated) {
    if (current.get(path) === content) {
      summary.unchanged += 1;
      continue;
    }
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
    summary.written += 1;
  }
  for (const path of current.keys()) {
    const isGenerated = generatedFolders.some((folder) => path.startsWith(`${folder}/`));
    if (isGenerated && !generated.has(path)) {
      await rm(join(dir, path));
      summary.removed += 1;
    }
  }
  return summary;
}
