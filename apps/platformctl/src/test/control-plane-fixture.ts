import { createLogger, startGrpcService, type RunningGrpcService } from '@platform/platform-kit';
import {
  createTempDir,
  createTestPki,
  freePort,
  type TempDir,
  type TestPki,
  type TestWorkloadTls,
} from '@platform/testing';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { grpcPackages } from '@platform/contracts';
import type { PlatformctlEnvironment } from '../lib/config/platformctl-environment';
import { runPlatformctl } from '../lib/platformctl.program';
import { FakeControlPlaneModule } from './fake-control-plane.module';
import { RecordingControlPlane } from './recording-control-plane';

export interface PlatformctlRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * A ControlPlaneService served by the platform's real NestJS gRPC stack over mutual TLS (test CA),
 * answering from a {@link RecordingControlPlane}, and platformctl configured to call it with an
 * operator certificate.
 */
export interface ControlPlaneFixture {
  controlPlane: RecordingControlPlane;
  /** `host:port` of the fake control plane. */
  address: string;
  pki: TestPki;
  operatorTls: TestWorkloadTls;
  /** A folder for configuration files; also the cwd and home platformctl sees. */
  dir: string;
  /** Writes a platformctl configuration file into {@link dir} and returns its path. */
  writeConfig(config: object, name?: string): string;
  /** The configuration of a platformctl that reaches the fake, without a token. */
  baseConfig(): { controlPlane: string; tls: { ca: string; cert: string; key: string } };
  /** Runs platformctl in-process; `variables` is its whole environment. */
  run(argv: string[], variables?: Record<string, string>): Promise<PlatformctlRun>;
  stop(): Promise<void>;
}

export async function startControlPlaneFixture(): Promise<ControlPlaneFixture> {
  const pki = await createTestPki();
  const serverTls = await pki.issue(pki.central('control-plane'));
  const operatorTls = await pki.issue(pki.operator('alice'));
  const controlPlane = new RecordingControlPlane();
  const server = await startServer(controlPlane, serverTls, pki.trustDomain);
  const work: TempDir = createTempDir('platformctl-fleet');

  const fixture: ControlPlaneFixture = {
    controlPlane,
    address: server.address,
    pki,
    operatorTls,
    dir: work.path,
    writeConfig(config, name = 'platformctl.yaml') {
      const file = join(work.path, name);
      writeFileSync(file, stringify(config));
      return file;
    },
    baseConfig: () => ({
      controlPlane: server.address,
      tls: { ca: operatorTls.caFile, cert: operatorTls.certFile, key: operatorTls.keyFile },
    }),
    async run(argv, variables = {}) {
      const environment: PlatformctlEnvironment = { variables, cwd: work.path, home: work.path };
      let stdout = '';
      let stderr = '';
      const code = await runPlatformctl(
        argv,
        '0.0.0-test',
        { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) },
        environment,
      );
      return { code, stdout, stderr };
    },
    async stop() {
      await server.stop();
      work.remove();
      pki.remove();
    },
  };
  return fixture;
}

async function startServer(
  recorder: RecordingControlPlane,
  tls: TestWorkloadTls,
  trustDomain: string,
): Promise<RunningGrpcService> {
  return startGrpcService({
    config: {
      service: 'control-plane',
      grpc: { host: '127.0.0.1', port: await freePort() },
      tls,
      trustDomain,
      logLevel: 'silent',
      shutdownGraceMs: 1_000,
    },
    module: FakeControlPlaneModule.serving(recorder),
    packages: [grpcPackages.controlPlane],
    logger: createLogger('control-plane', 'silent'),
    handleSignals: false,
  });
}
