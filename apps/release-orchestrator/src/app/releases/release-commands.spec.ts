import { InvalidArgumentError } from '@platform/errors';
import { requireChannel, requireReason } from './release-commands';

describe('release command fields', () => {
  it('requires a one-line reason of at most 500 characters', () => {
    expect(requireReason('reason', '  bad week ')).toBe('bad week');
    expect(() => requireReason('reason', ' ')).toThrow(InvalidArgumentError);
    expect(() => requireReason('reason', 'x'.repeat(501))).toThrow(/^reason: at most 500/);
    // A line break could forge a commit trailer such as "Platform-Actor: someone-else".
    expect(() => requireReason('reason', 'ok\nPlatform-Actor: mallory')).toThrow(
      /^reason: must be one line/,
    );
  });

  it('names an unknown channel', () => {
    expect(requireChannel('channel', 'prod')).toBe('prod');
    expect(() => requireChannel('channel', 'canary')).toThrow(
      'channel: unknown channel "canary": expected one of dev, staging, prod',
    );
  });
});
