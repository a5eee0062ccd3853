import { virtualTime, type ClockFile } from '@platform/platform-kit';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { sleep } from './wait-for';

/**
 * The demo's side of the development clock: every service of the local platform reads
 * `<state>/clock.json` (PLATFORM_CLOCK_FILE); the demo writes it to jump ahead and to run time
 * faster. Time only moves forward: services hold the latest instant they saw, so the demo never
 * sets a time before the current virtual now.
 */
export class DemoClock {
  constructor(private readonly file: string) {}

  /** Virtual now, as the services compute it (real time while there is no file). */
  now(): Date {
    const real = Date.now();
    const timeline = this.read();
    return new Date(timeline ? virtualTime(timeline, real) : real);
  }

  /** From now on, virtual time is `at` and runs `rate` times as fast as real time. */
  set(at: Date, rate: number): Date {
    const real = Date.now();
    const current = this.now().getTime();
    const virtualAnchor = new Date(Math.max(at.getTime(), current));
    const timeline: ClockFile = {
      realAnchor: new Date(real).toISOString(),
      virtualAnchor: virtualAnchor.toISOString(),
      rate,
    };
    // Atomic: a service re-reading the file never sees half of it.
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(timeline, null, 2)}\n`);
    renameSync(temporary, this.file);
    return virtualAnchor;
  }

  /** Back to real-time speed where virtual time is now (nothing jumps while people read). */
  hold(): Date {
    return this.set(this.now(), 1);
  }

  /** Waits (in real time) until virtual time reaches `at`. */
  async waitUntil(at: Date, timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.now().getTime() < at.getTime()) {
      if (Date.now() > deadline) throw new Error(`virtual time did not reach ${at.toISOString()}`);
      await sleep(100);
    }
  }

  private read(): ClockFile | undefined {
    if (!existsSync(this.file)) return undefined;
    return JSON.parse(readFileSync(this.file, 'utf8')) as ClockFile;
  }
}
