import { botDetectionV1alpha1 } from '@platform/contracts';
import { NEVER, of, throwError, type Observable } from 'rxjs';
import { BotDetectionClient } from './bot-detection-client';

const { Action, AuthEvent, Reason } = botDetectionV1alpha1;

const REQUEST: botDetectionV1alpha1.CheckRequest = {
  space: 'acme-prod',
  event: AuthEvent.AUTH_EVENT_LOGIN,
  ip: '192.0.2.1',
  userAgent: 'Mozilla/5.0',
  hashedUserId: '',
  fingerprintHash: '',
};

/** The generated client interface, answering Check with `answer`. */
function service(
  answer: () => Observable<botDetectionV1alpha1.CheckResponse>,
): botDetectionV1alpha1.BotDetectionServiceClient {
  const unused = () => throwError(() => new Error('not used'));
  return {
    check: answer,
    reportLoginOutcome: () => of({}),
    importSignatures: unused,
    removeSignatures: unused,
    getAllowlist: unused,
    addAllowlistEntries: unused,
    removeAllowlistEntries: unused,
    unblock: unused,
    getStats: unused,
    getSpaceRules: unused,
    setSpaceRules: unused,
  };
}

async function metricValue(
  client: BotDetectionClient,
  name: string,
  label: string,
): Promise<number> {
  const metric = (await client.registry.getMetricsAsJSON()).find((m) => m.name === name);
  const value = metric?.values.find((v) => Object.values(v.labels).includes(label));
  return value?.value ?? 0;
}

describe(BotDetectionClient.name, () => {
  it('returns the service verdict when it answers in time', async () => {
    const verdict = {
      action: Action.ACTION_BLOCK,
      reasons: [Reason.REASON_SIGNATURE_MATCH],
      signatureIds: ['tor'],
      retryAfterSeconds: 0,
    };
    const client = new BotDetectionClient(service(() => of(verdict)));
    await expect(client.check(REQUEST)).resolves.toEqual(verdict);
    await expect(
      metricValue(client, 'bot_detection_client_checks_total', Action.ACTION_BLOCK),
    ).resolves.toBe(1);
  });

  it('fails open after the deadline (50 ms by default), saying so', async () => {
    const client = new BotDetectionClient(service(() => NEVER));
    const started = Date.now();
    const verdict = await client.check(REQUEST);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(Date.now() - started).toBeLessThan(500);
    expect(verdict).toMatchObject({
      action: Action.ACTION_ALLOW,
      failedOpen: {
        cause: 'deadline',
        detail: 'failed open: bot-detection did not answer within 50 ms',
      },
    });
    await expect(
      metricValue(client, 'bot_detection_client_failed_open_total', 'deadline'),
    ).resolves.toBe(1);
  });

  it('fails open on an error, naming it', async () => {
    const client = new BotDetectionClient(
      service(() => throwError(() => ({ code: 14, details: 'No connection established' }))),
      { deadlineMs: 20 },
    );
    await expect(client.check(REQUEST)).resolves.toMatchObject({
      action: Action.ACTION_ALLOW,
      failedOpen: {
        cause: 'error',
        detail: 'failed open: bot-detection failed: No connection established (code 14)',
      },
    });
    await expect(
      metricValue(client, 'bot_detection_client_failed_open_total', 'error'),
    ).resolves.toBe(1);
  });

  it('reports login outcomes best effort, never throwing', async () => {
    const failing = service(() => NEVER);
    failing.reportLoginOutcome = () => throwError(() => new Error('unavailable'));
    const client = new BotDetectionClient(failing);
    await expect(
      client.reportLoginOutcome({
        space: 'acme-prod',
        ip: '192.0.2.1',
        hashedUserId: 'a'.repeat(64),
        outcome: botDetectionV1alpha1.LoginOutcome.LOGIN_OUTCOME_FAILURE,
        event: AuthEvent.AUTH_EVENT_LOGIN,
      }),
    ).resolves.toBe(false);
  });
});
