import type { Metadata } from '@grpc/grpc-js';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { InternalError } from '@platform/errors';
import type { WorkloadIdentity } from '@platform/pki';
import type { ServiceConfig } from '../config/service-config';
import { SERVICE_CONFIG } from '../service-kit.tokens';
import { callerIdentityOf } from './caller-identity';

/**
 * Identities the guard verified, keyed by the call's metadata object: handlers get
 * `(request, metadata)` from the generated controller interfaces, so that is what they can
 * look the caller up by. Nothing a client sends can write here.
 */
const verifiedCallers = new WeakMap<Metadata, WorkloadIdentity>();

/**
 * Refuses any call whose client certificate does not carry exactly one SPIFFE ID of this trust
 * domain. The TLS handshake already proved the certificate comes from the platform CA; this
 * adds that it names a workload, so handlers can rely on {@link verifiedCaller}.
 */
@Injectable()
export class MutualTlsIdentityGuard implements CanActivate {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: ServiceConfig) {}

  canActivate(context: ExecutionContext): boolean {
    // NestJS hands gRPC handlers (request, metadata, call); the call carries the TLS session.
    const [, metadata, call] = context.getArgs();
    verifiedCallers.set(metadata, callerIdentityOf(call, this.config.trustDomain));
    return true;
  }
}

/** The identity of the workload that made this call, as the mutual-TLS guard verified it. */
export function verifiedCaller(metadata: Metadata | undefined): WorkloadIdentity {
  const identity = metadata && verifiedCallers.get(metadata);
  if (!identity)
    throw new InternalError('no verified caller: the mutual-TLS guard did not run for this call');
  return identity;
}
