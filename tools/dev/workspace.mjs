// Set-up steps that `npm start` and `npm test` share, so a fresh clone needs nothing else.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function workspaceRoot() {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..');
}

/** Runs `npm install` when node_modules is missing or older than the lockfile. */
export function ensureInstalled(root) {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  process.stdout.write('Installing dependencies (npm install)…\n');
  // `npm ci` cannot be used: this registry serves Linux packages only (see README).
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    process.stderr.write('npm install failed; see the output above.\n');
    process.exit(1);
  }
}

/** Exits with one clear line when a required program is missing. */
export function requireCommand(command, why) {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
  if (found) return;
  const hint =
    command === 'redis-server'
      ? 'install it with `sudo apt-get install -y redis-server` (Debian/Ubuntu) or `brew install redis` (macOS)'
      : `install ${command}`;
  process.stderr.write(`${command} not found: ${why}; ${hint}.\n`);
  process.exit(1);
}
