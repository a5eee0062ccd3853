import { Clock } from '../app/clock';

/** A clock that moves only when told to. */
export class FakeClock extends Clock {
  constructor(private ms = Date.UTC(2026, 10, 23, 9, 0, 0)) {
    super();
  }

  nowMs(): number {
    return this.ms;
  }

  advance(ms: number): void {
    this.ms += ms;
  }
}
