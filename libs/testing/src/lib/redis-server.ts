import { spawn, type ChildProcess } from 'node:child_process';
import { waitForExit, waitForOutput } from './child-process';
import { freePort } from './free-port';
import { createTempDir, type TempDir } from './temp-dir';

export interface RedisServerOptions {
  /** Append-only file with fsync every second, as the relay runs in production. */
  appendOnly?: boolean;
  /** Reuse a port (for restarting a server that was stopped or killed). */
  port?: number;
}

export interface TestRedisServer {
  port: number;
  url: string;
  /** Data directory (AOF files live here); survives stop() and kill() until remove(). */
  dir: string;
  /** Stops the server the way a shutdown does (SIGTERM: flushes the AOF). */
  stop(): Promise<void>;
  /** Kills the server with SIGKILL, as a crash would. */
  kill(): Promise<void>;
  /** Starts the server again on the same port and directory. */
  restart(): Promise<void>;
  /** Stops the server if it runs and deletes its directory. */
  remove(): Promise<void>;
}

/** A real, throwaway `redis-server` on a free port in a temporary directory. */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<TestRedisServer> {
  const port = options.port ?? (await freePort());
  const dir: TempDir = createTempDir('redis');
  let child: ChildProcess | undefined;

  const launch = async () => {
    const args = [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir.path,
      '--save',
      '',
      '--appendonly',
      options.appendOnly ? 'yes' : 'no',
      '--appendfsync',
      'everysec',
      '--daemonize',
      'no',
      '--loglevel',
      'notice',
    ];
    const started = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    await waitForOutput(started, /Ready to accept connections/, 10_000);
    child = started;
  };

  const signal = async (name: NodeJS.Signals) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = waitForExit(child);
    child.kill(name);
    await exited;
  };

  await launch();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir: dir.path,
    stop: () => signal('SIGTERM'),
    kill: () => signal('SIGKILL'),
    restart: launch,
    remove: async () => {
      await signal('SIGTERM');
      dir.remove();
    },
  };
}
