import type { MaintenanceWindow } from '@platform/gitops';
import fc from 'fast-check';
import { VERSIONS, chainOf, fleet, space } from '../testing/release-fixtures';
import { releaseIndex, type ReleaseState } from './release-state';
import { windowMoves } from './window-moves';

const kolkata: MaintenanceWindow = {
  day: 'monday',
  start: '04:00',
  timeZone: 'Asia/Kolkata',
  durationMinutes: 60,
};
const opensAt = new Date('2026-11-22T22:30:00Z');
const minutes = (date: Date, n: number) => new Date(date.getTime() + n * 60_000);

describe(windowMoves.name, () => {
  const behind = fleet({
    channels: { prod: 'r4' },
    spaces: [
      space('far', { release: 'r1', window: kolkata }),
      space('near', { release: 'r3', window: kolkata }),
      space('current', { release: 'r4', window: kolkata }),
      space('elsewhere', { release: 'r1' }),
    ],
  });

  it('moves every Space whose window just opened one step, however far behind', () => {
    const moves = windowMoves(behind, minutes(opensAt, -1), minutes(opensAt, 0));

    expect(moves.map(({ space: name, from, to }) => ({ name, from, to }))).toEqual([
      { name: 'far', from: 'r1', to: 'r2' },
      { name: 'near', from: 'r3', to: 'r4' },
    ]);
    expect(moves[0].window.start.toISOString()).toBe('2026-11-22T22:30:00.000Z');
  });

  it('moves nobody when the window opened before the last tick or has closed since', () => {
    expect(windowMoves(behind, minutes(opensAt, 0), minutes(opensAt, 1))).toEqual([]);
    expect(windowMoves(behind, minutes(opensAt, -1), minutes(opensAt, 60))).toEqual([]);
  });

  it('leaves out frozen Spaces, channels and fleets, and steps onto blocked releases', () => {
    const at = (state: ReleaseState) =>
      windowMoves(state, minutes(opensAt, -1), opensAt).map((move) => move.space);
    const spaces = [
      space('a', { release: 'r1', window: kolkata }),
      space('b', { release: 'r2', window: kolkata }),
    ];

    expect(
      at(
        fleet({
          channels: { prod: 'r4' },
          spaces,
          freezes: { spaces: new Map([['a', { reason: 'x' }]]) },
        }),
      ),
    ).toEqual(['b']);
    expect(
      at(fleet({ channels: { prod: 'r4' }, spaces, channelFreezes: { prod: { reason: 'x' } } })),
    ).toEqual([]);
    expect(
      at(fleet({ channels: { prod: 'r4' }, spaces, freezes: { fleet: { reason: 'x' } } })),
    ).toEqual([]);
    expect(
      at(
        fleet({
          releases: chainOf(VERSIONS, { r3: { blocked: 'bad' } }),
          channels: { prod: 'r4' },
          spaces,
        }),
      ),
    ).toEqual(['a']);
  });

  it('never skips a release, whatever the pins, channel and tick times (property)', () => {
    const chain = releaseIndex(chainOf(VERSIONS)).chain;
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: VERSIONS.length - 1 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: VERSIONS.length - 1 }),
        fc.array(fc.integer({ min: 1, max: 3 * 24 * 60 }), { minLength: 1, maxLength: 40 }),
        (pins, channelIndex, gaps) => {
          let state = fleet({
            channels: { prod: VERSIONS[channelIndex] },
            spaces: pins.map((pin, i) =>
              space(`s${i}`, { release: VERSIONS[pin], window: kolkata }),
            ),
          });
          let clock = new Date('2026-11-01T00:00:00Z');
          for (const gap of gaps) {
            const next = minutes(clock, gap);
            const moves = windowMoves(state, clock, next);
            for (const move of moves) expect(chain.distance(move.from, move.to)).toBe(1);
            const spaces = new Map(state.desired.spaces);
            for (const move of moves) {
              const before = spaces.get(move.space);
              if (before)
                spaces.set(move.space, { ...before, spec: { ...before.spec, release: move.to } });
            }
            state = { ...state, desired: { ...state.desired, spaces } };
            clock = next;
          }
          pins.forEach((pin, i) => {
            const final =
              chain.indexOf(state.desired.spaces.get(`s${i}`)?.spec.release ?? '') ?? -1;
            // Never past the channel (unless it started ahead), never backwards.
            expect(final).toBeLessThanOrEqual(Math.max(pin, channelIndex));
            expect(final).toBeGreaterThanOrEqual(pin);
          });
        },
      ),
    );
  });
});
