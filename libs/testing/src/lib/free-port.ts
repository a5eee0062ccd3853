import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * Ports this process handed out already: two servers started side by side in one test must
 * not be told the same number.
 */
const handedOut = new Set<number>();

const LOWEST = 10_000;

/**
 * A TCP port that was free on 127.0.0.1 a moment ago, and not handed out before by this process.
 * Servers that cannot bind port 0 and report back (NestJS, redis-server) get one of these.
 *
 * Ports come from below the kernel's ephemeral range on purpose: a port from inside it (what
 * binding port 0 gives) can be taken meanwhile as the local end of any outgoing connection —
 * a Redis client, a git push — and the server then fails to start with EADDRINUSE.
 */
export async function freePort(): Promise<number> {
  const highest = ephemeralRangeStart() - 1;
  for (let attempt = 0; attempt < 1_000; attempt += 1) {
    const port = LOWEST + Math.floor(Math.random() * (highest - LOWEST + 1));
    if (handedOut.has(port)) continue;
    if (await canListenOn(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port found from ${LOWEST} to ${highest}`);
}

/** The first port the kernel gives outgoing connections (Linux), or the IANA default. */
function ephemeralRangeStart(): number {
  try {
    const [start] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/);
    const value = Number(start);
    return Number.isInteger(value) && value > LOWEST + 1_000 ? value : 49_152;
  } catch {
    return 49_152;
  }
}

function canListenOn(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
