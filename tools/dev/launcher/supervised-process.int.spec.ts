import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SupervisedProcess } from './supervised-process';

const WORKSPACE = join(__dirname, '..', '..', '..');

describe('a service process under npm start', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'supervised-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is restarted with growing backoff when it dies, each restart told, and stays down once stopped', async () => {
    const events: string[] = [];
    const pids: number[] = [];
    const crashing = new SupervisedProcess({
      name: 'crashing-service',
      command: process.execPath,
      args: ['-e', 'console.log("up"); setTimeout(() => process.exit(3), 50)'],
      env: {},
      logFile: join(dir, 'crashing.log'),
      cwd: dir,
      onEvent: (message) => events.push(message),
      onStarted: (pid) => pid !== undefined && pids.push(pid),
    });
    crashing.start();
    // First restart after 500 ms, the second after 1 s more.
    await waitFor(() => pids.length >= 3, 5_000);
    await crashing.stop(1_000);
    const restartsSoFar = pids.length;

    expect(new Set(pids).size).toBe(pids.length);
    expect(events[0]).toMatch(/crashing-service exited \(code 3\); restarting in 500 ms/);
    expect(events[1]).toMatch(/restarting in 1000 ms/);
    expect(readFileSync(join(dir, 'crashing.log'), 'utf8')).toContain('up\nup\n');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(pids).toHaveLength(restartsSoFar);
    expect(crashing.pid).toBeUndefined();
  }, 15_000);

  it('npm start without redis-server on the machine says in one line how to install it', () => {
    // A PATH with node and git but no redis-server.
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    for (const command of ['node', 'git', 'sh']) {
      const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
      symlinkSync(found.stdout.trim(), join(bin, command));
    }
    const result = spawnSync(join(bin, 'node'), ['tools/dev/start.mjs'], {
      cwd: WORKSPACE,
      env: { PATH: bin, HOME: dir },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^redis-server not found: .*; install it with `sudo apt-get install -y redis-server`/,
      ),
    ]);
  });
});

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
