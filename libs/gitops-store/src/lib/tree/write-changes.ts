import { InvalidArgumentError } from '@platform/errors';
import { constants } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { mkdir, open, rmdir, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FileChanges } from '../gitops-change';
import { errorCode } from './fs-errors';
import { mapLimit } from './map-limit';
import { normalizeTreeDir, normalizeTreeFile } from './tree-path';
import { walk } from './working-tree';

const WRITE_CONCURRENCY = 32;

/** A file that really changed on disk, with a path relative to the tree. */
export interface EffectiveChange {
  path: string;
  /** The new text, or `null` when the file was deleted. */
  content: string | null;
  /** The git mode the file has in the working tree (an existing file keeps its mode). */
  mode: '100644' | '100755';
}

/** File changes after validation: normalized paths, no duplicates, nothing outside the tree. */
export interface ChangePlan {
  writes: ReadonlyMap<string, string>;
  deletes: ReadonlySet<string>;
  folders: readonly string[];
}

/** Validates and normalizes what `apply` returned; touches nothing, so a bad path writes nothing. */
export function planChanges(changes: FileChanges): ChangePlan {
  if (!(changes instanceof Map)) {
    throw new InvalidArgumentError('changes', 'apply must return a Map of path to text or null');
  }
  const writes = new Map<string, string>();
  const deletes = new Set<string>();
  const folders: string[] = [];
  const seen = new Set<string>();
  const claim = (path: string, key: string) => {
    if (seen.has(path)) throw new InvalidArgumentError(key, 'names the same path as another key');
    seen.add(path);
  };
  for (const [key, value] of changes) {
    if (value === null && typeof key === 'string' && key.endsWith('/')) {
      const folder = normalizeTreeDir(key, key);
      if (folder === '')
        throw new InvalidArgumentError(key, 'deleting the whole tree is not allowed');
      claim(`${folder}/`, key);
      folders.push(folder);
    } else if (value === null) {
      const path = normalizeTreeFile(key, String(key));
      claim(path, key);
      deletes.add(path);
    } else if (typeof value === 'string') {
      const path = normalizeTreeFile(key, String(key));
      claim(path, key);
      writes.set(path, value);
    } else {
      throw new InvalidArgumentError(String(key), 'must map to a string or null');
    }
  }
  return { writes, deletes, folders };
}

/**
 * Brings the tree at `root` to what `plan` asks and returns what really changed, sorted by
 * path. Files that already hold the requested text are neither rewritten nor reported; a file
 * is opened once to compare and overwrite. Deletions come first (folders then lose the
 * directories they leave empty), then writes, so a folder can be dropped and rendered again in
 * one change.
 */
export async function writeChanges(root: string, plan: ChangePlan): Promise<EffectiveChange[]> {
  const deletes = new Set(plan.deletes);
  for (const folder of plan.folders) {
    const files: string[] = [];
    await walk(join(root, folder), folder, files);
    for (const file of files) if (!plan.writes.has(file)) deletes.add(file);
  }

  const deleted = await mapLimit([...deletes], WRITE_CONCURRENCY, (path) => deleteFile(root, path));
  const effective: EffectiveChange[] = deleted.filter((change) => change !== undefined);
  await pruneEmptyDirectories(
    root,
    effective.map((change) => change.path),
  );

  const directories = new Map<string, Promise<unknown>>();
  const ensureDirectory = (absDir: string) => {
    let made = directories.get(absDir);
    if (!made) {
      made = mkdir(absDir, { recursive: true });
      directories.set(absDir, made);
    }
    return made;
  };
  const written = await mapLimit([...plan.writes], WRITE_CONCURRENCY, ([path, text]) =>
    writeFileIfChanged(root, path, text, ensureDirectory),
  );
  for (const change of written) if (change) effective.push(change);
  return effective.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function deleteFile(root: string, path: string): Promise<EffectiveChange | undefined> {
  try {
    await unlink(join(root, path));
    return { path, content: null, mode: '100644' };
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    if (code === 'EISDIR' || code === 'EPERM') {
      throw new InvalidArgumentError(path, 'is a folder; end the key with "/" to delete a folder');
    }
    throw error;
  }
}

async function writeFileIfChanged(
  root: string,
  path: string,
  text: string,
  ensureDirectory: (absDir: string) => Promise<unknown>,
): Promise<EffectiveChange | undefined> {
  const absPath = join(root, path);
  const data = Buffer.from(text, 'utf8');
  let handle: FileHandle;
  try {
    handle = await open(absPath, constants.O_RDWR | constants.O_NOFOLLOW);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw fileError(error, path);
    try {
      await writeFile(absPath, data, { flag: 'wx' });
    } catch (retryError) {
      if (errorCode(retryError) !== 'ENOENT') throw fileError(retryError, path);
      await ensureDirectory(dirname(absPath)).catch((mkdirError) => {
        throw fileError(mkdirError, path);
      });
      await writeFile(absPath, data, { flag: 'wx' });
    }
    return { path, content: text, mode: '100644' };
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new InvalidArgumentError(path, 'is not a regular file');
    const mode = stat.mode & 0o111 ? '100755' : '100644';
    if (stat.size === data.length && (await holds(handle, data))) return undefined;
    for (let offset = 0; offset < data.length;) {
      const { bytesWritten } = await handle.write(data, offset, data.length - offset, offset);
      offset += bytesWritten;
    }
    if (stat.size > data.length) await handle.truncate(data.length);
    return { path, content: text, mode };
  } finally {
    await handle.close();
  }
}

async function holds(handle: FileHandle, expected: Buffer): Promise<boolean> {
  const current = Buffer.allocUnsafe(expected.length);
  let offset = 0;
  while (offset < current.length) {
    const { bytesRead } = await handle.read(current, offset, current.length - offset, offset);
    if (bytesRead === 0) return false;
    offset += bytesRead;
  }
  return current.equals(expected);
}

/** Removes the directories that deleting `paths` left empty, deepest first, never the tree root. */
async function pruneEmptyDirectories(root: string, paths: readonly string[]): Promise<void> {
  const directories = new Set<string>();
  for (const path of paths) {
    for (let dir = parentOf(path); dir !== ''; dir = parentOf(dir)) {
      if (directories.has(dir)) break;
      directories.add(dir);
    }
  }
  const deepestFirst = [...directories].sort((a, b) => b.split('/').length - a.split('/').length);
  for (const dir of deepestFirst) {
    try {
      await rmdir(join(root, dir));
    } catch (error) {
      const code = errorCode(error);
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOENT') throw error;
    }
  }
}

function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

function fileError(error: unknown, path: string): unknown {
  switch (errorCode(error)) {
    case 'ELOOP':
      return new InvalidArgumentError(
        path,
        'is a symbolic link; the store writes regular files only',
      );
    case 'EISDIR':
      return new InvalidArgumentError(path, 'is a folder; it cannot be written as a file');
    case 'ENOTDIR':
    case 'EEXIST':
      return new InvalidArgumentError(path, 'a parent of this path is a file');
    default:
      return error;
  }
}
