import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PlatformEndpoints } from '../demo/platform-endpoints';

export { isAlive } from '../demo/platform-endpoints';

export const WORKSPACE = join(__dirname, '..', '..');

/** endpoints.json as the launcher writes it (the demo reads the same file). */
export type Endpoints = PlatformEndpoints;

/** `npm start` (tools/dev/start.mjs) as a child process in its own process group. */
export interface LaunchedPlatform {
  child: ChildProcess;
  output(): string;
  endpoints(): Endpoints;
  /** SIGTERM to the launcher only (what Ctrl-C does); resolves with its exit code. */
  terminate(timeoutMs?: number): Promise<number | null>;
  /**
   * The cleanup that always works: SIGTERM (ordered stop) if the launcher still runs, then
   * SIGKILL to its process group and to every process endpoints.json names (each service runs
   * in its own group, so Ctrl-C reaches the launcher only).
   */
  destroy(): Promise<void>;
}

const READY_LINE = 'Ctrl-C stops everything.';

/** Starts the launcher on `stateDir` and waits until it printed its summary (every service up). */
export async function launchPlatform(
  stateDir: string,
  timeoutMs: number,
): Promise<LaunchedPlatform> {
  const child = spawn(process.execPath, ['tools/dev/start.mjs', '--state-dir', stateDir], {
    cwd: WORKSPACE,
    // Its own process group, so destroy() can signal the launcher and whatever it forked.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0', PLATFORM_DEV_STATE_DIR: '' },
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const platform: LaunchedPlatform = {
    child,
    output: () => output,
    endpoints: () =>
      JSON.parse(readFileSync(join(stateDir, 'endpoints.json'), 'utf8')) as Endpoints,
    async terminate(ms = 60_000) {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => void platform.destroy(), ms);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
    async destroy() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 30_000))]);
      }
      const pids: (number | null | undefined)[] = [child.pid];
      try {
        const endpoints = platform.endpoints();
        pids.push(...endpoints.services.map((service) => service.pid), endpoints.redis.pid);
      } catch {
        // No endpoints.json yet: the launcher's own exit handler killed what it had started.
      }
      for (const pid of pids) {
        if (!pid) continue;
        for (const target of [-pid, pid]) {
          try {
            process.kill(target, 'SIGKILL');
          } catch {
            // Gone already.
          }
        }
      }
    },
  };
  const deadline = Date.now() + timeoutMs;
  while (!output.includes(READY_LINE)) {
    if (child.exitCode !== null)
      throw new Error(`the launcher exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) {
      await platform.destroy();
      throw new Error(`the launcher was not ready after ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  if (!existsSync(join(stateDir, 'endpoints.json')))
    throw new Error(`no endpoints.json:\n${output}`);
  return platform;
}
