import { ClientGrpcProxy } from '@nestjs/microservices';
import type { ProtoPackage } from '@platform/contracts';
import { mutualTlsChannelCredentials, type TlsMaterial } from '../tls/tls-material';
import { grpcLoaderOptions } from './grpc-loader-options';

export interface GrpcClientTarget {
  /** `host:port` of the server. */
  address: string;
  protoPackage: ProtoPackage;
  /** Short service name as in the generated `X_SERVICE_NAME` constant. */
  serviceName: string;
  tls: TlsMaterial;
}

export interface GrpcServiceClient<Client> {
  client: Client;
  close(): void;
}

/**
 * A typed client (the generated `XServiceClient` interface) over mutual TLS. Works inside and
 * outside a NestJS application, so the CLI and tests use the same path as services.
 */
export function createGrpcServiceClient<Client extends object>(
  target: GrpcClientTarget,
): GrpcServiceClient<Client> {
  const proxy = new ClientGrpcProxy({
    url: target.address,
    package: target.protoPackage.packageName,
    protoPath: target.protoPackage.protoFile,
    loader: grpcLoaderOptions(),
    credentials: mutualTlsChannelCredentials(target.tls),
    // A private subchannel pool: closing the client closes its connection at once. With the
    // shared pool an idle connection lingers for seconds, and a server stopping meanwhile waits.
    channelOptions: { 'grpc.use_local_subchannel_pool': 1 },
  });
  return { client: proxy.getService<Client>(target.serviceName), close: () => void proxy.close() };
}
