import { reviewBranchesFor } from './train-review';

describe(reviewBranchesFor.name, () => {
  it('names the branch after the UTC date, then numbers further trains of that day', () => {
    // 23:30 on Monday 23 November in New York is already the 24th in UTC.
    const branches = reviewBranchesFor(new Date('2026-11-24T04:30:00Z'));

    expect(branches.slice(0, 3)).toEqual([
      'train/2026-11-24',
      'train/2026-11-24-2',
      'train/2026-11-24-3',
    ]);
    expect(branches).toHaveLength(10);
  });
});
