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

  it("adds the change's own trailers after the three, in order, a key may repeat", () => {
    const message = formatCommitMessage({
      ...parts,
      trailers: [
        ['Platform-Spaces-Moved', '3'],
        ['Platform-Release-Spaces-Moved', '2026.45.0=2'],
        ['Platform-Release-Spaces-Moved', '2026.46.0=1'],
      ],
    });

    expect(message.split('\n\n').at(-1)).toBe(
      'Platform-Operation: space.create\n' +
        'Platform-Actor: spiffe://platform.local/operator/alice\n' +
        'Platform-Request-Id: 7d1f0c4e\n' +
        'Platform-Spaces-Moved: 3\n' +
        'Platform-Release-Spaces-Moved: 2026.45.0=2\n' +
        'Platform-Release-Spaces-Moved: 2026.46.0=1\n',
    );
  });

  it.each([
    [['Platform Moved', '1'], /^trailers\[0\]: key "Platform Moved" must be letters/],
    [['Moved:', '1'], /^trailers\[0\]: key "Moved:" must be letters/],
    [
      ['platform-request-id', 'other'],
      /^trailers\[0\]: platform-request-id is written by the store/,
    ],
    [['Platform-Moved', '1\nPlatform-Actor: forged'], /^trailers\[0\]: must be one line/],
    [['Platform-Moved', ' '], /^trailers\[0\]: must not be empty/],
  ] as const)('rejects the extra trailer %j, so none can be forged', (trailer, error) => {
    const attempt = () => formatCommitMessage({ ...parts, trailers: [trailer] });
    expect(attempt).toThrow(InvalidArgumentError);
    expect(attempt).toThrow(error);
  });
});
