import { namedList } from './named-list';

describe(namedList.name, () => {
  it('names up to three and counts the rest', () => {
    expect(namedList(['Space "a"'])).toBe('Space "a"');
    expect(namedList(['Space "a"', 'Space "b"'])).toBe('Space "a" and Space "b"');
    expect(namedList(['a', 'b', 'c', 'd', 'e'])).toBe('a, b, c and 2 more');
  });
});
