import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const author = 'bench <bench@platform.invalid>';

/**
 * Creates the bare repository `path` whose branch holds `files` in one commit, written by
 * `git fast-import` straight into a pack. Seeding a 180,000-file fleet this way takes seconds;
 * `git add` + `commit` + `push` of a working tree took minutes and measured nothing we ship.
 */
export function seedBareRepository(
  path: string,
  files: ReadonlyMap<string, string>,
  options: { branch?: string; message?: string } = {},
): void {
  const branch = options.branch ?? 'main';
  execFileSync('git', ['init', '--quiet', '--bare', `--initial-branch=${branch}`, path]);
  fastImport(path, branch, files, options.message ?? 'seed fleet', false);
}

/** One more commit on `branch` of the bare repository `path` that writes `files` over its tree. */
export function commitToBareRepository(
  path: string,
  files: ReadonlyMap<string, string>,
  message: string,
  branch = 'main',
): string {
  fastImport(path, branch, files, message, true);
  return git(path, 'rev-parse', `refs/heads/${branch}`);
}

/** Runs git in `cwd` and returns its trimmed output. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30 }).trim();
}

function fastImport(
  path: string,
  branch: string,
  files: ReadonlyMap<string, string>,
  message: string,
  onTopOfBranch: boolean,
): void {
  const ref = `refs/heads/${branch}`;
  const text = Buffer.from(message);
  const now = Math.floor(Date.now() / 1000);
  const chunks: Buffer[] = [
    Buffer.from(
      `commit ${ref}\nauthor ${author} ${now} +0000\ncommitter ${author} ${now} +0000\ndata ${text.length}\n`,
    ),
    text,
    Buffer.from(onTopOfBranch ? `\nfrom ${ref}^0\n` : '\n'),
  ];
  for (const [file, content] of files) {
    const data = Buffer.from(content);
    chunks.push(
      Buffer.from(`M 100644 inline ${file}\ndata ${data.length}\n`),
      data,
      Buffer.from('\n'),
    );
  }
  chunks.push(Buffer.from('done\n'));
  const result = spawnSync('git', ['fast-import', '--quiet', '--done'], {
    cwd: path,
    input: Buffer.concat(chunks),
    maxBuffer: 1 << 30,
  });
  if (result.status !== 0) {
    throw new Error(`git fast-import into ${path} failed: ${result.stderr.toString().trim()}`);
  }
}

/**
 * Removes a directory holding fleet-sized git trees. `rm -rf` takes about half the time of
 * Node's recursive rmSync on hundreds of thousands of small files; git may still be packing
 * in the background (auto gc), hence the retry.
 */
export function removeTree(path: string): void {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    if (spawnSync('rm', ['-rf', path]).status === 0) return;
  }
  rmSync(path, { recursive: true, force: true, maxRetries: 10, retryDelay: 500 });
}
