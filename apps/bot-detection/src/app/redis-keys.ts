/**
 * Every Redis key of one PoP's bot-detection. All carry the hash tag `{<pop>}`: the multi-key
 * scripts then run on a Redis Cluster too, and PoPs sharing a Redis never meet. The layout is
 * documented in the README.
 */
export class RedisKeys {
  private readonly prefix: string;

  constructor(pop: string) {
    this.prefix = `bd:{${pop}}:`;
  }

  /** HASH signature id → encoded signature: the snapshot a replica loads at start. */
  get signatures(): string {
    return `${this.prefix}sig`;
  }

  /** STREAM of signature and allowlist changes each replica follows from its own position. */
  get feed(): string {
    return `${this.prefix}feed`;
  }

  /** SET of Spaces that have an allowlist. */
  get allowlistSpaces(): string {
    return `${this.prefix}allow-spaces`;
  }

  /** HASH normalized range → JSON `{comment, addedAtMs}`. */
  allowlist(space: string): string {
    return `${this.prefix}allow:${space}`;
  }

  /** HASH Space → JSON of its own rule settings (Spaces on the defaults have no field). */
  get spaceRules(): string {
    return `${this.prefix}rules`;
  }

  /** Prefix of the brute-force HASH of one user: `n:<ip>` failures, `b:<ip>` blocked-until. */
  bruteForcePrefix(space: string): string {
    return `${this.prefix}bf:${space}:`;
  }

  bruteForce(space: string, userKey: string): string {
    return `${this.bruteForcePrefix(space)}${userKey}`;
  }

  /** SET of user keys with brute-force state from one IP (so Unblock by IP finds them). */
  bruteForceByIp(space: string, ipKey: string): string {
    return `${this.prefix}bfip:${space}:${ipKey}`;
  }

  /** GCRA theoretical arrival time (ms) of failed logins from one IP. */
  failedLogins(space: string, ipKey: string): string {
    return `${this.prefix}fail:${space}:${ipKey}`;
  }

  /** GCRA theoretical arrival time (ms) of signups from one IP. */
  signups(space: string, ipKey: string): string {
    return `${this.prefix}signup:${space}:${ipKey}`;
  }

  /** HASH of decision counts for one minute, fields `<space>|<counter>` and `*|<counter>`. */
  stats(minute: number): string {
    return `${this.prefix}stats:${minute}`;
  }
}
