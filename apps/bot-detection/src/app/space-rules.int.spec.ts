import { status as GrpcStatus } from '@grpc/grpc-js';
import { botDetectionV1alpha1 } from '@platform/contracts';
import { eventually } from '@platform/testing';
import { firstValueFrom } from 'rxjs';
import {
  checkRequest,
  hashedUser,
  startBotDetectionFixture,
  type BotDetectionClient,
  type BotDetectionFixture,
} from '../test/bot-detection-fixture';
import { FakeClock } from '../test/fake-clock';
import type { EffectiveRules } from './domain/space-rules';
import { SignatureState } from './signatures/signature-state';

const { Action, AuthEvent, LoginOutcome, Reason } = botDetectionV1alpha1;
const HOUR_MS = 60 * 60 * 1000;
const SPACE = 'acme-prod';
const OTHER_SPACE = 'globex-prod';

describe('per-Space rules (real Redis, injected clock)', () => {
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

  function freshIp(): string {
    ipCounter++;
    return `198.18.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`;
  }

  /** Sets the Space's rules and waits until this replica applies them from the feed. */
  async function setRules(
    rules: botDetectionV1alpha1.SpaceRules,
    applied: (rules: EffectiveRules) => boolean,
  ): Promise<botDetectionV1alpha1.SetSpaceRulesResponse> {
    const response = await firstValueFrom(central.setSpaceRules({ space: SPACE, rules }));
    const state = fixture.service.grpc.app.get(SignatureState);
    await eventually(
      async () => {
        if (!applied(state.rules.rulesOf(SPACE))) throw new Error('rules not applied yet');
      },
      2_000,
      10,
    );
    return response;
  }

  const check = (overrides: Partial<botDetectionV1alpha1.CheckRequest>) =>
    firstValueFrom(agent.check(checkRequest(overrides)));
  const fail = async (ip: string, user: string, times = 1) => {
    for (let attempt = 0; attempt < times; attempt++) {
      await firstValueFrom(
        agent.reportLoginOutcome({
          space: SPACE,
          ip,
          hashedUserId: hashedUser(user),
          outcome: LoginOutcome.LOGIN_OUTCOME_FAILURE,
          event: AuthEvent.AUTH_EVENT_LOGIN,
        }),
      );
    }
  };
  const signup = (ip: string) =>
    check({ ip, event: AuthEvent.AUTH_EVENT_SIGNUP, hashedUserId: '' });

  describe('brute force', () => {
    it("blocks at the Space's own number of attempts, and only in that Space", async () => {
      await setRules(
        { bruteForce: { enabled: true, maxAttempts: 3 } },
        (rules) => rules.bruteForce.threshold === 3,
      );
      const ip = freshIp();
      await fail(ip, 'alice', 2);
      await expect(check({ ip, hashedUserId: hashedUser('alice') })).resolves.toMatchObject({
        action: Action.ACTION_ALLOW,
      });
      await fail(ip, 'alice', 1);
      await expect(check({ ip, hashedUserId: hashedUser('alice') })).resolves.toMatchObject({
        action: Action.ACTION_BLOCK,
        reasons: [Reason.REASON_BRUTE_FORCE],
      });
      const rules = await firstValueFrom(central.getSpaceRules({ space: OTHER_SPACE }));
      expect(rules).toMatchObject({
        customized: false,
        rules: { bruteForce: { enabled: true, maxAttempts: 10 } },
      });
    });

    it('never blocks while the Space has turned it off, not even a block started before', async () => {
      await setRules({}, (rules) => rules.bruteForce.enabled && rules.bruteForce.threshold === 10);
      const ip = freshIp();
      await fail(ip, 'bob', 10);
      await expect(check({ ip, hashedUserId: hashedUser('bob') })).resolves.toMatchObject({
        action: Action.ACTION_BLOCK,
      });
      await setRules(
        { bruteForce: { enabled: false, maxAttempts: 0 } },
        (rules) => !rules.bruteForce.enabled,
      );
      await expect(check({ ip, hashedUserId: hashedUser('bob') })).resolves.toMatchObject({
        action: Action.ACTION_ALLOW,
      });
      const other = freshIp();
      await fail(other, 'carol', 25);
      await expect(check({ ip: other, hashedUserId: hashedUser('carol') })).resolves.toMatchObject({
        action: Action.ACTION_ALLOW,
        reasons: [],
      });
    });
  });

  describe('suspicious-IP throttling', () => {
    it("throttles past the Space's daily budget and restores one attempt per day / budget", async () => {
      await setRules(
        { suspiciousIp: { enabled: true, maxFailedLoginsPerDay: 5 } },
        (rules) => rules.failedLogins.limit === 5,
      );
      const ip = freshIp();
      for (let user = 0; user < 4; user++) await fail(ip, `dave-${user}`);
      await expect(check({ ip, hashedUserId: '' })).resolves.toMatchObject({
        action: Action.ACTION_ALLOW,
      });
      await fail(ip, 'dave-4');
      await expect(check({ ip, hashedUserId: '' })).resolves.toMatchObject({
        action: Action.ACTION_THROTTLE,
        reasons: [Reason.REASON_SUSPICIOUS_IP_THROTTLE],
        retryAfterSeconds: (24 * 3600) / 5,
      });
      clock.advance((24 * HOUR_MS) / 5);
      await expect(check({ ip, hashedUserId: '' })).resolves.toMatchObject({
        action: Action.ACTION_ALLOW,
      });
    });

    it('never throttles while the Space has turned it off', async () => {
      await setRules(
        {
          suspiciousIp: { enabled: false, maxFailedLoginsPerDay: 5 },
          bruteForce: { enabled: true, maxAttempts: 10 },
        },
        (rules) => !rules.failedLogins.enabled,
      );
      const ip = freshIp();
      for (let user = 0; user < 120; user++) await fail(ip, `erin-${user}`);
      await expect(check({ ip, hashedUserId: hashedUser('new') })).resolves.toMatchObject({
        action: Action.ACTION_ALLOW,
        reasons: [],
      });
    });
  });

  describe('signup throttling', () => {
    it("throttles past the Space's per-minute budget", async () => {
      await setRules(
        { signup: { enabled: true, maxSignupsPerMinute: 2 } },
        (rules) => rules.signups.limit === 2,
      );
      const ip = freshIp();
      await expect(signup(ip)).resolves.toMatchObject({ action: Action.ACTION_ALLOW });
      await expect(signup(ip)).resolves.toMatchObject({ action: Action.ACTION_ALLOW });
      await expect(signup(ip)).resolves.toMatchObject({
        action: Action.ACTION_THROTTLE,
        reasons: [Reason.REASON_SIGNUP_RATE],
        retryAfterSeconds: 30,
      });
      clock.advance(30_000);
      await expect(signup(ip)).resolves.toMatchObject({ action: Action.ACTION_ALLOW });
    });

    it('never throttles while the Space has turned it off', async () => {
      await setRules(
        { signup: { enabled: false, maxSignupsPerMinute: 2 } },
        (rules) => !rules.signups.enabled,
      );
      const ip = freshIp();
      for (let attempt = 0; attempt < 60; attempt++) {
        await expect(signup(ip)).resolves.toMatchObject({ action: Action.ACTION_ALLOW });
      }
    });
  });

  describe('management', () => {
    it('returns the rules in force, defaults filled in, and an empty setting restores the defaults', async () => {
      const set = await setRules(
        { signup: { enabled: true, maxSignupsPerMinute: 7 } },
        (rules) => rules.signups.limit === 7,
      );
      const expected = {
        customized: true,
        rules: {
          bruteForce: { enabled: true, maxAttempts: 10 },
          suspiciousIp: { enabled: true, maxFailedLoginsPerDay: 100 },
          signup: { enabled: true, maxSignupsPerMinute: 7 },
        },
      };
      expect(set).toEqual(expected);
      await expect(firstValueFrom(central.getSpaceRules({ space: SPACE }))).resolves.toEqual(
        expected,
      );
      await setRules({}, (rules) => rules.signups.limit === 50);
      await expect(firstValueFrom(central.getSpaceRules({ space: SPACE }))).resolves.toMatchObject({
        customized: false,
        rules: { signup: { enabled: true, maxSignupsPerMinute: 50 } },
      });
    });

    it('INVALID_ARGUMENT naming the field for an absurd threshold, and nothing changes', async () => {
      await expect(
        firstValueFrom(
          central.setSpaceRules({
            space: SPACE,
            rules: { bruteForce: { enabled: true, maxAttempts: 5000 } },
          }),
        ),
      ).rejects.toMatchObject({
        code: GrpcStatus.INVALID_ARGUMENT,
        details: expect.stringContaining('rules.brute_force.max_attempts: expected 1 to 1000'),
      });
      await expect(firstValueFrom(central.getSpaceRules({ space: SPACE }))).resolves.toMatchObject({
        rules: { bruteForce: { maxAttempts: 10 } },
      });
    });

    it('NOT_FOUND for a Space this PoP does not host; PERMISSION_DENIED for a Space agent', async () => {
      await expect(
        firstValueFrom(central.setSpaceRules({ space: 'initech-prod', rules: {} })),
      ).rejects.toMatchObject({ code: GrpcStatus.NOT_FOUND });
      await expect(
        firstValueFrom(agent.setSpaceRules({ space: SPACE, rules: {} })),
      ).rejects.toMatchObject({ code: GrpcStatus.PERMISSION_DENIED });
      await expect(firstValueFrom(agent.getSpaceRules({ space: SPACE }))).rejects.toMatchObject({
        code: GrpcStatus.PERMISSION_DENIED,
      });
    });
  });
});
