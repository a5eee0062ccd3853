/**
 * The raw baseline of the relay benchmark: a plain grpc-js server (no NestJS, no Redis) that
 * serves the relay's Publish and Subscribe over the same mutual TLS, checks the caller's SPIFFE
 * identity the same way, and pushes each published directive straight onto its Space's open
 * stream in memory. Started with `run-ts raw-fanout-server.ts <tls.json>`; prints
 * `{"t":"listening","port":…}`.
 */
import {
  Server,
  ServerCredentials,
  status,
  type ServerUnaryCall,
  type ServerWritableStream,
  type sendUnaryData,
} from '@grpc/grpc-js';
import { directiveV1alpha1, type relayV1alpha1 } from '@platform/contracts';
import { callerIdentityOf } from '@platform/platform-kit';
import { readFileSync } from 'node:fs';
import { relayServiceConstructor } from './relay-proto';

const [tlsFile] = process.argv.slice(2);
const tls = JSON.parse(readFileSync(tlsFile, 'utf8')) as {
  ca: string;
  cert: string;
  key: string;
  trustDomain: string;
};

const streams = new Map<string, ServerWritableStream<relayV1alpha1.SubscribeRequest, unknown>>();
let sequence = 0;

const server = new Server();
server.addService(relayServiceConstructor().service, {
  publish(
    call: ServerUnaryCall<relayV1alpha1.PublishRequest, relayV1alpha1.PublishResponse>,
    callback: sendUnaryData<relayV1alpha1.PublishResponse>,
  ) {
    const caller = callerIdentityOf(call, tls.trustDomain);
    const directive = call.request.directive;
    if (caller.tier !== 'central' || !directive) {
      callback({ code: status.PERMISSION_DENIED, details: 'only Central publishes' });
      return;
    }
    const body = directiveV1alpha1.DirectiveBody.decode(directive.payload);
    sequence += 1;
    const deliveryId = `${Date.now()}-${sequence}`;
    streams.get(body.space)?.write({ directive, deliveryId, directiveId: body.id });
    callback(null, { deliveryId, duplicate: false });
  },
  subscribe(call: ServerWritableStream<relayV1alpha1.SubscribeRequest, unknown>) {
    const caller = callerIdentityOf(call, tls.trustDomain);
    if (caller.tier !== 'space' || caller.space !== call.request.space) {
      call.destroy(Object.assign(new Error('not this Space'), { code: status.PERMISSION_DENIED }));
      return;
    }
    const space = call.request.space;
    streams.set(space, call);
    call.on('cancelled', () => {
      if (streams.get(space) === call) streams.delete(space);
    });
  },
});

server.bindAsync(
  '127.0.0.1:0',
  ServerCredentials.createSsl(
    Buffer.from(tls.ca),
    [{ private_key: Buffer.from(tls.key), cert_chain: Buffer.from(tls.cert) }],
    true,
  ),
  (error, port) => {
    if (error) {
      process.stderr.write(`raw-fanout-server: ${error.message}\n`);
      process.exit(1);
    }
    process.stdout.write(`${JSON.stringify({ t: 'listening', port })}\n`);
  },
);
process.on('SIGTERM', () => server.forceShutdown());
