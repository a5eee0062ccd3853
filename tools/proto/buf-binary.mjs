// The buf binary that @bufbuild/buf installed, so scripts work from any directory.
import { join } from 'node:path';
import { workspaceRoot } from '../dev/workspace.mjs';

export const bufBinary = join(workspaceRoot(), 'node_modules', '.bin', 'buf');

/** `--cwd <dir>` from argv, else the workspace root. */
export function cwdArgument(argv = process.argv) {
  const index = argv.indexOf('--cwd');
  return index > 0 && argv[index + 1] ? argv[index + 1] : workspaceRoot();
}
