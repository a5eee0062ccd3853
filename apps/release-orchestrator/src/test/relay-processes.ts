import { directiveV1alpha1, grpcPackages, relayV1alpha1 } from '@platform/contracts';
import { checkHealth, createGrpcServiceClient } from '@platform/platform-kit';
import {
  eventually,
  freePort,
  spawnService,
  type ServiceProcess,
  type TestPki,
  type TestRedisServer,
  type TestWorkloadTls,
} from '@platform/testing';
import { firstValueFrom, type Subscription } from 'rxjs';

/** What a Space's agent received from its relay, decoded, in arrival order. */
export interface ReceivedDirectives {
  bodies: directiveV1alpha1.DirectiveBody[];
  close(): void;
}

/** One pop-relay process per PoP, on the shared Redis, as Central's outbox reaches them. */
export interface RelayProcesses {
  /** PoP name → `host:port`, the shape of `PLATFORM_RELAYS`. */
  addresses: Record<string, string>;
  /** Directives the relay of `pop` holds for `space` that its agent has not acknowledged. */
  backlog(pop: string, space: string): Promise<number>;
  /** Subscribes to `pop`'s relay with `space`'s own certificate, as its agent does. */
  subscribeAsSpace(pop: string, space: string): Promise<ReceivedDirectives>;
  stop(): Promise<void>;
}

/**
 * Starts the real pop-relay of each of `pops` and waits until each serves. `centralTls` is what
 * Central's side (delivery status) calls them with.
 */
export async function startRelayProcesses(
  pki: TestPki,
  redis: TestRedisServer,
  pops: readonly string[],
  centralTls: TestWorkloadTls,
): Promise<RelayProcesses> {
  const processes: ServiceProcess[] = [];
  const closers: (() => void)[] = [];
  const addresses: Record<string, string> = {};
  const stop = async () => {
    for (const close of closers) close();
    await Promise.all(processes.map((process) => process.stop()));
  };
  try {
    for (const pop of pops) {
      const tls = await pki.issue(pki.pop(pop, 'pop-relay'));
      const port = await freePort();
      addresses[pop] = `127.0.0.1:${port}`;
      const process = spawnService('apps/pop-relay/src/main.ts', {
        PLATFORM_GRPC_PORT: String(port),
        PLATFORM_TLS_CA_FILE: tls.caFile,
        PLATFORM_TLS_CERT_FILE: tls.certFile,
        PLATFORM_TLS_KEY_FILE: tls.keyFile,
        PLATFORM_TRUST_DOMAIN: pki.trustDomain,
        PLATFORM_REDIS_URL: redis.url,
        PLATFORM_POP: pop,
        PLATFORM_LOG_LEVEL: 'warn',
        PLATFORM_SHUTDOWN_GRACE_MS: '500',
      });
      processes.push(process);
      await eventually(
        async () => {
          if (process.child.exitCode !== null) throw new Error(`relay exited: ${process.output()}`);
          const status = await checkHealth(addresses[pop], centralTls, { timeoutMs: 1_000 });
          if (status !== 'SERVING') throw new Error(`${addresses[pop]} is ${status}`);
        },
        30_000,
        100,
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const client = (pop: string, tls: TestWorkloadTls) => {
    const address = addresses[pop];
    if (address === undefined) throw new Error(`no relay for ${pop}`);
    const created = createGrpcServiceClient<relayV1alpha1.RelayServiceClient>({
      address,
      protoPackage: grpcPackages.relay,
      serviceName: relayV1alpha1.RELAY_SERVICE_NAME,
      tls,
    });
    closers.push(created.close);
    return created.client;
  };
  const central = new Map(pops.map((pop) => [pop, client(pop, centralTls)]));

  return {
    addresses,
    async backlog(pop, space) {
      const relay = central.get(pop);
      if (relay === undefined) throw new Error(`no relay for ${pop}`);
      const status = await firstValueFrom(
        relay.getDeliveryStatus({ space, pageSize: 0, pageToken: '' }),
      );
      return status.spaces[0]?.backlog ?? 0;
    },
    async subscribeAsSpace(pop, space) {
      const relay = client(pop, await pki.issue(pki.space(space)));
      const bodies: directiveV1alpha1.DirectiveBody[] = [];
      const stream: Subscription = relay.subscribe({ space, resumeAfter: '' }).subscribe({
        next: (delivery) => {
          if (delivery.directive) {
            bodies.push(directiveV1alpha1.DirectiveBody.decode(delivery.directive.payload));
          }
        },
        error: () => undefined,
      });
      return { bodies, close: () => stream.unsubscribe() };
    },
    stop,
  };
}
