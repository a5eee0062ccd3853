import fc from 'fast-check';
import { newTally } from './import-tally';
import { MAX_BATCH_SIZE, signatureBatches } from './signature-batches';

const good = (n: number) =>
  JSON.stringify({
    kind: 'ip',
    value: `10.0.${n >> 8}.${n & 255}`,
    category: 'bot',
    action: 'block',
    source: 's',
  });
const BAD = '{"kind":"ip","value":"10.0.0.1","category":"bot","action":"allow","source":"s"}';

async function* from(lines: readonly string[]) {
  yield* lines;
}

async function collect(
  lines: readonly string[],
  options: Parameters<typeof signatureBatches>[2] = {},
) {
  const tally = newTally();
  const batches = [];
  for await (const batch of signatureBatches(from(lines), tally, options)) batches.push(batch);
  return { tally, batches };
}

describe(signatureBatches.name, () => {
  it('sends at most 1000 signatures per batch, in file order', async () => {
    const lines = Array.from({ length: 2500 }, (_, n) => good(n));

    const { batches, tally } = await collect(lines);

    expect(batches.map((batch) => batch.length)).toEqual([1000, 1000, 500]);
    expect(batches.flat()[1234]?.ipRange).toBe('10.0.4.210');
    expect(tally).toMatchObject({ lines: 2500, malformed: 0 });
  });

  it('never exceeds the contract’s 1000, whatever --batch-size says', async () => {
    const { batches } = await collect(
      Array.from({ length: 1500 }, (_, n) => good(n)),
      {
        batchSize: 5000,
      },
    );

    expect(Math.max(...batches.map((batch) => batch.length))).toBe(MAX_BATCH_SIZE);
  });

  it('skips a malformed line, naming its line number (blank lines count), and goes on', async () => {
    const { batches, tally } = await collect([good(1), '', 'not json', good(2), BAD, good(3)]);

    expect(batches.flat().map((signature) => signature.ipRange)).toEqual([
      '10.0.0.1',
      '10.0.0.2',
      '10.0.0.3',
    ]);
    expect(tally.lines).toBe(6);
    expect(tally.malformed).toBe(2);
    expect(tally.problems.map((problem) => problem.line)).toEqual([3, 5]);
    expect(tally.problems[1]?.problem).toMatch(/^action: /);
  });

  it('under --strict stops at the first malformed line, after sending the lines before it', async () => {
    const { batches, tally } = await collect([good(1), good(2), BAD, good(3)], {
      strict: true,
      batchSize: 1,
    });

    expect(batches.flat().map((signature) => signature.ipRange)).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(tally.stoppedAtLine).toBe(3);
    expect(tally.lines).toBe(3);
  });

  it('keeps every good line, in order, and the number of every bad one, for any mix', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('good', 'bad', 'blank'), { maxLength: 60 }),
        fc.integer({ min: 1, max: 7 }),
        async (kinds, batchSize) => {
          const lines = kinds.map((kind, n) =>
            kind === 'good' ? good(n) : kind === 'bad' ? BAD : '',
          );

          const { batches, tally } = await collect(lines, { batchSize });

          expect(batches.every((batch) => batch.length >= 1 && batch.length <= batchSize)).toBe(
            true,
          );
          expect(batches.flat().map((signature) => signature.ipRange)).toEqual(
            kinds.flatMap((kind, n) => (kind === 'good' ? [`10.0.0.${n}`] : [])),
          );
          expect(tally.problems.map((problem) => problem.line)).toEqual(
            kinds.flatMap((kind, n) => (kind === 'bad' ? [n + 1] : [])),
          );
          expect(tally.lines).toBe(lines.length);
        },
      ),
    );
  });
});
