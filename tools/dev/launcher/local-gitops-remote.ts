import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const identity = ['-c', 'user.name=npm start', '-c', 'user.email=dev@platform.invalid'];

/**
 * The gitops remote of the local platform: a bare repository `gitops.git` in the state directory, seeded
 * once from the workspace's `gitops/` folder (as `gitops/` inside it, like the real repository).
 * Kept across restarts, so the control plane's commits survive; `--fresh` seeds it again.
 */
export function ensureLocalGitopsRemote(
  stateDir: string,
  gitopsDir: string,
  say: (message: string) => void,
): string {
  const remote = join(stateDir, 'gitops.git');
  if (existsSync(remote)) {
    say(`reusing ${remote}`);
    return remote;
  }
  const seed = mkdtempSync(join(tmpdir(), 'gitops-seed-'));
  const git = (args: string[], cwd = seed) =>
    execFileSync('git', [...identity, ...args], { cwd, stdio: 'pipe' });
  try {
    git(['init', '--quiet', '--bare', '--initial-branch=main', remote], stateDir);
    git(['init', '--quiet', '--initial-branch=main']);
    cpSync(gitopsDir, join(seed, 'gitops'), { recursive: true });
    git(['add', '--all']);
    git(['commit', '--quiet', '-m', 'Seed the local gitops repository from gitops/']);
    git(['push', '--quiet', remote, 'main']);
  } catch (error) {
    rmSync(remote, { recursive: true, force: true });
    throw error;
  } finally {
    rmSync(seed, { recursive: true, force: true });
  }
  say(`seeded ${remote} from gitops/`);
  return remote;
}
