import { credentials, type ServiceClientConstructor } from '@grpc/grpc-js';
import { botDetectionV1alpha1, grpcPackages } from '@platform/contracts';
import { grpcServiceConstructor } from '@platform/platform-kit';

/** `BotDetectionService` for plain grpc-js, parsed with the service kit's loader options. */
export function botDetectionServiceConstructor(): ServiceClientConstructor {
  return grpcServiceConstructor(
    grpcPackages.botDetection,
    botDetectionV1alpha1.BOT_DETECTION_SERVICE_NAME,
  );
}

export interface TlsPem {
  ca: string;
  cert: string;
  key: string;
}

export function mtls(tls: TlsPem) {
  return credentials.createSsl(Buffer.from(tls.ca), Buffer.from(tls.key), Buffer.from(tls.cert));
}

/** The one Check request the load sends: a login from an address no signature covers. */
export const BENCH_CHECK: botDetectionV1alpha1.CheckRequest = {
  space: 'bench-space',
  event: botDetectionV1alpha1.AuthEvent.AUTH_EVENT_LOGIN,
  ip: '100.64.1.2',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) bench',
  hashedUserId: 'ab'.repeat(32),
  fingerprintHash: '',
};
