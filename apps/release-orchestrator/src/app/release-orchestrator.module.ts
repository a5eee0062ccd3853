import {
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DirectiveOutbox, GrpcRelayGateway, RedisOutboxStore } from '@platform/directive-outbox';
import { DirectiveSigner } from '@platform/directives';
import { GitopsStore } from '@platform/gitops-store';
import {
  OPERATOR_TOKEN_AUDIENCE,
  OperatorTokenVerifier,
  loadTrustedIssuers,
} from '@platform/operator-auth';
import { signingKeyId } from '@platform/pki';
import {
  SERVICE_CLOCK,
  SERVICE_CONFIG,
  SERVICE_LOGGER,
  type Clock,
  readTlsMaterial,
  type Logger,
  type ServiceConfig,
} from '@platform/platform-kit';
import { Redis } from 'ioredis';
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { ReleaseController } from './grpc/release.controller';
import { OperatorAccess } from '@platform/platform-kit';
import {
  RELEASE_ORCHESTRATOR_CONFIG,
  type ReleaseOrchestratorConfig,
} from './release-orchestrator.config';
import { ChangeRunner, type ReleaseLedger } from './releases/change-runner';
import { ReleaseTree } from './releases/release-tree';
import { ReleaseService } from './releases/release.service';
import { RequestLedger } from '@platform/request-ledger';
import { RedisLease } from './scheduler/redis-lease';
import { ReleaseScheduler } from './scheduler/release-scheduler';

const CENTRAL_REDIS = Symbol('CENTRAL_REDIS');
const RELAY_GATEWAY = Symbol('RELAY_GATEWAY');
const REQUEST_RETENTION_SECONDS = 7 * 24 * 3600;
/** Keys of the orchestrator in Central's Redis (the control plane uses `cp:`). */
const PREFIX = 'ro:';
/**
 * How the outbox sends to each relay. A window tick hands thousands of Spaces their directive in
 * one burst: 250 Spaces' heads per PublishBatch (the gateway's most per call), two calls in
 * flight per PoP, so 2,500 directives take about ten calls.
 */
export const OUTBOX_BATCHING = { batchSize: 250, batchConcurrency: 2 } as const;

/** Starts the outbox and the scheduler with the server, and stops them, the relay clients and Redis with it. */
class ReleaseOrchestratorLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(DirectiveOutbox) private readonly outbox: DirectiveOutbox,
    @Inject(ReleaseScheduler) private readonly scheduler: ReleaseScheduler,
    @Inject(RELAY_GATEWAY) private readonly gateway: GrpcRelayGateway,
    @Inject(CENTRAL_REDIS) private readonly redis: Redis,
  ) {}

  onApplicationBootstrap(): void {
    this.outbox.start();
    this.scheduler.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.scheduler.stop();
    await this.outbox.stop();
    this.gateway.close();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** Central's release orchestrator (`platform.release.v1alpha1.ReleaseService`) and its scheduler. */
@Module({})
export class ReleaseOrchestratorModule {
  static forRoot(config: ReleaseOrchestratorConfig): DynamicModule {
    return {
      module: ReleaseOrchestratorModule,
      controllers: [ReleaseController],
      providers: [
        { provide: RELEASE_ORCHESTRATOR_CONFIG, useValue: config },
        {
          provide: CENTRAL_REDIS,
          useFactory: () =>
            new Redis(config.redisUrl, {
              connectionName: 'release-orchestrator',
              maxRetriesPerRequest: 1,
              retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 1_000),
              connectTimeout: 2_000,
              commandTimeout: 5_000,
            }),
        },
        {
          provide: RELAY_GATEWAY,
          inject: [SERVICE_CONFIG],
          useFactory: (service: ServiceConfig) => {
            const tls = readTlsMaterial(service.tls);
            return new GrpcRelayGateway({
              relays: config.relays,
              tls: { caCertPem: tls.ca, certPem: tls.cert, keyPem: tls.key },
            });
          },
        },
        {
          provide: DirectiveOutbox,
          inject: [CENTRAL_REDIS, RELAY_GATEWAY, SERVICE_LOGGER],
          useFactory: (redis: Redis, gateway: GrpcRelayGateway, logger: Logger) =>
            new DirectiveOutbox({
              store: new RedisOutboxStore(redis),
              gateway,
              logger,
              ...OUTBOX_BATCHING,
            }),
        },
        {
          provide: ReleaseService,
          inject: [CENTRAL_REDIS, DirectiveOutbox, SERVICE_CLOCK],
          useFactory: (redis: Redis, outbox: DirectiveOutbox, clock: Clock) => {
            const store = new GitopsStore({
              ...config.gitops,
              author: {
                name: 'Release Orchestrator',
                email: 'release-orchestrator@platform.invalid',
              },
            });
            const tree = new ReleaseTree();
            const ledger: ReleaseLedger = new RequestLedger(redis, {
              prefix: `${PREFIX}request:`,
              leaseMs: 120_000,
              retentionSeconds: REQUEST_RETENTION_SECONDS,
            });
            const now = () => clock.now();
            const runner = new ChangeRunner({
              store,
              tree,
              ledger,
              signer: directiveSigner(config.directiveSigningKeyFile),
              queue: outbox,
              now,
            });
            return new ReleaseService({
              store,
              tree,
              runner,
              now,
              readStalenessMs: config.readStalenessMs,
              trainMode: config.trainMode,
            });
          },
        },
        {
          provide: ReleaseScheduler,
          inject: [CENTRAL_REDIS, ReleaseService, SERVICE_LOGGER, SERVICE_CLOCK],
          useFactory: (redis: Redis, service: ReleaseService, logger: Logger, clock: Clock) =>
            new ReleaseScheduler(
              {
                lease: new RedisLease(redis, {
                  prefix: PREFIX,
                  leaseMs: config.leaseMs,
                  holder: `${hostname()}:${process.pid}`,
                }),
                service,
                redis,
                now: () => clock.now(),
                logger,
              },
              {
                tickMs: config.schedulerTickMs,
                trainSchedule: config.trainSchedule,
                cursorKey: `${PREFIX}scheduler:windows-until`,
              },
            ),
        },
        {
          provide: OperatorAccess,
          useFactory: async () =>
            new OperatorAccess(
              await OperatorTokenVerifier.create({
                issuers: await loadTrustedIssuers(config.operatorIssuersFile),
                audience: OPERATOR_TOKEN_AUDIENCE,
              }),
              'the release orchestrator',
            ),
        },
        ReleaseOrchestratorLifecycle,
      ],
    };
  }
}

function directiveSigner(file: string): DirectiveSigner {
  const privateKeyPem = readFileSync(file, 'utf8');
  const publicKeyPem = createPublicKey(privateKeyPem)
    .export({ type: 'spki', format: 'pem' })
    .toString();
  return new DirectiveSigner({ keyId: signingKeyId(publicKeyPem), privateKeyPem });
}
