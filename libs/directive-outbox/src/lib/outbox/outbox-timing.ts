/** Time and chance as the outbox sees them, injectable so tests decide when retries happen. */
export interface OutboxTiming {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`, or early (without error) when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** Uniform in [0, 1), for jitter. */
  random(): number;
}

export const systemTiming: OutboxTiming = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      function done(): void {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
    }),
  random: Math.random,
};

/** The system's timing, with whatever `custom` provides instead (methods of an object too). */
export function outboxTiming(custom: Partial<OutboxTiming> = {}): OutboxTiming {
  const {
    now = systemTiming.now,
    sleep = systemTiming.sleep,
    random = systemTiming.random,
  } = custom;
  return {
    now: () => now.call(custom),
    sleep: (ms, signal) => sleep.call(custom, ms, signal),
    random: () => random.call(custom),
  };
}

/**
 * A wait that ends early on {@link Wakeup.wake}. A wake while nobody waits is kept, so a kick
 * that arrives during a dispatch pass makes the next wait return at once.
 */
export class Wakeup {
  private woken = false;
  private release?: () => void;

  wake(): void {
    this.woken = true;
    this.release?.();
  }

  async wait(ms: number, timing: OutboxTiming): Promise<void> {
    if (!this.woken) {
      const controller = new AbortController();
      await new Promise<void>((resolve) => {
        this.release = resolve;
        void timing.sleep(ms, controller.signal).then(resolve, resolve);
      });
      this.release = undefined;
      controller.abort();
    }
    this.woken = false;
  }
}
