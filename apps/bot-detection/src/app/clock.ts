import { Injectable } from '@nestjs/common';

/** The time, behind an injectable seam so tests can move it instead of sleeping. */
export abstract class Clock {
  abstract nowMs(): number;
}

@Injectable()
export class SystemClock extends Clock {
  nowMs(): number {
    return Date.now();
  }
}
