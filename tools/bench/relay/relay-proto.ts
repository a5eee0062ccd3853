import { credentials, type ServiceClientConstructor } from '@grpc/grpc-js';
import { grpcPackages, relayV1alpha1 } from '@platform/contracts';
import { grpcServiceConstructor } from '@platform/platform-kit';

/**
 * `platform.relay.v1alpha1.RelayService` for plain grpc-js, parsed once per process with the
 * options the service kit uses (so messages have the same shape as on the NestJS side). The load
 * process needs one client per Space certificate; NestJS's ClientGrpcProxy would parse the proto
 * once per client, which does not scale to 10,000.
 */
export function relayServiceConstructor(): ServiceClientConstructor {
  return grpcServiceConstructor(grpcPackages.relay, relayV1alpha1.RELAY_SERVICE_NAME);
}

export interface TlsPem {
  ca: string;
  cert: string;
  key: string;
}

export function mtls(tls: TlsPem) {
  return credentials.createSsl(Buffer.from(tls.ca), Buffer.from(tls.key), Buffer.from(tls.cert));
}

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

export function spaceName(index: number): string {
  return `bench-${String(index).padStart(5, '0')}`;
}
