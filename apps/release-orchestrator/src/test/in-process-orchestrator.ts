import { DirectiveOutbox, GrpcRelayGateway, RedisOutboxStore } from '@platform/directive-outbox';
import { DirectiveSigner } from '@platform/directives';
import { GitopsStore, readGitopsDirectory } from '@platform/gitops-store';
import { generateSigningKeyPair, signingKeyId } from '@platform/pki';
import { createLogger } from '@platform/platform-kit';
import {
  createGitRemote,
  createTempDir,
  createTestPki,
  startRedisServer,
  type TempDir,
  type TestGitRemote,
  type TestPki,
  type TestRedisServer,
} from '@platform/testing';
import { Redis } from 'ioredis';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OUTBOX_BATCHING } from '../app/release-orchestrator.module';
import { ChangeRunner, type ReleaseLedger } from '../app/releases/change-runner';
import { ReleaseTree } from '../app/releases/release-tree';
import { ReleaseService } from '../app/releases/release.service';
import type { TrainMode } from '../app/releases/train-review';
import { RequestLedger } from '@platform/request-ledger';
import { RedisLease } from '../app/scheduler/redis-lease';
import { ReleaseScheduler, type ReleaseSchedulerOptions } from '../app/scheduler/release-scheduler';
import { startRelayProcesses, type RelayProcesses } from './relay-processes';

const WORKSPACE = join(__dirname, '..', '..', '..', '..');

/** A clock the test moves by hand. */
export class ManualClock {
  constructor(private current: Date) {}
  now = (): Date => new Date(this.current.getTime());
  set(iso: string): void {
    this.current = new Date(iso);
  }
}

/** One orchestrator replica, in this process, on the shared Redis and git remote. */
export interface Replica {
  service: ReleaseService;
  scheduler: ReleaseScheduler;
  lease: RedisLease;
  store: GitopsStore;
}

/**
 * The orchestrator's parts in this process, on real parts: a bare git remote seeded with the
 * example fleet of `gitops/` (or other files), a redis-server (request ledger, outbox, lease),
 * and a manual clock, so weeks pass in milliseconds.
 */
export interface InProcessOrchestrator {
  remote: TestGitRemote;
  redis: TestRedisServer;
  clock: ManualClock;
  outbox: DirectiveOutbox;
  /** The PoPs' relays, when asked for: the outbox then runs and delivers to them. */
  relays?: RelayProcesses;
  replica(name: string, options?: ReplicaOptions): Replica;
  /** Commit subjects on the remote branch, newest first. */
  subjects(): string[];
  /** The text of a gitops file at the remote head. */
  fileAtHead(path: string): string;
  stop(): Promise<void>;
}

/** A replica's scheduler options, and how its trains land (default `commit`). */
export type ReplicaOptions = Partial<ReleaseSchedulerOptions> & { trainMode?: TrainMode };

export interface InProcessOrchestratorOptions {
  /** Start a real pop-relay per PoP named here and deliver the outbox's directives to them. */
  relayPops?: readonly string[];
}

export async function startInProcessOrchestrator(
  start: string,
  files?: Record<string, string>,
  options: InProcessOrchestratorOptions = {},
): Promise<InProcessOrchestrator> {
  const redis = await startRedisServer();
  const seed =
    files ??
    Object.fromEntries(
      [...(await readGitopsDirectory(join(WORKSPACE, 'gitops')))].map(([path, text]) => [
        `gitops/${path}`,
        text,
      ]),
    );
  const remote = createGitRemote({ files: seed });
  const pki: TestPki = await createTestPki();
  const tls = await pki.issue(pki.central('release-orchestrator'));
  const temp: TempDir[] = [];
  const clients: Redis[] = [];
  const clock = new ManualClock(new Date(start));
  const logger = createLogger('release-orchestrator', 'warn');
  const keys = await generateSigningKeyPair();
  const signer = new DirectiveSigner({
    keyId: signingKeyId(keys.publicKeyPem),
    privateKeyPem: keys.privateKeyPem,
  });
  const client = () => {
    const created = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    clients.push(created);
    return created;
  };
  const relays =
    options.relayPops === undefined
      ? undefined
      : await startRelayProcesses(pki, redis, options.relayPops, tls);
  const gateway = new GrpcRelayGateway({
    relays: relays?.addresses ?? {},
    tls: {
      caCertPem: readFileSync(tls.caFile, 'utf8'),
      certPem: readFileSync(tls.certFile, 'utf8'),
      keyPem: readFileSync(tls.keyFile, 'utf8'),
    },
  });
  const outbox = new DirectiveOutbox({
    store: new RedisOutboxStore(client()),
    gateway,
    logger,
    acknowledgementPollIntervalMs: 60_000,
    ...OUTBOX_BATCHING,
  });
  if (relays) outbox.start();

  return {
    remote,
    redis,
    clock,
    outbox,
    ...(relays ? { relays } : {}),
    replica(name, { trainMode, ...options } = {}) {
      const dir = createTempDir(`orchestrator-${name}`);
      temp.push(dir);
      const redisClient = client();
      const store = new GitopsStore({
        remoteUrl: remote.url,
        branch: remote.branch,
        subdirectory: 'gitops',
        workdir: join(dir.path, 'clone'),
        author: { name: 'Release Orchestrator', email: 'release-orchestrator@platform.invalid' },
      });
      const tree = new ReleaseTree();
      const ledger: ReleaseLedger = new RequestLedger(redisClient, {
        prefix: 'ro:request:',
        leaseMs: 120_000,
        retentionSeconds: 3600,
      });
      const runner = new ChangeRunner({
        store,
        tree,
        ledger,
        signer,
        queue: outbox,
        now: clock.now,
      });
      const service = new ReleaseService({
        store,
        tree,
        runner,
        now: clock.now,
        readStalenessMs: 0,
        ...(trainMode ? { trainMode } : {}),
      });
      const lease = new RedisLease(redisClient, { prefix: 'ro:', leaseMs: 60_000, holder: name });
      const scheduler = new ReleaseScheduler(
        { lease, service, redis: redisClient, now: clock.now, logger },
        { tickMs: 60_000, cursorKey: 'ro:scheduler:windows-until', ...options },
      );
      return { service, scheduler, lease, store };
    },
    subjects() {
      return remote.git(['log', '--format=%s', remote.branch], remote.url).split('\n');
    },
    fileAtHead(path) {
      return remote.git(['show', `${remote.branch}:gitops/${path}`], remote.url);
    },
    async stop() {
      await outbox.stop();
      gateway.close();
      await relays?.stop();
      await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
      await redis.remove();
      remote.remove();
      for (const dir of temp) dir.remove();
      pki.remove();
    },
  };
}
