import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { PlatformError } from '@platform/errors';
import type { Logger } from 'pino';
import { toHttpStatus } from '../errors/status-mapping';

/** The part of Express's response the filter uses (the kit does not depend on @types/express). */
interface JsonResponse {
  status(code: number): { json(body: unknown): unknown };
}

/**
 * Every error an HTTP handler throws leaves through here: platform errors get their status from
 * the one mapping table, anything else is a 500 whose message stays in the logs.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<JsonResponse>();
    if (error instanceof HttpException) {
      // Nest's own (routing) errors, such as 404 for an unknown path.
      response.status(error.getStatus()).json({ error: error.message });
      return;
    }
    const status = toHttpStatus(error);
    const known = error instanceof PlatformError && error.kind !== 'internal';
    if (!known) this.logger.error({ err: error }, 'unexpected error in an HTTP handler');
    response.status(status).json({ error: known ? error.message : 'internal error' });
  }
}
