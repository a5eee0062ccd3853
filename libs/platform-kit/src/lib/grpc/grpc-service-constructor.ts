import { makeClientConstructor, type ServiceClientConstructor } from '@grpc/grpc-js';
import { loadSync, type ServiceDefinition } from '@grpc/proto-loader';
import type { ProtoPackage } from '@platform/contracts';
import { grpcLoaderOptions } from './grpc-loader-options';

/**
 * One service of a contracts package for plain grpc-js: its `.service` to serve it, or the
 * constructor itself for clients, outside NestJS (load generators, stand-in servers in tests).
 * Parsed with the service kit's loader options, so messages have the same shape as on the NestJS
 * side. Parse once and reuse it: each call reads the proto files again.
 */
export function grpcServiceConstructor(
  protoPackage: ProtoPackage,
  serviceName: string,
): ServiceClientConstructor {
  const definition = loadSync(protoPackage.protoFile, grpcLoaderOptions());
  const qualifiedName = `${protoPackage.packageName}.${serviceName}`;
  const service = definition[qualifiedName];
  if (!service || 'format' in service) {
    throw new Error(`${qualifiedName} is not a service of ${protoPackage.protoFile}`);
  }
  return makeClientConstructor(service as ServiceDefinition, serviceName);
}
