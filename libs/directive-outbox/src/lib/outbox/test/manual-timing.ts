import type { OutboxTiming } from '../outbox-timing';

interface Sleeper {
  until: number;
  resolve: () => void;
}

/**
 * Time that moves only when a test says so. `sleeps` records every delay asked for, so a test
 * can read the backoff; `random` is fixed (0.5 unless set) so the jitter is known.
 */
export class ManualTiming implements OutboxTiming {
  private clock = 1_700_000_000_000;
  private sleepers: Sleeper[] = [];
  readonly sleeps: number[] = [];
  randomValue = 0.5;

  now(): number {
    return this.clock;
  }

  random(): number {
    return this.randomValue;
  }

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    return new Promise<void>((resolve) => {
      const sleeper = { until: this.clock + ms, resolve };
      this.sleepers.push(sleeper);
      signal.addEventListener('abort', () => {
        this.sleepers = this.sleepers.filter((other) => other !== sleeper);
        resolve();
      });
    });
  }

  /** Moves the clock and wakes every sleeper that is due. */
  advance(ms: number): void {
    this.clock += ms;
    const due = this.sleepers.filter((sleeper) => sleeper.until <= this.clock);
    this.sleepers = this.sleepers.filter((sleeper) => sleeper.until > this.clock);
    for (const sleeper of due) sleeper.resolve();
  }
}
