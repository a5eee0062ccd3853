import type { RuleFindings } from '../domain/verdict';

/** What one batched inspection gives a Check: the findings, or why it has none. */
export type BatchedInspection = RuleFindings | 'deadline';

interface Waiter {
  resolve(result: BatchedInspection): void;
  reject(error: unknown): void;
  settled: boolean;
}

/** Most attempts in one script call: enough to amortize a round trip, short enough to stay fast. */
export const MAX_BATCH = 256;

/**
 * Collects the rate-rule inspections of the Checks handled in one turn of the event loop and
 * sends them as one script call when the turn ends (`setImmediate`). Redis runs them in order,
 * atomically, as if each had been its own call, so the result for each attempt is what it would
 * have been alone; what is saved is a command, a round trip, and a timer per Check. One deadline
 * timer covers the whole batch.
 */
export class CheckBatch {
  private keys: string[] = [];
  private args: (string | number)[] = [];
  private waiters: Waiter[] = [];
  private scheduled = false;

  constructor(
    private readonly send: (keys: string[], args: (string | number)[]) => Promise<unknown>,
    private readonly deadlineMs: number,
  ) {}

  /** Queues one attempt's 3 keys and 8 arguments. */
  add(keys: readonly string[], args: readonly (string | number)[]): Promise<BatchedInspection> {
    return new Promise<BatchedInspection>((resolve, reject) => {
      this.keys.push(...keys);
      this.args.push(...args);
      this.waiters.push({ resolve, reject, settled: false });
      if (this.waiters.length >= MAX_BATCH) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const waiters = this.waiters;
    if (waiters.length === 0) return;
    const keys = this.keys;
    const args = this.args;
    this.keys = [];
    this.args = [];
    this.waiters = [];
    const timer = setTimeout(() => {
      for (const waiter of waiters) settle(waiter, (w) => w.resolve('deadline'));
    }, this.deadlineMs);
    this.send(keys, args).then(
      (reply) => {
        clearTimeout(timer);
        const flat = reply as number[];
        waiters.forEach((waiter, index) =>
          settle(waiter, (w) =>
            w.resolve({
              bruteForceBlocked: flat[index * 3] === 1,
              failedLoginRetryMs: flat[index * 3 + 1],
              signupRetryMs: flat[index * 3 + 2],
            }),
          ),
        );
      },
      (error: unknown) => {
        clearTimeout(timer);
        for (const waiter of waiters) settle(waiter, (w) => w.reject(error));
      },
    );
  }
}

function settle(waiter: Waiter, action: (waiter: Waiter) => void): void {
  if (waiter.settled) return;
  waiter.settled = true;
  action(waiter);
}
