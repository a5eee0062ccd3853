import { eventually, freePort } from '@platform/testing';
import Redis from 'ioredis';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SupervisedProcess } from './supervised-process';

export interface LocalRedis {
  url: string;
  process: SupervisedProcess;
}

/**
 * The platform's own redis-server for `npm start`: its port, its directory `redis/` in the state directory,
 * AOF on with fsync every second (as the relay runs in production), so state survives a restart.
 */
export async function startLocalRedis(
  stateDir: string,
  /** Told about restarts. */
  say: (message: string) => void,
): Promise<LocalRedis> {
  const dir = join(stateDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const redisProcess = new SupervisedProcess({
    name: 'redis-server',
    command: 'redis-server',
    args: [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
      '--save',
      '',
    ],
    env: {},
    logFile: join(stateDir, 'logs', 'redis-server.log'),
    cwd: stateDir,
    onEvent: say,
  });
  redisProcess.start();
  const url = `redis://127.0.0.1:${port}`;
  await eventually(async () => {
    const client = new Redis(url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    // Refused connections are expected until redis-server listens; `eventually` retries.
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.ping();
    } finally {
      client.disconnect();
    }
  }, 15_000);
  return { url, process: redisProcess };
}
