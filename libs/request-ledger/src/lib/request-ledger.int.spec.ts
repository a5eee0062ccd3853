import { InvalidArgumentError, UnavailableError } from '@platform/errors';
import { startRedisServer, type TestRedisServer } from '@platform/testing';
import { Redis } from 'ioredis';
import { RequestLedger } from './request-ledger';

describe(RequestLedger.name, () => {
  let server: TestRedisServer;
  let redis: Redis;
  let now = 1_000_000;
  const ledger = () =>
    new RequestLedger<{ commit: string }, { pending: string[] }>(
      redis,
      { prefix: 'test:request:', leaseMs: 10_000, retentionSeconds: 3600 },
      () => now,
    );

  beforeAll(async () => {
    server = await startRedisServer();
    redis = new Redis(server.url, { maxRetriesPerRequest: 1 });
  });

  afterAll(async () => {
    redis.disconnect();
    await server.remove();
  });

  it('hands a new id to one caller, keeps others waiting, and answers every later call with the result', async () => {
    const first = await ledger().claim('r-1', 'same');
    expect(first).toMatchObject({ kind: 'new', resumed: false });
    expect(await ledger().claim('r-1', 'same')).toEqual({ kind: 'busy' });
    if (first.kind !== 'new') throw new Error('unreachable');
    expect(await ledger().committed('r-1', first.token, { pending: ['d1'] })).toBe(true);
    expect(await ledger().done('r-1', first.token, { commit: 'abc' })).toBe(true);
    expect(await ledger().claim('r-1', 'same')).toEqual({
      kind: 'done',
      outcome: { commit: 'abc' },
    });
  });

  it('refuses the same id for another request, naming request_id', async () => {
    await ledger().claim('r-2', 'one');
    await expect(ledger().claim('r-2', 'other')).rejects.toThrow(InvalidArgumentError);
    await expect(ledger().claim('r-2', 'other')).rejects.toThrow(/request_id/);
  });

  it('lets a caller take over a dead holder: before its commit as resumed, after it with what is left', async () => {
    const dead = await ledger().claim('r-3', 'f');
    now += 20_000;
    const taker = await ledger().claim('r-3', 'f');
    expect(taker).toMatchObject({ kind: 'new', resumed: true });
    if (dead.kind !== 'new' || taker.kind !== 'new') throw new Error('unreachable');
    // The dead holder's lease is gone: it may not record anything any more.
    expect(await ledger().committed('r-3', dead.token, { pending: [] })).toBe(false);
    expect(await ledger().committed('r-3', taker.token, { pending: ['d9'] })).toBe(true);
    now += 20_000;
    expect(await ledger().claim('r-3', 'f')).toMatchObject({
      kind: 'committed',
      pending: { pending: ['d9'] },
    });
  });

  it('gives an id back when the call failed before committing, so a retry starts at once', async () => {
    const claim = await ledger().claim('r-4', 'f');
    if (claim.kind !== 'new') throw new Error('unreachable');
    await ledger().release('r-4', claim.token);
    expect(await ledger().claim('r-4', 'f')).toMatchObject({ kind: 'new', resumed: false });
  });

  it('keeps an empty list an empty list through Redis', async () => {
    const claim = await ledger().claim('r-5', 'f');
    if (claim.kind !== 'new') throw new Error('unreachable');
    await ledger().done('r-5', claim.token, { commit: '', directives: [] } as never);
    expect(await ledger().claim('r-5', 'f')).toEqual({
      kind: 'done',
      outcome: { commit: '', directives: [] },
    });
  });

  it('reports a Redis it cannot reach as UnavailableError', async () => {
    const unreachable = new Redis('redis://127.0.0.1:1', {
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      lazyConnect: true,
    });
    const offline = new RequestLedger(unreachable, {
      prefix: 'x:',
      leaseMs: 1000,
      retentionSeconds: 60,
    });
    await expect(offline.claim('r', 'f')).rejects.toThrow(UnavailableError);
    unreachable.disconnect();
  });
});
