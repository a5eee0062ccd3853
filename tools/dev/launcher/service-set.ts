import { healthV1 } from '@platform/contracts';
import { checkHealth, type TlsMaterial } from '@platform/platform-kit';
import { freePort } from '@platform/testing';
import { join } from 'node:path';
import type { DevService } from './dev-topology';
import type { EndpointEntry } from './endpoints-file';
import { serviceLaunch, type LaunchContext } from './service-environment';
import { SupervisedProcess } from './supervised-process';

/** One service the launcher runs. */
export interface RunningService {
  service: DevService;
  /** `127.0.0.1:<port>`, kept across restarts. */
  address: string;
  http?: string;
  process: SupervisedProcess;
}

export interface ServiceSetOptions {
  context: LaunchContext;
  workspaceRoot: string;
  /** Operator TLS, to ask services for their gRPC health. */
  healthTls: TlsMaterial;
  say: (message: string) => void;
  /** Something listed in endpoints.json changed (a service came or went, a pid changed). */
  onChange: () => void;
}

const STOP_GRACE_MS = 15_000;
const SERVING = healthV1.HealthCheckResponse_ServingStatus.SERVING;

/**
 * The services of the local platform, in start order: each is supervised (restarted with
 * backoff), keeps its ports across restarts, and can be stopped and started again on its own.
 */
export class ServiceSet {
  private readonly running: RunningService[] = [];

  constructor(private readonly options: ServiceSetOptions) {}

  list(): readonly RunningService[] {
    return this.running;
  }

  find(name: string): RunningService | undefined {
    return this.running.find((entry) => entry.service.name === name);
  }

  /** Starts a service on fresh ports (grpcPort when it must be known beforehand). */
  async add(service: DevService, grpcPort?: number): Promise<RunningService> {
    const { context, workspaceRoot } = this.options;
    const launch = await serviceLaunch(service, context, grpcPort ?? (await freePort()));
    const child = new SupervisedProcess({
      name: service.name,
      command: process.execPath,
      args: [join(workspaceRoot, 'tools/bin/run-ts.cjs'), join(workspaceRoot, service.entry)],
      logFile: join(context.paths.logs, `${service.name}.log`),
      cwd: workspaceRoot,
      onEvent: this.options.say,
      onStarted: () => this.options.onChange(),
      env: launch.env,
    });
    const entry: RunningService = {
      service,
      address: `127.0.0.1:${launch.grpcPort}`,
      http: launch.http,
      process: child,
    };
    this.running.push(entry);
    child.start();
    return entry;
  }

  /** Stops a service and forgets it (a Space that was deleted). */
  async remove(name: string): Promise<void> {
    const entry = this.find(name);
    if (!entry) return;
    await entry.process.stop(STOP_GRACE_MS);
    this.running.splice(this.running.indexOf(entry), 1);
    this.options.onChange();
  }

  /** Stops a service on purpose: the supervisor leaves it down until {@link ServiceSet.start}. */
  async stop(name: string): Promise<RunningService> {
    const entry = this.require(name);
    await entry.process.stop(STOP_GRACE_MS);
    this.options.onChange();
    return entry;
  }

  /** Starts a stopped service again on its ports and waits until it reports SERVING. */
  async start(name: string, timeoutMs = 60_000): Promise<RunningService> {
    const entry = this.require(name);
    entry.process.start();
    await this.waitServing(entry, timeoutMs);
    return entry;
  }

  /** Polls the gRPC health until SERVING; throws with the last status after `timeoutMs`. */
  async waitServing(entry: RunningService, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer';
    while (Date.now() < deadline) {
      try {
        const status = await checkHealth(entry.address, this.options.healthTls, {
          timeoutMs: 1_000,
        });
        if (status === SERVING) return;
        last = String(status);
      } catch (error) {
        last = error instanceof Error ? error.message : String(error);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`${entry.service.name} not SERVING after ${timeoutMs} ms (${last})`);
  }

  /** Spaces first, then PoPs, then Central: the reverse of the start order. */
  async stopAll(onStopped: (name: string) => void): Promise<void> {
    for (const entry of [...this.running].reverse()) {
      await entry.process.stop(STOP_GRACE_MS);
      onStopped(entry.service.name);
    }
  }

  /** SIGKILL to every service at once (synchronous, for the launcher's `exit` event). */
  killAll(): void {
    for (const entry of this.running) entry.process.kill();
  }

  endpoints(): EndpointEntry[] {
    return this.running.map(({ service, address, http, process: child }) => ({
      name: service.name,
      kind: service.kind,
      ...(service.pop ? { pop: service.pop } : {}),
      ...(service.space ? { space: service.space.name } : {}),
      pid: child.pid ?? null,
      grpc: address,
      ...(http ? { http } : {}),
    }));
  }

  private require(name: string): RunningService {
    const entry = this.find(name);
    if (!entry) throw new UnknownServiceError(name);
    return entry;
  }
}

/** A control request named a service the launcher does not run. */
export class UnknownServiceError extends Error {
  constructor(name: string) {
    super(`no service named ${JSON.stringify(name)}`);
  }
}
