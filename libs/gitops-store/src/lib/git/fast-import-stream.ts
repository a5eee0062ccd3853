/** A file of the new commit, with a path from the repository root. */
export interface CommitFile {
  path: string;
  /** The new text, or `null` to delete the file. */
  content: string | null;
  mode: '100644' | '100755';
}

export interface FastImportCommit {
  /** The ref fast-import moves to the new commit, for example `refs/heads/main`. */
  ref: string;
  /** The commit the change is made on; fast-import refuses to move `ref` unless that is a fast-forward. */
  parent: string;
  author: { name: string; email: string };
  message: string;
  files: readonly CommitFile[];
}

/**
 * The `git fast-import` stream (run with `--date-format=now`) for one commit on `parent` that
 * changes exactly `files`. fast-import writes all new objects into one pack, which on a large
 * change is many times faster than `git add` writing one loose object per file.
 */
export function fastImportStream(commit: FastImportCommit): string {
  return fastImportChainStream(commit, [{ message: commit.message, files: commit.files }]);
}

/** One commit of a chain: its message and the files it changes. */
export interface ChainedCommit {
  message: string;
  files: readonly CommitFile[];
}

/**
 * The stream for several commits in a row on `ref`: the first on `parent`, each next one on
 * the one before (fast-import continues a branch it has just written), so one fast-import run
 * makes them all.
 */
export function fastImportChainStream(
  target: Pick<FastImportCommit, 'ref' | 'parent' | 'author'>,
  commits: readonly ChainedCommit[],
): string {
  const ident = `${target.author.name} <${target.author.email}> now`;
  const parts = ['feature done\n'];
  for (const [index, commit] of commits.entries()) {
    parts.push(
      `commit ${target.ref}\n`,
      `author ${ident}\n`,
      `committer ${ident}\n`,
      data(commit.message),
      '\n',
    );
    if (index === 0) parts.push(`from ${target.parent}\n`);
    for (const file of commit.files) {
      if (file.content === null) parts.push(`D ${quotePath(file.path)}\n`);
      else parts.push(`M ${file.mode} inline ${quotePath(file.path)}\n`, data(file.content), '\n');
    }
  }
  parts.push('done\n');
  return parts.join('');
}

function data(text: string): string {
  return `data ${Buffer.byteLength(text, 'utf8')}\n${text}`;
}

/** C-style quoting, which fast-import accepts for any path; control characters never reach here. */
function quotePath(path: string): string {
  return `"${path.replace(/["\\]/g, (character) => `\\${character}`)}"`;
}
