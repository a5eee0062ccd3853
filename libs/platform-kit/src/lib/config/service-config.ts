import { z } from 'zod';
import { env } from './env-schema';

/** What every gRPC service of the platform needs; services spread this into their own schema. */
export const serviceEnvironment = {
  PLATFORM_GRPC_HOST: env.host('127.0.0.1'),
  PLATFORM_GRPC_PORT: env.port(),
  PLATFORM_TLS_CA_FILE: env.readableFile(),
  PLATFORM_TLS_CERT_FILE: env.readableFile(),
  PLATFORM_TLS_KEY_FILE: env.readableFile(),
  PLATFORM_TRUST_DOMAIN: env.host('platform.local'),
  PLATFORM_LOG_LEVEL: env.oneOf(
    ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'],
    'info',
  ),
  PLATFORM_SHUTDOWN_GRACE_MS: env.positiveInteger(10_000),
  /** Development and demos only: a virtual time line (see FileClock). Unset: real time. */
  PLATFORM_CLOCK_FILE: z.string().min(1).optional(),
};

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

/** The typed form of {@link serviceEnvironment}. */
export interface ServiceConfig {
  service: string;
  grpc: { host: string; port: number };
  tls: TlsFiles;
  trustDomain: string;
  logLevel: LogLevel;
  /** How long in-flight calls may take to finish after SIGTERM before they are cut. */
  shutdownGraceMs: number;
  /** Where the development clock's time line is, when the service runs on virtual time. */
  clockFile?: string;
}

export interface TlsFiles {
  caFile: string;
  certFile: string;
  keyFile: string;
}

type ServiceEnvironment = z.output<z.ZodObject<typeof serviceEnvironment>>;

export function toServiceConfig(service: string, values: ServiceEnvironment): ServiceConfig {
  return {
    service,
    grpc: { host: values.PLATFORM_GRPC_HOST, port: values.PLATFORM_GRPC_PORT },
    tls: {
      caFile: values.PLATFORM_TLS_CA_FILE,
      certFile: values.PLATFORM_TLS_CERT_FILE,
      keyFile: values.PLATFORM_TLS_KEY_FILE,
    },
    trustDomain: values.PLATFORM_TRUST_DOMAIN,
    logLevel: values.PLATFORM_LOG_LEVEL,
    shutdownGraceMs: values.PLATFORM_SHUTDOWN_GRACE_MS,
    ...(values.PLATFORM_CLOCK_FILE ? { clockFile: values.PLATFORM_CLOCK_FILE } : {}),
  };
}
