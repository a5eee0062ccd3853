/**
 * Lets h2load, which cannot present a client certificate, load a server that requires mutual
 * TLS: it accepts plain TCP (h2load speaking HTTP/2 with prior knowledge) and relays each
 * connection's bytes, unparsed, over its own TLS connection with the agent's certificate and
 * ALPN `h2`. One bridge stands before each target, so both pay the same relay.
 * `run-ts tls-bridge.ts <tls.json> <target host:port>` prints `{"port":…}`.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { connect } from 'node:tls';
import type { TlsPem } from './bot-detection-proto';

const [tlsFile, target] = process.argv.slice(2);
const tls = JSON.parse(readFileSync(tlsFile, 'utf8')) as TlsPem;
const [host, portText] = target.split(':');

const server = createServer((plain) => {
  plain.setNoDelay(true);
  const secure = connect({
    host,
    port: Number(portText),
    ca: tls.ca,
    cert: tls.cert,
    key: tls.key,
    servername: 'localhost',
    ALPNProtocols: ['h2'],
  });
  secure.setNoDelay(true);
  plain.pipe(secure).pipe(plain);
  const close = () => {
    plain.destroy();
    secure.destroy();
  };
  plain.on('error', close).on('close', close);
  secure.on('error', close).on('close', close);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(
    `${JSON.stringify({ port: typeof address === 'object' ? address?.port : 0 })}\n`,
  );
});
