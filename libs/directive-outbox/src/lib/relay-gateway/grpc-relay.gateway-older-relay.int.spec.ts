import {
  Server,
  ServerCredentials,
  status as GrpcStatus,
  type sendUnaryData,
  type ServerUnaryCall,
} from '@grpc/grpc-js';
import { grpcPackages, relayV1alpha1 } from '@platform/contracts';
import { grpcServiceConstructor } from '@platform/platform-kit';
import { createTestPki, type TestPki } from '@platform/testing';
import { createOutboxEntryFactory, type OutboxEntryFactory } from '../outbox/test/outbox-entries';
import { GrpcRelayGateway } from './grpc-relay.gateway';

const POP = 'aws-eu-west-1';

/**
 * A relay from before PublishBatch, as the gateway meets it during a rolling upgrade: the batch
 * RPC answers UNIMPLEMENTED, single Publish works. Real grpc-js over mutual TLS; what it was
 * asked is recorded.
 */
async function startOlderRelay(pki: TestPki) {
  const tls = await pki.issue(pki.pop(POP, 'pop-relay'));
  const asked = { batchCalls: 0, published: [] as Buffer[] };
  const server = new Server();
  const relayService = grpcServiceConstructor(grpcPackages.relay, relayV1alpha1.RELAY_SERVICE_NAME);
  server.addService(relayService.service, {
    publish(
      call: ServerUnaryCall<relayV1alpha1.PublishRequest, relayV1alpha1.PublishResponse>,
      callback: sendUnaryData<relayV1alpha1.PublishResponse>,
    ) {
      asked.published.push(Buffer.from(call.request.directive?.payload ?? []));
      callback(null, { deliveryId: `${asked.published.length}-0`, duplicate: false });
    },
    publishBatch(_call: unknown, callback: sendUnaryData<unknown>) {
      asked.batchCalls += 1;
      callback({ code: GrpcStatus.UNIMPLEMENTED, details: 'unknown method PublishBatch' });
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(
      '127.0.0.1:0',
      ServerCredentials.createSsl(tls.ca, [{ private_key: tls.key, cert_chain: tls.cert }], true),
      (error, bound) => (error ? reject(error) : resolve(bound)),
    ),
  );
  return { address: `127.0.0.1:${port}`, asked, stop: () => server.forceShutdown() };
}

describe(`${GrpcRelayGateway.name} and a relay without PublishBatch`, () => {
  let pki: TestPki;
  let factory: OutboxEntryFactory;
  let relay: Awaited<ReturnType<typeof startOlderRelay>>;
  let gateway: GrpcRelayGateway;

  beforeAll(async () => {
    pki = await createTestPki();
    factory = await createOutboxEntryFactory();
    relay = await startOlderRelay(pki);
    const central = await pki.issue(pki.central('control-plane'));
    gateway = new GrpcRelayGateway({
      relays: { [POP]: relay.address },
      tls: { caCertPem: central.ca, certPem: central.cert, keyPem: central.key },
      callDeadlineMs: 2_000,
    });
  });

  afterAll(() => {
    gateway?.close();
    relay?.stop();
    pki?.remove();
  });

  const relayBound = (space: string) => {
    const entry = factory.entry(POP, space);
    return { id: entry.directiveId, space, signed: entry.signed };
  };

  it('publishes a batch one by one, in order, and stops asking for the batch RPC', async () => {
    const first = ['acme', 'acme', 'globex'].map(relayBound);
    const second = ['initech', 'acme'].map(relayBound);

    const firstResults = await gateway.publishBatch(POP, first);
    const secondResults = await gateway.publishBatch(POP, second);

    expect(
      [...firstResults, ...secondResults].map((result) =>
        'outcome' in result ? result.outcome : result.error.message,
      ),
    ).toEqual(['accepted', 'accepted', 'accepted', 'accepted', 'accepted']);
    expect(relay.asked.published).toEqual(
      [...first, ...second].map((directive) => Buffer.from(directive.signed.payload)),
    );
    // Asked once, answered UNIMPLEMENTED, never again for this PoP.
    expect(relay.asked.batchCalls).toBe(1);
  });
});
