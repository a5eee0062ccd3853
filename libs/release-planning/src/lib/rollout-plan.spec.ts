import { VERSIONS, chainOf, fleet, space } from '../testing/release-fixtures';
import { planRollout } from './rollout-plan';

describe(planRollout.name, () => {
  const from = new Date('2026-11-23T00:00:00Z'); // a Monday

  it('lists each window in the period with the one step it brings, until the Space catches up', () => {
    const state = fleet({ channels: { prod: 'r3' }, spaces: [space('acme', { release: 'r1' })] });

    const [plan] = planRollout(state, from, 28);

    expect(plan).toMatchObject({ space: 'acme', channel: 'prod', current: 'r1' });
    expect(plan.windows.map((w) => [w.start.toISOString(), w.from, w.to])).toEqual([
      ['2026-11-29T02:00:00.000Z', 'r1', 'r2'],
      ['2026-12-06T02:00:00.000Z', 'r2', 'r3'],
      ['2026-12-13T02:00:00.000Z', 'r3', 'r3'],
      ['2026-12-20T02:00:00.000Z', 'r3', 'r3'],
    ]);
  });

  it('brings nothing while frozen, and resumes when the freeze ends', () => {
    const state = fleet({
      channels: { prod: 'r3' },
      spaces: [space('acme', { release: 'r1' })],
      freezes: { spaces: new Map([['acme', { reason: 'audit', until: '2026-12-01T00:00:00Z' }]]) },
    });

    const [plan] = planRollout(state, from, 14);

    expect(plan.windows.map((w) => [w.from, w.to])).toEqual([
      ['r1', 'r1'],
      ['r1', 'r2'],
    ]);
  });

  it('stops before a blocked release', () => {
    const state = fleet({
      releases: chainOf(VERSIONS, { r2: { blocked: 'bad' } }),
      channels: { prod: 'r3' },
      spaces: [space('acme', { release: 'r1' })],
    });

    expect(planRollout(state, from, 7)[0].windows.map((w) => w.to)).toEqual(['r1']);
  });

  it('plans only the Spaces asked for', () => {
    const state = fleet({ spaces: [space('a'), space('b')] });

    expect(planRollout(state, from, 7, ['b']).map((plan) => plan.space)).toEqual(['b']);
  });
});
