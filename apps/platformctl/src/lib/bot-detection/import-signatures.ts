import { GrpcCallError } from '../control-plane/grpc-call.error';
import type { BotDetectionApi } from './bot-detection.client';
import { importSummary, type ImportSummary } from './import-summary';
import type { ShowProgress } from './import-progress';
import { newTally } from './import-tally';
import { locateRefusals } from './locate-refusals';
import { signatureBatches, type BatchOptions } from './signature-batches';
import type { SignatureInput } from './signature-input';

export interface ImportRequest extends BatchOptions {
  pop: string;
  input: SignatureInput;
}

/**
 * Streams a signature file into a PoP's bot-detection service in batches as it reads it, showing
 * progress, and sums up what was accepted and what was rejected, with the lines to fix.
 */
export async function importSignatures(
  api: BotDetectionApi,
  request: ImportRequest,
  progress: ShowProgress,
  now: () => number = Date.now,
): Promise<ImportSummary> {
  const started = now();
  const tally = newTally();
  const from = request.input.name === '-' ? 'standard input' : request.input.name;
  const answer = await progress(
    `Importing signatures from ${from} into ${request.pop}`,
    tally,
    () =>
      api
        .importSignatures(signatureBatches(request.input.lines(), tally, request), (count) => {
          tally.sent += count;
        })
        .catch((error: unknown) => {
          throw tally.sent > 0 ? partlySent(error, tally.sent) : error;
        }),
    (result) =>
      `Imported signatures into ${request.pop}: ${result.imported} accepted, ` +
      `${result.rejected + tally.malformed} rejected`,
  );
  const refusals = await locateRefusals(
    answer.rejections,
    request.input.reread,
    request.defaults ?? {},
  );
  return importSummary(
    { pop: request.pop, input: request.input.name },
    tally,
    answer,
    refusals,
    now() - started,
  );
}

/** The service stores batches as they arrive: say that a failed import may have left some. */
function partlySent(error: unknown, sent: number): unknown {
  const note = `(${sent} signatures were sent before the failure and may be stored: imports are not atomic)`;
  if (error instanceof GrpcCallError) {
    return new GrpcCallError(error.code, error.details, `${error.message} ${note}`);
  }
  return error instanceof Error ? new Error(`${error.message} ${note}`) : error;
}
