import { InvalidArgumentError, UnavailableError } from '@platform/errors';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/** How a claimed request stands. */
export type Claim<Outcome, Pending> =
  /**
   * The caller owns it now: never seen (`resumed` false), or its last holder died before
   * recording a commit (`resumed` true: that holder may have pushed one, so look in git).
   */
  | { kind: 'new'; token: string; resumed: boolean }
  /** Committed but its directives may not be queued yet: the caller finishes it. */
  | { kind: 'committed'; token: string; pending: Pending }
  /** Finished: the first result, to return again. */
  | { kind: 'done'; outcome: Outcome }
  /** Another call holds it right now. */
  | { kind: 'busy' };

export interface RequestLedgerOptions {
  /** Key prefix, e.g. `cp:request:`. */
  prefix: string;
  /** How long a holder may work before another call may take the request over. */
  leaseMs: number;
  /** How long finished results are kept for retries (git trailers answer after that). */
  retentionSeconds: number;
}

// Claims and takes over in one step, so two replicas never both think they own a request.
const CLAIM = `
local now = tonumber(ARGV[3])
local raw = redis.call('GET', KEYS[1])
if not raw then
  redis.call('SET', KEYS[1], cjson.encode({state = 'started', fingerprint = ARGV[1], token = ARGV[2], leaseUntil = now + tonumber(ARGV[4])}), 'EX', ARGV[5])
  return {'new'}
end
local record = cjson.decode(raw)
if record.fingerprint ~= ARGV[1] then return {'mismatch', record.operation or ''} end
if record.state == 'done' then return {'done', raw} end
if record.state == 'started' and tonumber(record.leaseUntil) > now then return {'busy'} end
if record.state == 'committed' and tonumber(record.leaseUntil) > now then return {'busy'} end
record.token = ARGV[2]
record.leaseUntil = now + tonumber(ARGV[4])
redis.call('SET', KEYS[1], cjson.encode(record), 'EX', ARGV[5])
if record.state == 'committed' then return {'committed', raw} end
return {'resumed'}
`;

// Moves a request on only while the caller still holds it.
const ADVANCE = `
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local record = cjson.decode(raw)
if record.token ~= ARGV[1] then return 0 end
record.state = ARGV[2]
record.leaseUntil = tonumber(ARGV[4]) + tonumber(ARGV[5])
record.data = ARGV[3]
redis.call('SET', KEYS[1], cjson.encode(record), 'EX', ARGV[6])
return 1
`;

const RELEASE = `
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local record = cjson.decode(raw)
if record.token ~= ARGV[1] or record.state ~= 'started' then return 0 end
redis.call('DEL', KEYS[1])
return 1
`;

/**
 * A Central service's memory of requests by their idempotency key, in Redis so it survives
 * restarts and is shared by replicas. A request moves `started` → `committed` (its commit is
 * pushed; the signed directives it owes are recorded) → `done` (directives queued; the result
 * is final). Each step is conditional on the caller's lease, so a call that took over from a
 * dead holder is never overwritten by it.
 */
export class RequestLedger<Outcome, Pending> {
  constructor(
    private readonly redis: Redis,
    private readonly options: RequestLedgerOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Claims `requestId` for a request whose content is `fingerprint`.
   *
   * @throws InvalidArgumentError naming `request_id` when the id was used for another request
   * @throws UnavailableError when Redis cannot be reached (nothing has been done yet)
   */
  async claim(requestId: string, fingerprint: string): Promise<Claim<Outcome, Pending>> {
    const token = randomUUID();
    const reply = (await this.call(CLAIM, requestId, [
      fingerprint,
      token,
      String(this.now()),
      String(this.options.leaseMs),
      String(this.options.retentionSeconds),
    ])) as string[];
    switch (reply[0]) {
      case 'new':
        return { kind: 'new', token, resumed: false };
      case 'resumed':
        return { kind: 'new', token, resumed: true };
      case 'busy':
        return { kind: 'busy' };
      case 'done':
        return { kind: 'done', outcome: dataOf<Outcome>(reply[1]) };
      case 'committed':
        return { kind: 'committed', token, pending: dataOf<Pending>(reply[1]) };
      default:
        throw new InvalidArgumentError(
          'request_id',
          `${JSON.stringify(requestId)} was already used for a different request; use a new id for a new request`,
        );
    }
  }

  /** Records that the request's commit is pushed and what is left to do; false when the lease was lost. */
  committed(requestId: string, token: string, pending: Pending): Promise<boolean> {
    return this.advance(requestId, token, 'committed', pending);
  }

  /** Records the final result; false when the lease was lost. */
  done(requestId: string, token: string, outcome: Outcome): Promise<boolean> {
    return this.advance(requestId, token, 'done', outcome);
  }

  /** Gives a request that failed before committing back, so a retry starts at once. */
  async release(requestId: string, token: string): Promise<void> {
    await this.call(RELEASE, requestId, [token]).catch(() => undefined);
  }

  private async advance(
    requestId: string,
    token: string,
    state: 'committed' | 'done',
    data: unknown,
  ): Promise<boolean> {
    const reply = await this.call(ADVANCE, requestId, [
      token,
      state,
      JSON.stringify(data),
      String(this.now()),
      String(this.options.leaseMs),
      String(this.options.retentionSeconds),
    ]);
    return reply === 1;
  }

  private async call(script: string, requestId: string, args: string[]): Promise<unknown> {
    try {
      return await this.redis.eval(script, 1, `${this.options.prefix}${requestId}`, ...args);
    } catch (error) {
      throw new UnavailableError(
        `the request ledger (Redis) cannot be reached: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }
}

// The data stays a JSON string inside the record: Lua's cjson would turn `[]` into `{}`.
function dataOf<T>(raw: string | undefined): T {
  return JSON.parse((JSON.parse(raw ?? '{}') as { data: string }).data) as T;
}
