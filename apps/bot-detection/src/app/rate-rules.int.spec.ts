import { status as GrpcStatus } from '@grpc/grpc-js';
import { botDetectionV1alpha1 } from '@platform/contracts';
import { Redis } from 'ioredis';
import { firstValueFrom } from 'rxjs';
import {
  blockSignature,
  checkRequest,
  hashedUser,
  importSignatures,
  startBotDetectionFixture,
  type BotDetectionClient,
  type BotDetectionFixture,
} from '../test/bot-detection-fixture';
import { FakeClock } from '../test/fake-clock';

const { Action, AuthEvent, LoginOutcome, Reason } = botDetectionV1alpha1;
const DAY_MS = 24 * 60 * 60 * 1000;
const SPACE = 'acme-prod';

describe('rate rules (real Redis, injected clock)', () => {
  let fixture: BotDetectionFixture;
  let clock: FakeClock;
  let agent: BotDetectionClient;
  let central: BotDetectionClient;
  let ipCounter = 0;

  beforeAll(async () => {
    clock = new FakeClock();
    fixture = await startBotDetectionFixture({ clock });
    agent = await fixture.client(fixture.pki.space(SPACE));
    central = await fixture.client(fixture.pki.central('control-plane'));
  });

  afterAll(() => fixture.stop());

  /** A fresh IP per test, so tests do not share counters. */
  function freshIp(): string {
    ipCounter++;
    return `203.0.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`;
  }

  const check = (overrides: Partial<botDetectionV1alpha1.CheckRequest>) =>
    firstValueFrom(agent.check(checkRequest(overrides)));
  const report = (
    ip: string,
    user: string,
    outcome: botDetectionV1alpha1.LoginOutcome,
    event = AuthEvent.AUTH_EVENT_LOGIN,
  ) =>
    firstValueFrom(
      agent.reportLoginOutcome({
        space: SPACE,
        ip,
        hashedUserId: hashedUser(user),
        outcome,
        event,
      }),
    );
  async function fail(ip: string, user: string, times: number) {
    for (let attempt = 0; attempt < times; attempt++)
      await report(ip, user, LoginOutcome.LOGIN_OUTCOME_FAILURE);
  }

  describe('brute force', () => {
    it('blocks a user from an IP after the 10th failed login, and only from that IP', async () => {
      const ip = freshIp();
      await fail(ip, 'alice', 9);
      await expect(check({ ip, hashedUserId: hashedUser('alice') })).resolves.toMatchObject({
        action: Action.ACTION_ALLOW,
      });
      await fail(ip, 'alice', 1);
      await expect(check({ ip, hashedUserId: hashedUser('alice') })).resolves.toMatchObject({
        action: Action.ACTION_BLOCK,
        reasons: [Reason.REASON_BRUTE_FORCE],
      });
      await expect(
        check({ ip: freshIp(), hashedUserId: hashedUser('alice') }),
      ).resolves.toMatchObject({ action: Action.ACTION_ALLOW });
      await expect(check({ ip, hashedUserId: hashedUser('bob') })).resolves.toMatchObject({
        action: Action.ACTION_ALLOW,
      });
    });

    it('counts consecutive failures: a successful login starts the count again', async () => {
      const ip = freshIp();
      await fail(ip, 'carol', 9);
      await report(ip, 'carol', LoginOutcome.LOGIN_OUTCOME_SUCCESS);
      await fail(ip, 'carol', 9);
      await expect(check({ ip, hashedUserId: hashedUser('carol') })).resolves.toMatchObject({
        action: Action.ACTION_ALLOW,
      });
    });

    it('lifts the block after 30 days', async () => {
      const ip = freshIp();
      await fail(ip, 'dave', 10);
      clock.advance(30 * DAY_MS - 1);
      await expect(check({ ip, hashedUserId: hashedUser('dave') })).resolves.toMatchObject({
        action: Action.ACTION_BLOCK,
      });
      clock.advance(1);
      await expect(check({ ip, hashedUserId: hashedUser('dave') })).resolves.toMatchObject({
        action: Action.ACTION_ALLOW,
      });
    });

    it('lifts the block after a successful password reset', async () => {
      const ip = freshIp();
      await fail(ip, 'erin', 10);
      await report(
        ip,
        'erin',
        LoginOutcome.LOGIN_OUTCOME_SUCCESS,
        AuthEvent.AUTH_EVENT_PASSWORD_RESET,
      );
      await expect(check({ ip, hashedUserId: hashedUser('erin') })).resolves.toMatchObject({
        action: Action.ACTION_ALLOW,
      });
    });

    it('lifts the block on Unblock by user, and says how many it lifted', async () => {
      const [ip1, ip2] = [freshIp(), freshIp()];
      await fail(ip1, 'frank', 10);
      await fail(ip2, 'frank', 10);
      await expect(
        firstValueFrom(
          central.unblock({ space: SPACE, ip: '', hashedUserId: hashedUser('frank') }),
        ),
      ).resolves.toEqual({ cleared: 2 });
      await expect(check({ ip: ip1, hashedUserId: hashedUser('frank') })).resolves.toMatchObject({
        action: Action.ACTION_ALLOW,
      });
      await expect(check({ ip: ip2, hashedUserId: hashedUser('frank') })).resolves.toMatchObject({
        action: Action.ACTION_ALLOW,
      });
    });

    it('never stores the user id in clear', async () => {
      const ip = freshIp();
      await fail(ip, 'grace', 10);
      const redis = new Redis(fixture.redis.url);
      try {
        const keys = await redis.keys('*');
        const dump =
          keys.join('\n') +
          (
            await Promise.all(
              keys
                .filter((k) => k.includes(':bf'))
                .map((k) =>
                  redis
                    .hgetall(k)
                    .then(JSON.stringify)
                    .catch(() => ''),
                ),
            )
          ).join('');
        expect(dump).not.toContain(hashedUser('grace'));
        expect(keys.some((key) => key.includes(':bf:acme-prod:'))).toBe(true);
      } finally {
        redis.disconnect();
      }
    });
  });

  describe('suspicious-IP throttling', () => {
    it('throttles logins from an IP after 100 failures, restoring one attempt every 14.4 minutes', async () => {
      const ip = freshIp();
      for (let user = 0; user < 100; user++) await fail(ip, `user-${user % 50}-${user}`, 1);
      const throttled = await check({ ip, hashedUserId: hashedUser('new-user') });
      expect(throttled).toMatchObject({
        action: Action.ACTION_THROTTLE,
        reasons: [Reason.REASON_SUSPICIOUS_IP_THROTTLE],
        retryAfterSeconds: 864,
      });
      clock.advance(14.4 * 60 * 1000);
      await expect(check({ ip, hashedUserId: hashedUser('new-user') })).resolves.toMatchObject({
        action: Action.ACTION_ALLOW,
      });
      await fail(ip, 'new-user', 1);
      await expect(check({ ip, hashedUserId: hashedUser('new-user') })).resolves.toMatchObject({
        action: Action.ACTION_THROTTLE,
      });
    });

    it('throttles the 51st signup from an IP within a minute, and lets the next one through 1.2 s later', async () => {
      const ip = freshIp();
      const signup = () => check({ ip, event: AuthEvent.AUTH_EVENT_SIGNUP, hashedUserId: '' });
      for (let attempt = 0; attempt < 50; attempt++) {
        await expect(signup()).resolves.toMatchObject({ action: Action.ACTION_ALLOW });
      }
      await expect(signup()).resolves.toMatchObject({
        action: Action.ACTION_THROTTLE,
        reasons: [Reason.REASON_SIGNUP_RATE],
        retryAfterSeconds: 2,
      });
      clock.advance(1_200);
      await expect(signup()).resolves.toMatchObject({ action: Action.ACTION_ALLOW });
      await expect(signup()).resolves.toMatchObject({ action: Action.ACTION_THROTTLE });
    });

    it('counts concurrent signups exactly: 60 at once from one IP, 50 allowed', async () => {
      const ip = freshIp();
      const verdicts = await Promise.all(
        Array.from({ length: 60 }, () =>
          check({ ip, event: AuthEvent.AUTH_EVENT_SIGNUP, hashedUserId: '' }),
        ),
      );
      const allowed = verdicts.filter((verdict) => verdict.action === Action.ACTION_ALLOW);
      expect(allowed).toHaveLength(50);
    });

    it('lifts an IP throttle on Unblock by IP', async () => {
      const ip = freshIp();
      for (let user = 0; user < 100; user++) await fail(ip, `u${user}`, 1);
      await expect(
        firstValueFrom(central.unblock({ space: SPACE, ip, hashedUserId: '' })),
      ).resolves.toEqual({ cleared: 1 });
      await expect(check({ ip })).resolves.toMatchObject({ action: Action.ACTION_ALLOW });
    });
  });

  describe('allowlist', () => {
    it('bypasses brute force, IP throttling and signatures for the listed ranges', async () => {
      const ip = '192.0.2.77';
      await importSignatures(central, [blockSignature('office-listed', '192.0.2.0/24')]);
      await fail(ip, 'heidi', 10);
      await expect(check({ ip, hashedUserId: hashedUser('heidi') })).resolves.toMatchObject({
        action: Action.ACTION_BLOCK,
      });
      const added = await firstValueFrom(
        central.addAllowlistEntries({
          space: SPACE,
          entries: [{ ipRange: '192.0.2.0/25', comment: 'office' }],
        }),
      );
      expect(added.entries.map((entry) => entry.ipRange)).toEqual(['192.0.2.0/25']);
      await eventuallyExpect(() => check({ ip, hashedUserId: hashedUser('heidi') }), {
        action: Action.ACTION_ALLOW,
        reasons: [Reason.REASON_ALLOWLISTED],
      });
      // Outside the listed /25 the signature still applies.
      await expect(check({ ip: '192.0.2.200' })).resolves.toMatchObject({
        action: Action.ACTION_BLOCK,
      });
    });

    it('holds at most 100 entries and adds nothing when a change would pass that', async () => {
      const space = 'globex-prod';
      const entries = (from: number, count: number) =>
        Array.from({ length: count }, (_, i) => ({
          ipRange: `10.1.${from + i}.0/24`,
          comment: '',
        }));
      await firstValueFrom(central.addAllowlistEntries({ space, entries: entries(0, 99) }));
      await expect(
        firstValueFrom(central.addAllowlistEntries({ space, entries: entries(99, 2) })),
      ).rejects.toMatchObject({ code: GrpcStatus.RESOURCE_EXHAUSTED });
      const list = await firstValueFrom(central.getAllowlist({ space }));
      expect(list.entries).toHaveLength(99);
      await expect(
        firstValueFrom(central.addAllowlistEntries({ space, entries: entries(99, 1) })),
      ).resolves.toMatchObject({
        entries: expect.arrayContaining([expect.objectContaining({ ipRange: '10.1.99.0/24' })]),
      });
    });
  });

  it('counts decisions and failures in GetStats', async () => {
    const stats = await firstValueFrom(central.getStats({ space: SPACE, windowMinutes: 60 }));
    expect(stats.checks).toBeGreaterThan(0);
    expect(stats.checks).toBe(stats.allowed + stats.challenged + stats.throttled + stats.blocked);
    expect(stats.loginFailures).toBeGreaterThan(0);
    expect(stats.reasons).toEqual(
      expect.arrayContaining([expect.objectContaining({ reason: Reason.REASON_BRUTE_FORCE })]),
    );
    expect(stats.activeSignatures).toBe(1);
  });
});

async function eventuallyExpect<T>(
  probe: () => Promise<T>,
  expected: Partial<T>,
  timeoutMs = 2_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      expect(await probe()).toMatchObject(expected);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
