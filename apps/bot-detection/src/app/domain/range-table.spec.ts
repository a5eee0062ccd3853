import fc from 'fast-check';
import { RangeTable } from './range-table';

/** Operations over a small key space, so that keys collide, runs form and deletions shift them. */
const operations = fc.array(
  fc.record({
    remove: fc.boolean(),
    prefix: fc.integer({ min: 0, max: 3 }),
    words: fc.tuple(
      fc.integer({ min: 0, max: 40 }),
      fc.constantFrom(0, 0xffffffff),
      fc.integer({ min: 0, max: 2 }),
      fc.constant(7),
    ),
    value: fc.nat({ max: 1_000_000 }),
  }),
  { maxLength: 300 },
);

describe(RangeTable.name, () => {
  it.each([1, 4] as const)(
    'holds what a map would after any sequence of sets and deletes (width %s)',
    (width) => {
      fc.assert(
        fc.property(operations, (ops) => {
          const table = new RangeTable(width, 4);
          const model = new Map<string, number>();
          const keyOf = (prefix: number, w: readonly number[]) =>
            width === 1 ? `${prefix}/${w[0]}` : `${prefix}/${w.join(':')}`;
          for (const { remove, prefix, words, value } of ops) {
            const key = keyOf(prefix, words);
            if (remove) {
              expect(table.delete(prefix, ...words)).toBe(model.delete(key));
            } else {
              table.set(prefix, ...words, value);
              model.set(key, value);
            }
          }
          expect(table.size).toBe(model.size);
          const found: number[] = [];
          const expected: number[] = [];
          for (let prefix = 0; prefix <= 3; prefix++) {
            for (let w0 = 0; w0 <= 40; w0++) {
              for (const w1 of [0, 0xffffffff]) {
                for (let w2 = 0; w2 <= 2; w2++) {
                  const words = [w0, w1, w2, 7] as const;
                  found.push(table.get(prefix, ...words));
                  expected.push(model.get(keyOf(prefix, words)) ?? -1);
                }
              }
            }
          }
          expect(found).toEqual(expected);
        }),
        { numRuns: 100 },
      );
    },
  );
});
