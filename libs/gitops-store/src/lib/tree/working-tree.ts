import { InvalidArgumentError } from '@platform/errors';
import type { Dirent } from 'node:fs';
import { closeSync, constants, openSync, readFileSync } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReadonlyTree } from '../gitops-change';
import { errorCode } from './fs-errors';
import { normalizeTreeDir, normalizeTreeFile } from './tree-path';

/**
 * The files of a checked-out subdirectory, read straight from disk. It takes no lock: the store
 * hands it to `apply` while it holds its own, and wraps it for callers outside a commit.
 */
export class WorkingTree implements ReadonlyTree {
  /** @param root absolute path of the subdirectory inside the clone */
  constructor(private readonly root: string) {}

  async readFile(path: string): Promise<string | undefined> {
    const treePath = normalizeTreeFile(path);
    return readTextFile(join(this.root, treePath), treePath);
  }

  async listFiles(dir = ''): Promise<string[]> {
    const treeDir = normalizeTreeDir(dir, 'dir');
    const files: string[] = [];
    await walk(join(this.root, treeDir), treeDir, files);
    return files.sort();
  }

  async readAll(prefix = ''): Promise<Map<string, string>> {
    const paths = await this.listFiles(prefix);
    const files = new Map<string, string>();
    // Synchronous reads on purpose: a change reads every desired-state file, and for hundreds
    // of small files one blocking pass is several times faster than three thread-pool round
    // trips (open, read, close) per file, which is what bounds the control plane's commits/s.
    for (const path of paths) {
      const text = readTextFileSync(join(this.root, path), path);
      if (text !== undefined) files.set(path, text);
    }
    return files;
  }
}

/**
 * Lists the regular files under `absDir` into `out` as paths relative to the tree. Symbolic
 * links are not followed and `.git` entries are skipped, so nothing outside the clone's files
 * is ever listed.
 */
export async function walk(absDir: string, relDir: string, out: string[]): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(absDir, { withFileTypes: true });
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return;
    throw error;
  }
  await Promise.all(
    entries.map(async (entry) => {
      if (entry.name === '.git') return;
      const relPath = relDir === '' ? entry.name : `${relDir}/${entry.name}`;
      if (entry.isDirectory()) await walk(join(absDir, entry.name), relPath, out);
      else if (entry.isFile()) out.push(relPath);
    }),
  );
}

function readTextFileSync(absPath: string, treePath: string): string | undefined {
  try {
    const fd = openSync(absPath, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      return readFileSync(fd, 'utf8');
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    return unreadable(error, treePath);
  }
}

async function readTextFile(absPath: string, treePath: string): Promise<string | undefined> {
  try {
    const handle = await open(absPath, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      return await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    return unreadable(error, treePath);
  }
}

/** A file that is gone reads as undefined; a symbolic link is refused; anything else is thrown. */
function unreadable(error: unknown, treePath: string): undefined {
  const code = errorCode(error);
  if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined;
  if (code === 'ELOOP') {
    throw new InvalidArgumentError(
      treePath,
      'is a symbolic link; the store reads regular files only',
    );
  }
  throw error;
}
