import { operatorActor } from '../index';

describe(operatorActor.name, () => {
  const identity = {
    subject: 'alice@example.com',
    role: 'admin' as const,
    issuer: 'platform-dev',
    expiresAt: new Date('2030-01-01T00:00:00Z'),
  };

  it('names the subject, role and issuer on one line for the commit trailer', () => {
    expect(operatorActor(identity)).toBe('operator:alice@example.com (admin, issuer platform-dev)');
  });

  it('keeps the actor on one line even if a subject held a line break', () => {
    expect(operatorActor({ ...identity, subject: 'alice\nPlatform-Actor: bob' })).toBe(
      'operator:alice Platform-Actor: bob (admin, issuer platform-dev)',
    );
  });
});
