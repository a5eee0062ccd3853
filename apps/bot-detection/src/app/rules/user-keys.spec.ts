import { createHmac } from 'node:crypto';
import { UserKeys } from './user-keys';

const SECRET = 'test-only-user-key-0123456789abcdef';
const user = (n: number) => n.toString(16).padStart(64, '0');
const hmac = (space: string, hashed: string) =>
  createHmac('sha256', SECRET).update(`${space}\n${hashed}`).digest('base64url');

describe('UserKeys', () => {
  it('is the HMAC-SHA-256 of the Space and the user under the PoP secret, cached or not', () => {
    const keys = new UserKeys(SECRET);
    expect(keys.of('space-a', user(1))).toBe(hmac('space-a', user(1)));
    expect(keys.of('space-a', user(1))).toBe(hmac('space-a', user(1)));
    expect(keys.of('space-b', user(1))).toBe(hmac('space-b', user(1)));
    expect(keys.of('space-b', user(1))).not.toBe(keys.of('space-a', user(1)));
  });

  it("is '-' for an unknown user and caches nothing for it", () => {
    const keys = new UserKeys(SECRET);
    expect(keys.of('space-a', '')).toBe('-');
    expect(keys.size).toBe(0);
  });

  it('keeps at most its capacity, dropping the oldest first, and stays correct past it', () => {
    const keys = new UserKeys(SECRET, 3);
    for (let n = 0; n < 5; n++) keys.of('space-a', user(n));
    expect(keys.size).toBe(3);
    for (let n = 0; n < 5; n++) expect(keys.of('space-a', user(n))).toBe(hmac('space-a', user(n)));
    expect(keys.size).toBe(3);
  });
});
