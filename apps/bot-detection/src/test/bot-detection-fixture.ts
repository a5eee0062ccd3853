import { botDetectionV1alpha1, grpcPackages } from '@platform/contracts';
import { identitySlug, type WorkloadIdentity } from '@platform/pki';
import { createGrpcServiceClient, createLogger, type ServiceConfig } from '@platform/platform-kit';
import {
  createTestPki,
  freePort,
  startRedisServer,
  type TestPki,
  type TestRedisServer,
  type TestWorkloadTls,
} from '@platform/testing';
import { firstValueFrom, from, type Observable } from 'rxjs';
import type { BotDetectionConfig } from '../app/bot-detection.config';
import type { Clock } from '../app/clock';
import { startBotDetection, type RunningBotDetection } from '../app/start-bot-detection';

export const TEST_POP = 'aws-us-east-1';
export const HOSTED_SPACES = ['acme-prod', 'globex-prod'];
export const TEST_USER_KEY = 'test-only-user-key-0123456789abcdef';

export type BotDetectionClient = botDetectionV1alpha1.BotDetectionServiceClient;

/**
 * A real redis-server (AOF on), a test CA, and bot-detection started in-process over mutual TLS,
 * exactly as main.ts starts it but with an injectable clock.
 */
export interface BotDetectionFixture {
  pki: TestPki;
  redis: TestRedisServer;
  service: RunningBotDetection;
  config: BotDetectionConfig;
  client(identity: WorkloadIdentity): Promise<BotDetectionClient>;
  stop(): Promise<void>;
}

export async function startBotDetectionFixture(
  options: { clock?: Clock } = {},
): Promise<BotDetectionFixture> {
  const pki = await createTestPki();
  const redis = await startRedisServer({ appendOnly: true });
  const tls = await pki.issue(pki.pop(TEST_POP, 'bot-detection'));
  const config: BotDetectionConfig = {
    redisUrl: redis.url,
    pop: TEST_POP,
    hostedSpaces: { kind: 'listed', spaces: new Set(HOSTED_SPACES) },
    userKeySecret: TEST_USER_KEY,
    rulesDeadlineMs: 200,
    http: { host: '127.0.0.1', port: 0 },
  };
  const serviceConfig: ServiceConfig = {
    service: 'bot-detection',
    grpc: { host: '127.0.0.1', port: await freePort() },
    tls,
    trustDomain: pki.trustDomain,
    logLevel: 'silent',
    shutdownGraceMs: 2_000,
  };
  const service = await startBotDetection(serviceConfig, config, {
    clock: options.clock,
    logger: createLogger('bot-detection', 'silent'),
    handleSignals: false,
    defaultMetrics: false,
  });
  const clients = new Map<string, { client: BotDetectionClient; close(): void }>();
  return {
    pki,
    redis,
    service,
    config,
    async client(identity) {
      const key = identitySlug(identity);
      let entry = clients.get(key);
      if (!entry) {
        entry = botDetectionClient(service.grpc.address, await pki.issue(identity));
        clients.set(key, entry);
      }
      return entry.client;
    },
    async stop() {
      for (const { close } of clients.values()) close();
      await service.stop();
      await redis.remove();
      pki.remove();
    },
  };
}

export function botDetectionClient(
  address: string,
  tls: TestWorkloadTls,
): { client: BotDetectionClient; close(): void } {
  return createGrpcServiceClient<BotDetectionClient>({
    address,
    protoPackage: grpcPackages.botDetection,
    serviceName: botDetectionV1alpha1.BOT_DETECTION_SERVICE_NAME,
    tls,
  });
}

/** Sends signatures through ImportSignatures in batches of `batchSize`. */
export function importSignatures(
  client: BotDetectionClient,
  signatures: botDetectionV1alpha1.Signature[],
  batchSize = 1000,
): Promise<botDetectionV1alpha1.ImportSignaturesResponse> {
  const batches: botDetectionV1alpha1.ImportSignaturesRequest[] = [];
  for (let index = 0; index < signatures.length; index += batchSize) {
    batches.push({ signatures: signatures.slice(index, index + batchSize) });
  }
  const stream: Observable<botDetectionV1alpha1.ImportSignaturesRequest> = from(batches);
  return firstValueFrom(client.importSignatures(stream));
}

export function blockSignature(id: string, ipRange: string): botDetectionV1alpha1.Signature {
  return {
    id,
    ipRange,
    source: 'test-feed',
    category: botDetectionV1alpha1.SignatureCategory.SIGNATURE_CATEGORY_ABUSE,
    action: botDetectionV1alpha1.Action.ACTION_BLOCK,
  };
}

/** A Space-side hashed user id (64 lowercase hex characters). */
export function hashedUser(name: string): string {
  return Buffer.from(name.padEnd(32, '.')).toString('hex').slice(0, 64);
}

export function checkRequest(
  overrides: Partial<botDetectionV1alpha1.CheckRequest> = {},
): botDetectionV1alpha1.CheckRequest {
  return {
    space: 'acme-prod',
    event: botDetectionV1alpha1.AuthEvent.AUTH_EVENT_LOGIN,
    ip: '198.51.100.20',
    userAgent: 'Mozilla/5.0',
    hashedUserId: hashedUser('alice'),
    fingerprintHash: '',
    ...overrides,
  };
}
