import type { GitopsFiles } from '@platform/gitops';
import { execFile, spawn } from 'node:child_process';
import { relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { UsageError } from '../usage-error';

const run = promisify(execFile);

/**
 * The files under `dir` as they were at git `ref` (for `gitops check --base`), read straight from
 * the object store so the working tree is never touched.
 */
export async function readGitopsTreeAtRef(dir: string, ref: string): Promise<GitopsFiles> {
  const absolute = resolve(dir);
  const top = await git(absolute, ['rev-parse', '--show-toplevel']).catch(() => {
    throw new UsageError(`--base needs ${dir} to be inside a git repository`);
  });
  const commit = await git(absolute, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).catch(
    () => {
      throw new UsageError(`--base ${ref}: no such commit`);
    },
  );
  const prefix = relative(top, absolute).split(sep).join('/');
  const listing = await git(top, [
    'ls-tree',
    '-r',
    '-z',
    '--format=%(objectname) %(path)',
    commit,
    '--',
    prefix || '.',
  ]);
  const blobs = listing
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const space = line.indexOf(' ');
      const path = line.slice(space + 1);
      return { object: line.slice(0, space), path: prefix ? path.slice(prefix.length + 1) : path };
    });
  const contents = await catBlobs(
    top,
    blobs.map((blob) => blob.object),
  );
  return new Map(blobs.map((blob, index) => [blob.path, contents[index]]));
}

async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd, maxBuffer: 1 << 30 });
  return stdout.trim();
}

/** Reads many blobs through one `git cat-file --batch`, in order. */
function catBlobs(cwd: string, objects: string[]): Promise<string[]> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`git cat-file exited with ${code}`));
      const output = Buffer.concat(chunks);
      const contents: string[] = [];
      let offset = 0;
      for (let index = 0; index < objects.length; index += 1) {
        const headerEnd = output.indexOf(0x0a, offset);
        const size = Number(output.subarray(offset, headerEnd).toString().split(' ')[2]);
        contents.push(output.subarray(headerEnd + 1, headerEnd + 1 + size).toString('utf8'));
        offset = headerEnd + 1 + size + 1;
      }
      resolvePromise(contents);
    });
    child.stdin.end(objects.map((object) => `${object}\n`).join(''));
  });
}
