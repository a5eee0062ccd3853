import { createHmac } from 'node:crypto';

/** Users whose stored form is kept; at ~150 bytes each, about 1.5 MB at most. */
export const USER_KEY_CACHE_SIZE = 10_000;

/**
 * The stored form of a user: HMAC-SHA-256 under the PoP secret, scoped to the Space, so a Redis
 * dump does not reveal which users were attacked and the same user in two Spaces gets unrelated
 * keys. A login is usually a Check and then a ReportLoginOutcome for the same user, and an
 * attacked user comes back again and again: the most recent keys are kept (a bounded map,
 * oldest out first), so those calls compute the HMAC once. The map holds nothing the process
 * could not compute itself with the secret it already holds.
 */
export class UserKeys {
  private readonly cache = new Map<string, string>();

  constructor(
    private readonly secret: string,
    private readonly capacity = USER_KEY_CACHE_SIZE,
  ) {}

  /** '-' when the user is unknown (''). */
  of(space: string, hashedUserId: string): string {
    if (hashedUserId === '') return '-';
    const input = `${space}\n${hashedUserId}`;
    const cached = this.cache.get(input);
    if (cached !== undefined) return cached;
    const key = createHmac('sha256', this.secret).update(input).digest('base64url');
    if (this.cache.size >= this.capacity) {
      // Maps iterate in insertion order: the first key is the oldest.
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(input, key);
    return key;
  }

  /** Keys held now (for tests). */
  get size(): number {
    return this.cache.size;
  }
}
