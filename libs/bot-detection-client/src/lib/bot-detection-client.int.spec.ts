import { botDetectionV1alpha1 } from '@platform/contracts';
import { createTestPki, freePort, type TestPki } from '@platform/testing';
import { BotDetectionClient } from './bot-detection-client';

describe(`${BotDetectionClient.name} over real gRPC`, () => {
  let pki: TestPki;

  beforeAll(async () => {
    pki = await createTestPki();
  });

  afterAll(() => pki.remove());

  it('fails open within its deadline when nothing listens at the address', async () => {
    const client = BotDetectionClient.connect({
      address: `127.0.0.1:${await freePort()}`,
      tls: await pki.issue(pki.space('acme-prod')),
    });
    try {
      const started = Date.now();
      const verdict = await client.check({
        space: 'acme-prod',
        event: botDetectionV1alpha1.AuthEvent.AUTH_EVENT_LOGIN,
        ip: '192.0.2.1',
        userAgent: '',
        hashedUserId: '',
        fingerprintHash: '',
      });
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(verdict.action).toBe(botDetectionV1alpha1.Action.ACTION_ALLOW);
      expect(verdict.failedOpen?.detail).toMatch(/^failed open: /);
    } finally {
      client.close();
    }
  });
});
