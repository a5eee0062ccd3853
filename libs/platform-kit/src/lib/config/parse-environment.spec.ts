import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config-error';
import { parseEnvironment } from './parse-environment';
import { serviceEnvironment, toServiceConfig } from './service-config';

describe(parseEnvironment.name, () => {
  let dir: string;
  let files: Record<string, string>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'env-'));
    for (const name of ['ca.crt', 'tls.crt', 'tls.key']) writeFileSync(join(dir, name), 'pem');
    files = {
      PLATFORM_TLS_CA_FILE: join(dir, 'ca.crt'),
      PLATFORM_TLS_CERT_FILE: join(dir, 'tls.crt'),
      PLATFORM_TLS_KEY_FILE: join(dir, 'tls.key'),
    };
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function parseError(environment: NodeJS.ProcessEnv): ConfigError {
    try {
      parseEnvironment(serviceEnvironment, environment);
    } catch (error) {
      if (error instanceof ConfigError) return error;
      throw error;
    }
    throw new Error('expected a ConfigError');
  }

  it('turns a valid environment into typed settings with defaults', () => {
    const values = parseEnvironment(serviceEnvironment, { ...files, PLATFORM_GRPC_PORT: '7443' });

    expect(toServiceConfig('pop-relay', values)).toEqual({
      service: 'pop-relay',
      grpc: { host: '127.0.0.1', port: 7443 },
      tls: {
        caFile: files.PLATFORM_TLS_CA_FILE,
        certFile: files.PLATFORM_TLS_CERT_FILE,
        keyFile: files.PLATFORM_TLS_KEY_FILE,
      },
      trustDomain: 'platform.local',
      logLevel: 'info',
      shutdownGraceMs: 10_000,
    });
  });

  it('names a variable that is missing', () => {
    expect(parseError(files).message).toBe('PLATFORM_GRPC_PORT: is required');
  });

  it.each([
    ['abc', 'expected a port number, got "abc"'],
    ['70000', 'expected a port from 1 to 65535'],
    ['0', 'expected a port from 1 to 65535'],
  ])('rejects the port %s with a reason', (port, reason) => {
    const error = parseError({ ...files, PLATFORM_GRPC_PORT: port });

    expect(error.variable).toBe('PLATFORM_GRPC_PORT');
    expect(error.message).toBe(`PLATFORM_GRPC_PORT: ${reason}`);
  });

  it('checks at start that the TLS files can be read', () => {
    const error = parseError({
      ...files,
      PLATFORM_GRPC_PORT: '7443',
      PLATFORM_TLS_KEY_FILE: join(dir, 'missing.key'),
    });

    expect(error.message).toBe(
      `PLATFORM_TLS_KEY_FILE: cannot read file "${join(dir, 'missing.key')}"`,
    );
  });

  it('lists the allowed values of an enumerated setting', () => {
    const error = parseError({ ...files, PLATFORM_GRPC_PORT: '7443', PLATFORM_LOG_LEVEL: 'loud' });

    expect(error.message).toBe(
      'PLATFORM_LOG_LEVEL: expected one of trace, debug, info, warn, error, fatal, silent',
    );
  });

  it('keeps every message on one line', () => {
    const error = parseError({
      ...files,
      PLATFORM_GRPC_PORT: '7443',
      PLATFORM_SHUTDOWN_GRACE_MS: '1\n2',
    });

    expect(error.message.split('\n')).toHaveLength(1);
  });
});
