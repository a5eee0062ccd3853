import type { GitopsFiles } from '@platform/gitops';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
/** Where the gitops tree sits in the local remote (as in the real repository). */
const SUBDIRECTORY = 'gitops';

/** The commit `main` of the bare remote points at. */
export async function remoteHead(remote: string): Promise<string> {
  const { stdout } = await run('git', ['--git-dir', remote, 'rev-parse', 'refs/heads/main']);
  return stdout.trim();
}

/**
 * The desired-state files (`platform/…`) of `commit`, read from the bare repository's objects:
 * what Argo CD would sync, without a clone. Rendered manifests are left out (the launcher needs
 * only PoPs and Spaces).
 */
export async function readPlatformFiles(remote: string, commit: string): Promise<GitopsFiles> {
  const { stdout } = await run(
    'git',
    [
      '--git-dir',
      remote,
      'ls-tree',
      '-r',
      '-z',
      '--format=%(objectname) %(path)',
      commit,
      '--',
      `${SUBDIRECTORY}/platform`,
    ],
    { maxBuffer: 1 << 28 },
  );
  const blobs = stdout
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const space = line.indexOf(' ');
      return {
        object: line.slice(0, space),
        path: line.slice(space + 1 + SUBDIRECTORY.length + 1),
      };
    });
  const contents = await catBlobs(
    remote,
    blobs.map((blob) => blob.object),
  );
  return new Map(blobs.map((blob, index) => [blob.path, contents[index]]));
}

/** Reads many blobs through one `git cat-file --batch`, in order. */
function catBlobs(remote: string, objects: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['--git-dir', remote, 'cat-file', '--batch'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`git cat-file exited with ${code}`));
      const output = Buffer.concat(chunks);
      const contents: string[] = [];
      let offset = 0;
      for (let index = 0; index < objects.length; index += 1) {
        const headerEnd = output.indexOf(10, offset);
        const size = Number(output.subarray(offset, headerEnd).toString('utf8').split(' ')[2]);
        contents.push(output.subarray(headerEnd + 1, headerEnd + 1 + size).toString('utf8'));
        offset = headerEnd + 1 + size + 1;
      }
      resolve(contents);
    });
    child.stdin.end(objects.map((object) => `${object}\n`).join(''));
  });
}
