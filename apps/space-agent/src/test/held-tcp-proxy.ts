import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { freePort } from '@platform/testing';

/**
 * A TCP proxy between agents and their relay that can hold back what the agents send (TLS bytes,
 * untouched) while still passing on what the relay sends. Holding the agent → relay direction
 * lets a directive reach an agent and be applied while its Acknowledge cannot reach the relay:
 * the window between "applied" and "acknowledged" stays open for as long as a test needs,
 * without any test hook in the agent.
 */
export interface HeldTcpProxy {
  /** `127.0.0.1:<port>` agents connect to instead of the relay. */
  address: string;
  /** From now on, bytes from agents are buffered here instead of forwarded. */
  holdUpstream(): void;
  /** Forwards what was held and everything after it. */
  releaseUpstream(): void;
  /** Bytes from agents held back so far (since the last release or drop). */
  heldBytes(): number;
  /** Closes every proxied connection; held bytes are discarded, never delivered. */
  dropConnections(): void;
  close(): Promise<void>;
}

interface ProxiedConnection {
  agent: Socket;
  relay: Socket;
  held: Buffer[];
}

export async function startHeldTcpProxy(target: {
  host: string;
  port: number;
}): Promise<HeldTcpProxy> {
  const connections = new Set<ProxiedConnection>();
  let holding = false;

  const server: Server = createServer((agent) => {
    const relay = createConnection(target);
    const connection: ProxiedConnection = { agent, relay, held: [] };
    connections.add(connection);
    agent.on('data', (chunk: Buffer) => {
      if (holding) connection.held.push(chunk);
      else relay.write(chunk);
    });
    relay.on('data', (chunk: Buffer) => agent.write(chunk));
    const closeBoth = () => {
      connections.delete(connection);
      agent.destroy();
      relay.destroy();
    };
    agent.on('close', closeBoth);
    relay.on('close', closeBoth);
    agent.on('error', closeBoth);
    relay.on('error', closeBoth);
  });

  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

  const dropConnections = () => {
    for (const connection of [...connections]) {
      connection.held = [];
      connection.agent.destroy();
      connection.relay.destroy();
    }
    connections.clear();
  };

  return {
    address: `127.0.0.1:${port}`,
    holdUpstream: () => {
      holding = true;
    },
    releaseUpstream: () => {
      holding = false;
      for (const connection of connections) {
        for (const chunk of connection.held) connection.relay.write(chunk);
        connection.held = [];
      }
    },
    heldBytes: () =>
      [...connections].reduce(
        (total, connection) =>
          total + connection.held.reduce((sum, chunk) => sum + chunk.length, 0),
        0,
      ),
    dropConnections,
    close: async () => {
      dropConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
