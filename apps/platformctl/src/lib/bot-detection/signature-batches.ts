import type { botDetectionV1alpha1 as bd } from '@platform/contracts';
import { recordMalformed, type ImportTally } from './import-tally';
import { parseSignatureLine, type LineDefaults } from './signature-line';

/** The contract's limit on signatures per ImportSignatures message. */
export const MAX_BATCH_SIZE = 1000;

export interface BatchOptions {
  batchSize?: number;
  /** Stop at the first malformed line (the lines before it are still sent). */
  strict?: boolean;
  defaults?: LineDefaults;
}

/**
 * Turns the lines of a signature file into batches of at most `batchSize` signatures, as they are
 * read: only one batch is held at a time, so a feed of millions of lines needs no more memory
 * than a small one. Malformed lines are counted in `tally` with their line number and skipped,
 * or end the batches under `strict`.
 */
export async function* signatureBatches(
  lines: AsyncIterable<string>,
  tally: ImportTally,
  options: BatchOptions = {},
): AsyncGenerator<bd.Signature[]> {
  const batchSize = Math.min(options.batchSize ?? MAX_BATCH_SIZE, MAX_BATCH_SIZE);
  let batch: bd.Signature[] = [];
  for await (const text of lines) {
    tally.lines += 1;
    const parsed = parseSignatureLine(text, options.defaults);
    if (parsed.kind === 'blank') continue;
    if (parsed.kind === 'malformed') {
      recordMalformed(tally, tally.lines, parsed.problem);
      if (options.strict) {
        tally.stoppedAtLine = tally.lines;
        break;
      }
      continue;
    }
    batch.push(parsed.signature);
    if (batch.length === batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
