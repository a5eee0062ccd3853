import { grpcPackages, healthV1 } from '@platform/contracts';
import { firstValueFrom, timeout } from 'rxjs';
import { createGrpcServiceClient } from '../grpc/grpc-service-client';
import type { TlsMaterial } from '../tls/tls-material';

/**
 * Asks a platform server for its gRPC health over mutual TLS. `service` '' is the whole server.
 * Rejects with the gRPC error when the call fails (refused handshake, unknown service, timeout).
 */
export async function checkHealth(
  address: string,
  tls: TlsMaterial,
  options: { service?: string; timeoutMs?: number } = {},
): Promise<healthV1.HealthCheckResponse_ServingStatus> {
  const { client, close } = createGrpcServiceClient<healthV1.HealthClient>({
    address,
    protoPackage: grpcPackages.health,
    serviceName: healthV1.HEALTH_SERVICE_NAME,
    tls,
  });
  try {
    const response = await firstValueFrom(
      client.check({ service: options.service ?? '' }).pipe(timeout(options.timeoutMs ?? 5_000)),
    );
    return response.status;
  } finally {
    close();
  }
}
