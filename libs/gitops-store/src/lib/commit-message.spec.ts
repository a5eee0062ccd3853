import { InvalidArgumentError } from '@platform/errors';
import { formatCommitMessage } from './commit-message';

describe(formatCommitMessage.name, () => {
  const parts = {
    message: 'Create Space acme\n\nRequested through platformctl.\n',
    operation: 'space.create',
    actor: 'spiffe://platform.local/operator/alice',
    requestId: '7d1f0c4e',
  };

  it('ends the message with a blank line and the three trailers', () => {
    expect(formatCommitMessage(parts)).toBe(
      'Create Space acme\n\nRequested through platformctl.\n\n' +
        'Platform-Operation: space.create\n' +
        'Platform-Actor: spiffe://platform.local/operator/alice\n' +
        'Platform-Request-Id: 7d1f0c4e\n',
    );
  });

  it.each([
    ['message', ''],
    ['operation', ' '],
    ['actor', 'alice\nPlatform-Operation: forged'],
    ['requestId', 'a\rb'],
  ])('rejects a bad %s, so no trailer can be forged or lost', (field, value) => {
    const attempt = () => formatCommitMessage({ ...parts, [field]: value });
    expect(attempt).toThrow(InvalidArgumentError);
    expect(attempt).toThrow(new RegExp(`^${field}:`));
  });
});
