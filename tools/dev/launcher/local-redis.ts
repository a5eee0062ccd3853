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
 * The platform's own redis-server for `npm start`: its port, its directory `.platform/redis`,
 * AOF on with fsync every second (as the relay runs in production), so state survives a restart.
 */
export async function startLocalRedis(
  stateDir: string,
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
    try {
      await client.connect();
      await client.ping();
    } finally {
      client.disconnect();
    }
  }, 15_000);
  say(`redis-server on ${url} (AOF in .platform/redis)`);
  return { url, process: redisProcess };
}
