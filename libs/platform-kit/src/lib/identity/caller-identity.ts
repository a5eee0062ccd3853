import type { ServerSurfaceCall } from '@grpc/grpc-js/build/src/server-call';
import { PermissionDeniedError, PlatformError, UnauthenticatedError } from '@platform/errors';
import { parseSpiffeIdFromSubjectAltName, type WorkloadIdentity } from '@platform/pki';
import { TLSSocket } from 'node:tls';
import { http2StreamOf } from '../grpc/server-call-stream';

/**
 * Identities already read from a connection's certificate. Reading it costs a certificate
 * decode per call (a sixth of a busy bot-detection replica's CPU); a TLS 1.3 connection cannot
 * renegotiate, so its peer certificate, and the identity in it, is fixed for its life.
 */
const identitiesByConnection = new WeakMap<TLSSocket, WorkloadIdentity>();

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
  const socket = tlsSocketOf(call);
  const cached = socket?.authorized ? identitiesByConnection.get(socket) : undefined;
  if (cached && cached.trustDomain === trustDomain) return cached;

  const certificate = call.getAuthContext().sslPeerCertificate;
  if (!certificate)
    throw new UnauthenticatedError('a client certificate from the platform CA is required');
  let identity: WorkloadIdentity;
  try {
    identity = parseSpiffeIdFromSubjectAltName(certificate.subjectaltname, { trustDomain });
  } catch (error) {
    const reason = error instanceof PlatformError ? error.message : String(error);
    throw new PermissionDeniedError(`the client certificate names no platform identity: ${reason}`);
  }
  if (socket?.authorized && socket.getProtocol() === 'TLSv1.3') {
    identitiesByConnection.set(socket, identity);
  }
  return identity;
}

/** The TLS socket under a grpc-js server call (see {@link http2StreamOf}). */
function tlsSocketOf(call: object): TLSSocket | undefined {
  const socket = http2StreamOf(call)?.session?.socket;
  return socket instanceof TLSSocket ? socket : undefined;
}
