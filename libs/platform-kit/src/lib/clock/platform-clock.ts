import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';

/** The time a service acts on (maintenance windows, trains, timestamps in commits). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * A virtual time line: at real instant `realAnchor` it was `virtualAnchor`, and since then
 * virtual time has run `rate` times as fast as real time.
 */
const clockFileSchema = z.object({
  realAnchor: z.iso.datetime({ offset: true }),
  virtualAnchor: z.iso.datetime({ offset: true }),
  rate: z.number().positive().max(1_000_000),
});

export type ClockFile = z.infer<typeof clockFileSchema>;

/** How often the clock file is looked at again: a demo's jump reaches every service this fast. */
const recheckMs = 200;

/**
 * A clock driven by a JSON file, for development and demos only (`npm start` passes
 * `PLATFORM_CLOCK_FILE`, `npm run demo` writes the file). Without the file, real time. Every
 * service of one machine reads the same file, so the orchestrator opening a window and the
 * agent checking it agree on the time. Time never runs backwards: a file that would move it
 * back is held at the latest instant seen, since the scheduler's cursor only moves forward.
 */
export class FileClock implements Clock {
  private timeline?: ClockFile;
  private checkedAt = 0;
  private modifiedAt = -1;
  private latest = 0;

  constructor(
    private readonly file: string,
    private readonly onProblem: (message: string) => void = () => undefined,
  ) {}

  now(): Date {
    const real = Date.now();
    if (real - this.checkedAt >= recheckMs) this.reload(real);
    const virtual = this.timeline ? virtualTime(this.timeline, real) : real;
    this.latest = Math.max(this.latest, virtual);
    return new Date(this.latest);
  }

  private reload(real: number): void {
    this.checkedAt = real;
    let modifiedAt: number;
    try {
      modifiedAt = statSync(this.file).mtimeMs;
    } catch {
      this.timeline = undefined;
      this.modifiedAt = -1;
      return;
    }
    if (modifiedAt === this.modifiedAt) return;
    this.modifiedAt = modifiedAt;
    try {
      this.timeline = clockFileSchema.parse(JSON.parse(readFileSync(this.file, 'utf8')));
    } catch (error) {
      // A half-written or broken file keeps the previous time line rather than jumping.
      this.onProblem(`clock file ${this.file} ignored: ${(error as Error).message}`);
    }
  }
}

/** Virtual milliseconds since the epoch at real instant `realMs` on `timeline`. */
export function virtualTime(timeline: ClockFile, realMs: number): number {
  const elapsed = realMs - Date.parse(timeline.realAnchor);
  return Date.parse(timeline.virtualAnchor) + elapsed * timeline.rate;
}

/** The clock a service should use: the file's when `PLATFORM_CLOCK_FILE` is set, else real time. */
export function clockFor(file: string | undefined, onProblem?: (message: string) => void): Clock {
  return file ? new FileClock(file, onProblem) : systemClock;
}
