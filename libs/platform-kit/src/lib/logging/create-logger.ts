import pino, { type Logger } from 'pino';
import type { LogLevel } from '../config/service-config';

export type { Logger } from 'pino';

/**
 * Structured JSON logs on stdout, one object a line, each tagged with the service, so a log
 * pipeline can index them without parsing text.
 */
export function createLogger(
  service: string,
  level: LogLevel = 'info',
  destination?: pino.DestinationStream,
): Logger {
  return pino(
    {
      level,
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
