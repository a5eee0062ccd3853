import { Injectable } from '@nestjs/common';

/** The time, behind an injectable seam so tests can fix it. */
export abstract class Clock {
  abstract now(): Date;
}

@Injectable()
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
