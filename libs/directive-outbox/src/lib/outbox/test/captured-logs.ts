import { createLogger, type Logger } from '@platform/platform-kit';

/** A real logger whose JSON lines a test can read. */
export function capturedLogger(): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const written: string[] = [];
  const logger = createLogger('control-plane', 'info', {
    write: (line: string) => void written.push(line),
  });
  return {
    logger,
    lines: () => written.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
