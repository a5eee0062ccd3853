import fc from 'fast-check';
import { IdTable } from './id-table';

describe(IdTable.name, () => {
  it('finds every id added and not removed, and gives back its text, wide characters included', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            remove: fc.boolean(),
            id: fc.oneof(
              fc.constantFrom('a', 'b', 'feed-1', 'feed-2', 'é', 'Ωmega', '署名-1', '😀'),
              fc.string({ minLength: 1, maxLength: 8, unit: 'grapheme' }),
            ),
          }),
          { maxLength: 200 },
        ),
        (ops) => {
          const table = new IdTable();
          const model = new Map<string, number>();
          for (const { remove, id } of ops) {
            if (remove) {
              expect(table.remove(id)).toBe(model.get(id) ?? -1);
              model.delete(id);
            } else if (!model.has(id)) {
              model.set(id, table.add(id));
            }
          }
          expect(table.size).toBe(model.size);
          expect(new Set(model.values()).size).toBe(model.size);
          for (const [id, slot] of model) {
            expect(table.find(id)).toBe(slot);
            expect(table.idOf(slot)).toBe(id);
          }
          for (const { id } of ops) if (!model.has(id)) expect(table.find(id)).toBe(-1);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps every live id readable after removals make it rewrite its text', () => {
    const table = new IdTable();
    const slots = new Map<string, number>();
    // Enough removed text (over a megabyte, more than half) to trigger a compaction.
    for (let i = 0; i < 60_000; i++) slots.set(`signature-from-a-feed-${i}-é`, 0);
    for (const id of slots.keys()) slots.set(id, table.add(id));
    for (let i = 0; i < 60_000; i++) {
      if (i % 10 !== 0) {
        const id = `signature-from-a-feed-${i}-é`;
        expect(table.remove(id)).toBe(slots.get(id));
        slots.delete(id);
      }
    }
    table.add('Ωmega-after-compaction');
    slots.set('Ωmega-after-compaction', table.find('Ωmega-after-compaction'));
    expect(table.size).toBe(slots.size);
    const entries = [...slots];
    expect(entries.map(([id]) => [id, table.find(id)])).toEqual(entries);
    expect(entries.map(([, slot]) => table.idOf(slot))).toEqual(entries.map(([id]) => id));
  });
});
