import { byOpening, type UpcomingMove } from './window-plan';

const move = (space: string, opensAt: string): UpcomingMove => ({
  space,
  opensAt: new Date(opensAt),
  closesAt: new Date(Date.parse(opensAt) + 3600_000),
  from: '2026.47.0',
  to: '2026.48.0',
});

describe(byOpening.name, () => {
  it('groups Spaces whose windows open at the same instant, earliest group first', () => {
    const groups = byOpening([
      move('hooli', '2026-11-29T02:00:00Z'),
      move('soylent', '2026-11-26T13:30:00Z'),
      move('demo-1a2b', '2026-11-26T13:30:00Z'),
    ]);
    expect(groups.map((group) => group.map((entry) => entry.space))).toEqual([
      ['soylent', 'demo-1a2b'],
      ['hooli'],
    ]);
  });
});
