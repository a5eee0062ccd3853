import type { GitopsFiles } from '@platform/gitops';
import { stat } from 'node:fs/promises';
import { UsageError } from '../usage-error';
import { readGitopsDirectory } from '@platform/gitops-store';

/** Reads `--dir`, turning a missing directory into a usage error (exit 2). */
export async function readGitopsDir(dir: string): Promise<GitopsFiles> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new UsageError(`--dir ${dir}: no such directory`);
  return readGitopsDirectory(dir);
}
