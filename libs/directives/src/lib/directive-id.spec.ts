import fc from 'fast-check';
import { InternalError } from '@platform/errors';
import { createDirectiveIdGenerator, directiveId, validateDirectiveBody } from '../index';
import { acceptReleaseBody } from '../test/directive-body.fixture';

describe(createDirectiveIdGenerator.name, () => {
  it('mints ids that directive.proto accepts', () => {
    const id = directiveId();

    expect(id).toMatch(/^d_[0-9A-Z]{10}_[0-9A-Z]{16}$/);
    expect(validateDirectiveBody(acceptReleaseBody({ id }))).toEqual([]);
  });

  it('mints ids that sort as strings in issue order, whatever the clock does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 2 ** 48 - 1 }), { maxLength: 50 }),
        (times) => {
          const clock = [...times];
          const next = createDirectiveIdGenerator(() => clock.shift() ?? 0);
          const ids = times.map(() => next());

          expect([...ids].sort()).toEqual(ids);
          expect(new Set(ids).size).toBe(ids.length);
        },
      ),
    );
  });

  it('orders ids of different generators by their millisecond', () => {
    const early = createDirectiveIdGenerator(() => 1_763_800_000_000)();
    const late = createDirectiveIdGenerator(() => 1_763_800_000_001)();

    expect(early < late).toBe(true);
  });

  it('does not repeat across many ids in one millisecond', () => {
    const next = createDirectiveIdGenerator(() => 1_763_800_000_000);
    const ids = Array.from({ length: 10_000 }, () => next());

    expect(new Set(ids).size).toBe(ids.length);
  });

  it('refuses a clock that does not give a millisecond time', () => {
    expect(() => createDirectiveIdGenerator(() => Number.NaN)()).toThrow(InternalError);
    expect(() => createDirectiveIdGenerator(() => -1)()).toThrow(InternalError);
  });
});
