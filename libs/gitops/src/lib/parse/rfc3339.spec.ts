import fc from 'fast-check';
import { isRfc3339DateTime } from './rfc3339';

describe(isRfc3339DateTime.name, () => {
  it('accepts every instant written as an ISO date-time in UTC', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1970-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }),
        (date) => expect(isRfc3339DateTime(date.toISOString())).toBe(true),
      ),
    );
  });

  it.each(['2026-11-02T09:00:00Z', '2026-11-02t09:00:00+05:30', '2028-02-29T23:59:60.5-01:00'])(
    'accepts %s',
    (text) => {
      expect(isRfc3339DateTime(text)).toBe(true);
    },
  );

  it.each([
    '2026-11-02',
    '2026-11-02T09:00:00',
    '2026-02-30T09:00:00Z',
    '2026-13-01T00:00:00Z',
    'next week',
  ])('rejects %s', (text) => {
    expect(isRfc3339DateTime(text)).toBe(false);
  });
});
