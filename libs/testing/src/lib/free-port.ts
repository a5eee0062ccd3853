import { createServer } from 'node:net';

/**
 * Ports this process handed out already. The kernel may offer a just-closed port again, and two
 * servers started side by side in one test must not be told the same number.
 */
const handedOut = new Set<number>();

/**
 * A TCP port that was free on 127.0.0.1 a moment ago, and not handed out before by this process.
 * Servers that cannot bind port 0 and report back (NestJS, redis-server) get one of these.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await askKernelForPort();
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

function askKernelForPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
