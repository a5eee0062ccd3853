import type { botDetectionV1alpha1 as bd } from '@platform/contracts';
import type { LineProblem } from './import-tally';
import { parseSignatureLine, type LineDefaults } from './signature-line';

/**
 * The service names a refused signature by id only. Rather than remember the line of every id
 * sent (memory in proportion to the feed), this reads the input a second time, once the import is
 * over and only if something was refused, and gives each refusal the line its id came from
 * (`reread` is undefined for standard input, which cannot be read twice: no line then). An id on
 * several lines gives its refusals those lines in order, as the service lists them in stream order.
 */
export async function locateRefusals(
  refusals: readonly bd.SignatureRejection[],
  reread: (() => AsyncIterable<string>) | undefined,
  defaults: LineDefaults,
): Promise<LineProblem[]> {
  const located: LineProblem[] = refusals.map((refusal) => ({
    id: refusal.signatureId,
    problem: refusal.problem,
  }));
  if (!reread || located.length === 0) return located;
  const waiting = new Map<string, LineProblem[]>();
  for (const problem of located) {
    const queue = waiting.get(problem.id ?? '') ?? [];
    queue.push(problem);
    waiting.set(problem.id ?? '', queue);
  }
  let line = 0;
  for await (const text of reread()) {
    line += 1;
    const parsed = parseSignatureLine(text, defaults);
    if (parsed.kind !== 'signature') continue;
    const queue = waiting.get(parsed.signature.id);
    const next = queue?.shift();
    if (next) next.line = line;
    if (queue?.length === 0) waiting.delete(parsed.signature.id);
    if (waiting.size === 0) break;
  }
  return located;
}
