import type { ServerSurfaceCall } from '@grpc/grpc-js/build/src/server-call';
import { PermissionDeniedError, PlatformError, UnauthenticatedError } from '@platform/errors';
import { parseSpiffeIdFromSubjectAltName, type WorkloadIdentity } from '@platform/pki';

/**
 * The workload that made a gRPC call, read from the client certificate that mutual TLS has
 * already verified against the platform CA: the SPIFFE ID in its URI SAN.
 *
 * @throws UnauthenticatedError when the call carries no client certificate
 * @throws PermissionDeniedError when the certificate names no valid identity of this trust domain
 */
export function callerIdentityOf(
  call: Pick<ServerSurfaceCall, 'getAuthContext'>,
  trustDomain: string,
): WorkloadIdentity {
  const certificate = call.getAuthContext().sslPeerCertificate;
  if (!certificate)
    throw new UnauthenticatedError('a client certificate from the platform CA is required');
  try {
    return parseSpiffeIdFromSubjectAltName(certificate.subjectaltname, { trustDomain });
  } catch (error) {
    const reason = error instanceof PlatformError ? error.message : String(error);
    throw new PermissionDeniedError(`the client certificate names no platform identity: ${reason}`);
  }
}
