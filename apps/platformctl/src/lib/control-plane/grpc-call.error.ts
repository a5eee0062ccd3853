import { status } from '@grpc/grpc-js';

/**
 * A call that ended with a gRPC status other than OK. The message is the line platformctl prints
 * after its name: `NOT_FOUND: space "acme" not found`.
 */
export class GrpcCallError extends Error {
  constructor(
    readonly code: status,
    readonly details: string,
    message = `${statusName(code)}: ${details}`,
  ) {
    super(message.replace(/\s*\n\s*/g, ' '));
    this.name = 'GrpcCallError';
  }
}

/** `NOT_FOUND` for 5; the number itself for a code this grpc-js does not know. */
export function statusName(code: status): string {
  return status[code] ?? String(code);
}

/** The call never reached a server: say where platformctl looked and how to start the platform. */
export function unreachableServerError(
  code: status,
  details: string,
  server: { name: string; address: string; configuredIn: string },
): GrpcCallError {
  return new GrpcCallError(
    code,
    details,
    `${statusName(code)}: cannot reach the ${server.name} at ${server.address} (from ${server.configuredIn}): ${details}; check that it runs (\`npm start\` runs the local platform)`,
  );
}
