import { PermissionDeniedError } from '@platform/errors';
import type { Redis } from 'ioredis';

export interface LeaseOptions {
  /** Key prefix, e.g. `ro:`. */
  prefix: string;
  /** How long the lease lasts without renewal. */
  leaseMs: number;
  /** This replica's name, unique among the replicas (e.g. host and pid). */
  holder: string;
}

// Takes the free lease with a new fencing token, or renews our own; 0 when another holds it.
const ACQUIRE = `
local current = redis.call('GET', KEYS[1])
if current then
  local holder, token = string.match(current, '^(.*)|(%d+)$')
  if holder == ARGV[1] then
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    return tonumber(token)
  end
  return 0
end
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1] .. '|' .. token, 'PX', ARGV[2])
return token
`;

const HELD = `
local current = redis.call('GET', KEYS[1])
if current == ARGV[1] then return 1 end
return 0
`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/**
 * One active orchestrator: a Redis lease that carries a fencing token, a number that grows each
 * time the lease changes hands. The holder proves its token before every commit (and writes it
 * into the tree), so a holder that paused past its lease cannot commit after its successor.
 */
export class RedisLease {
  constructor(
    private readonly redis: Redis,
    private readonly options: LeaseOptions,
  ) {}

  /** Takes or renews the lease; its fencing token, or undefined when another replica holds it. */
  async acquire(): Promise<number | undefined> {
    const token = (await this.redis.eval(
      ACQUIRE,
      2,
      this.key,
      `${this.options.prefix}lease:fencing`,
      this.options.holder,
      String(this.options.leaseMs),
    )) as number;
    return token > 0 ? token : undefined;
  }

  /** @throws PermissionDeniedError when the lease with `token` is no longer ours */
  async assertHeld(token: number): Promise<void> {
    const held = await this.redis.eval(HELD, 1, this.key, `${this.options.holder}|${token}`);
    if (held !== 1) {
      throw new PermissionDeniedError(
        `lease with fencing token ${token} is no longer held by ${this.options.holder}`,
      );
    }
  }

  /** Gives the lease up (on shutdown), so another replica takes over at once. */
  async release(token: number): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.key, `${this.options.holder}|${token}`);
  }

  private get key(): string {
    return `${this.options.prefix}lease`;
  }
}
