import { existsSync, readdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { startRedisServer, type TestRedisServer } from './redis-server';

/** One RESP command over a plain socket; enough to prove the server is real without a client library. */
function redis(port: number, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const request = `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`;
    let reply = '';
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.endsWith('\r\n')) {
        socket.end();
        resolve(reply.trim());
      }
    });
    socket.on('error', reject);
  });
}

describe('startRedisServer', () => {
  let server: TestRedisServer | undefined;

  afterEach(async () => {
    await server?.remove();
    server = undefined;
  });

  it('starts a real redis-server on a free port that answers commands', async () => {
    server = await startRedisServer();

    await expect(redis(server.port, 'PING')).resolves.toBe('+PONG');
    expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
  });

  it('keeps data across a restart when AOF is on', async () => {
    server = await startRedisServer({ appendOnly: true });
    await redis(server.port, 'SET', 'directive', 'd-1');

    await server.stop();
    await server.restart();

    await expect(redis(server.port, 'GET', 'directive')).resolves.toBe('$3\r\nd-1');
    expect(readdirSync(server.dir).join(',')).toContain('appendonly');
  });

  it('loses everything on restart without AOF, as configured', async () => {
    server = await startRedisServer({ appendOnly: false });
    await redis(server.port, 'SET', 'directive', 'd-1');

    await server.kill();
    await server.restart();

    await expect(redis(server.port, 'GET', 'directive')).resolves.toBe('$-1');
  });

  it('stops the process and removes its directory', async () => {
    server = await startRedisServer();
    const { port, dir } = server;

    await server.remove();
    server = undefined;

    await expect(redis(port, 'PING')).rejects.toThrow(/ECONNREFUSED/);
    expect(existsSync(dir)).toBe(false);
  });
});
