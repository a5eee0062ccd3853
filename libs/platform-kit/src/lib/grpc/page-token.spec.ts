import { InvalidArgumentError } from '@platform/errors';
import { pageOf } from './page-token';

describe(pageOf.name, () => {
  const items = ['a', 'b', 'c', 'd', 'e'];
  const page = (pageSize: number, pageToken: string, filters: unknown = {}) =>
    pageOf(items, (item) => item, { pageSize, pageToken, filters });

  it('walks every item once, in order, page by page', () => {
    const seen: string[] = [];
    let token = '';
    do {
      const next = page(2, token);
      seen.push(...next.items);
      token = next.nextPageToken;
    } while (token !== '');
    expect(seen).toEqual(items);
  });

  it('continues after the last item shown even when items were added before it', () => {
    const first = page(2, '');
    const grown = pageOf(['0', ...items], (item) => item, {
      pageSize: 2,
      pageToken: first.nextPageToken,
      filters: {},
    });
    expect(grown.items).toEqual(['c', 'd']);
  });

  it('refuses a token it did not issue, and one issued for other filters', () => {
    expect(() => page(2, 'garbage')).toThrow(InvalidArgumentError);
    const token = page(2, '', { pop: 'a' }).nextPageToken;
    expect(() => page(2, token, { pop: 'b' })).toThrow(/other filters/);
  });

  it('uses 100 for 0 and caps at 1000', () => {
    const many = Array.from({ length: 1500 }, (_, index) => String(index).padStart(4, '0'));
    expect(
      pageOf(many, (item) => item, { pageSize: 0, pageToken: '', filters: {} }).items,
    ).toHaveLength(100);
    expect(
      pageOf(many, (item) => item, { pageSize: 5000, pageToken: '', filters: {} }).items,
    ).toHaveLength(1000);
  });
});
