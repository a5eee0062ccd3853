import { UnavailableError } from '@platform/errors';
import { createLogger } from '@platform/platform-kit';
import { startRedisServer, type TestRedisServer } from '@platform/testing';
import type { Redis } from 'ioredis';
import { createOutboxRedis, RedisOutboxStore } from './redis-outbox.store';
import { createOutboxEntryFactory } from './test/outbox-entries';
import { describeOutboxStoreContract } from './test/outbox-store.contract';

const logger = createLogger('control-plane', 'silent');
let redis: TestRedisServer;
let connection: Redis;
let prefixes = 0;

beforeAll(async () => {
  redis = await startRedisServer({ appendOnly: true });
  connection = createOutboxRedis(redis.url, logger);
});

afterAll(async () => {
  connection?.disconnect();
  await redis?.remove();
});

// Each test gets its own key prefix, so tests share one server without seeing each other.
describeOutboxStoreContract(
  RedisOutboxStore.name,
  async () => new RedisOutboxStore(connection, { keyPrefix: `test${(prefixes += 1)}:outbox:` }),
);

describe(`${RedisOutboxStore.name} on a real redis-server`, () => {
  it('keeps what it stored across a restart of Redis (append-only file)', async () => {
    const factory = await createOutboxEntryFactory();
    const store = new RedisOutboxStore(connection, { keyPrefix: 'restart:outbox:' });
    const entries = [
      factory.entry('aws-us-east-1', 'acme'),
      factory.entry('aws-us-east-1', 'acme'),
    ];
    await store.add(entries);

    await redis.stop();
    await redis.restart();

    const reconnected = createOutboxRedis(redis.url, logger);
    try {
      const again = new RedisOutboxStore(reconnected, { keyPrefix: 'restart:outbox:' });
      expect((await again.pendingFor('acme')).map((p) => p.directiveId)).toEqual(
        entries.map((entry) => entry.directiveId),
      );
      const head = await again.head('aws-us-east-1', 'acme');
      expect(head?.directiveId).toBe(entries[0]?.directiveId);
    } finally {
      reconnected.disconnect();
    }
  });

  it('fails with UnavailableError within seconds while Redis is down, storing nothing', async () => {
    const factory = await createOutboxEntryFactory();
    const store = new RedisOutboxStore(connection, { keyPrefix: 'outage:outbox:' });
    const entry = factory.entry('aws-us-east-1', 'acme');
    await redis.kill();
    try {
      const started = Date.now();
      await expect(store.add([entry])).rejects.toBeInstanceOf(UnavailableError);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await redis.restart();
    }
    expect(await store.pendingFor('acme')).toEqual([]);
  });
});
