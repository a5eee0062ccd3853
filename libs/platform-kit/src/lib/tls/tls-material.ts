import { ChannelCredentials, ServerCredentials } from '@grpc/grpc-js';
import { readFileSync } from 'node:fs';
import type { TlsFiles } from '../config/service-config';

/** PEM bytes of the platform CA and of this workload's certificate and key. */
export interface TlsMaterial {
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
}

export function readTlsMaterial(files: TlsFiles): TlsMaterial {
  return {
    ca: readFileSync(files.caFile),
    cert: readFileSync(files.certFile),
    key: readFileSync(files.keyFile),
  };
}

/** Server side of mutual TLS: a client without a certificate from the platform CA is refused. */
export function mutualTlsServerCredentials(tls: TlsMaterial): ServerCredentials {
  const requireClientCertificate = true;
  return ServerCredentials.createSsl(
    tls.ca,
    [{ cert_chain: tls.cert, private_key: tls.key }],
    requireClientCertificate,
  );
}

/** Client side of mutual TLS: trusts only the platform CA and presents this workload's certificate. */
export function mutualTlsChannelCredentials(tls: TlsMaterial): ChannelCredentials {
  return ChannelCredentials.createSsl(tls.ca, tls.key, tls.cert);
}
