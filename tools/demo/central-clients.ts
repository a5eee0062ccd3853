import { Metadata } from '@grpc/grpc-js';
import { controlPlaneV1alpha1, grpcPackages, releaseV1alpha1 } from '@platform/contracts';
import { createGrpcServiceClient, readTlsMaterial } from '@platform/platform-kit';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { firstValueFrom, timeout, type Observable } from 'rxjs';
import { parse } from 'yaml';

/** What `platformctl.yaml` says (written by `npm start`). */
interface PlatformctlConfig {
  controlPlane: string;
  releaseOrchestrator: string;
  tls: { ca: string; cert: string; key: string };
  tokenFile: string;
}

/** Central's two APIs as the operator of `platformctl.yaml`, with its development admin token. */
export class CentralClients {
  readonly controlPlane: controlPlaneV1alpha1.ControlPlaneServiceClient;
  readonly release: releaseV1alpha1.ReleaseServiceClient;
  private readonly closers: Array<() => void> = [];
  private readonly token: string;

  constructor(configFile: string) {
    const config = parse(readFileSync(configFile, 'utf8')) as PlatformctlConfig;
    const base = dirname(configFile);
    this.token = readFileSync(resolve(base, config.tokenFile), 'utf8').trim();
    const tls = readTlsMaterial({
      caFile: resolve(base, config.tls.ca),
      certFile: resolve(base, config.tls.cert),
      keyFile: resolve(base, config.tls.key),
    });
    const controlPlane = createGrpcServiceClient<controlPlaneV1alpha1.ControlPlaneServiceClient>({
      address: config.controlPlane,
      protoPackage: grpcPackages.controlPlane,
      serviceName: controlPlaneV1alpha1.CONTROL_PLANE_SERVICE_NAME,
      tls,
    });
    const release = createGrpcServiceClient<releaseV1alpha1.ReleaseServiceClient>({
      address: config.releaseOrchestrator,
      protoPackage: grpcPackages.release,
      serviceName: releaseV1alpha1.RELEASE_SERVICE_NAME,
      tls,
    });
    this.controlPlane = controlPlane.client;
    this.release = release.client;
    this.closers.push(controlPlane.close, release.close);
  }

  /** Bearer token metadata for one call. */
  auth(): Metadata {
    const metadata = new Metadata();
    metadata.set('authorization', `Bearer ${this.token}`);
    return metadata;
  }

  /** The single answer of a unary call, or an error after `ms`. */
  call<T>(observable: Observable<T>, ms = 30_000): Promise<T> {
    return firstValueFrom(observable.pipe(timeout(ms)));
  }

  close(): void {
    for (const close of this.closers) close();
  }
}
