import {
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DirectiveSigner, directiveId } from '@platform/directives';
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
import { CONTROL_PLANE_CONFIG, type ControlPlaneConfig } from './control-plane.config';
import type { ChangeOutcome, CommittedWork } from './fleet/change-outcome';
import { FleetService } from './fleet/fleet.service';
import { ControlPlaneController } from './grpc/control-plane.controller';
import { OperatorAccess } from '@platform/platform-kit';
import { DirectiveOutbox, GrpcRelayGateway, RedisOutboxStore } from '@platform/directive-outbox';
import { RequestLedger } from '@platform/request-ledger';

const CENTRAL_REDIS = Symbol('CENTRAL_REDIS');
const RELAY_GATEWAY = Symbol('RELAY_GATEWAY');
const REQUEST_RETENTION_SECONDS = 7 * 24 * 3600;

/** Starts the outbox with the server and stops it, the relay clients and Redis with it. */
class ControlPlaneLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(DirectiveOutbox) private readonly outbox: DirectiveOutbox,
    @Inject(RELAY_GATEWAY) private readonly gateway: GrpcRelayGateway,
    @Inject(CENTRAL_REDIS) private readonly redis: Redis,
  ) {}

  onApplicationBootstrap(): void {
    this.outbox.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.outbox.stop();
    this.gateway.close();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** Central's provisioning API (`platform.controlplane.v1alpha1.ControlPlaneService`). */
@Module({})
export class ControlPlaneModule {
  static forRoot(config: ControlPlaneConfig): DynamicModule {
    return {
      module: ControlPlaneModule,
      controllers: [ControlPlaneController],
      providers: [
        { provide: CONTROL_PLANE_CONFIG, useValue: config },
        {
          provide: CENTRAL_REDIS,
          // Commands fail fast when Redis is away, so callers get UNAVAILABLE, not a hang.
          useFactory: () =>
            new Redis(config.redisUrl, {
              connectionName: 'control-plane',
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
            new DirectiveOutbox({ store: new RedisOutboxStore(redis), gateway, logger }),
        },
        {
          provide: FleetService,
          inject: [CENTRAL_REDIS, DirectiveOutbox, SERVICE_CLOCK],
          useFactory: (redis: Redis, outbox: DirectiveOutbox, clock: Clock) =>
            new FleetService(
              {
                store: new GitopsStore({
                  ...config.gitops,
                  author: { name: 'Control Plane', email: 'control-plane@platform.invalid' },
                  // Most commits here are the only writer's: fetch when a push loses, not before each.
                  fetchBeforeCommit: false,
                }),
                ledger: new RequestLedger<ChangeOutcome, CommittedWork>(redis, {
                  prefix: 'cp:request:',
                  leaseMs: 120_000,
                  retentionSeconds: REQUEST_RETENTION_SECONDS,
                }),
                signer: directiveSigner(config.directiveSigningKeyFile),
                queue: outbox,
                newDirectiveId: directiveId,
                now: () => clock.now(),
              },
              { readStalenessMs: config.readStalenessMs, busyWaitMs: 10_000 },
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
              'the control plane',
            ),
        },
        ControlPlaneLifecycle,
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
