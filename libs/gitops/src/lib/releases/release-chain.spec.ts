import fc from 'fast-check';
import { FLEET_RELEASES, releaseDocument } from '../../test-fixtures';
import type { Release } from '../model/desired-state';
import { ReleaseChain } from './release-chain';

/** Releases linked in the order given, stored in `storeOrder` (default: the same order). */
function linked(
  versions: readonly string[],
  storeOrder: readonly number[] = versions.map((_, i) => i),
) {
  const releases = versions.map((version, i) =>
    releaseDocument(version, i === 0 ? {} : { compatibleWith: versions[i - 1] }),
  );
  return new Map<string, Release>(storeOrder.map((i) => [versions[i], releases[i]]));
}

const version = fc
  .array(fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,6}[a-z0-9])?$/), { minLength: 1, maxLength: 3 })
  .map((labels) => labels.join('.'));
const versions = fc.uniqueArray(version, { minLength: 1, maxLength: 12 });
const chainWithStoreOrder = versions.chain((names) =>
  fc.tuple(
    fc.constant(names),
    fc.shuffledSubarray(
      names.map((_, i) => i),
      { minLength: names.length },
    ),
  ),
);

const path = (v: string) => `platform/releases/${v}.yaml`;
const FIELD = 'spec.compatibleWith';

describe(ReleaseChain.name, () => {
  describe('order', () => {
    it('follows compatibleWith, not the version strings', () => {
      const { chain, problems } = ReleaseChain.build(linked(FLEET_RELEASES, [3, 1, 0, 2]));

      expect(problems).toEqual([]);
      expect(chain.versions).toEqual(FLEET_RELEASES);
      expect(chain.newest()).toBe('2026.12.0');
      expect(chain.isAncestor('2026.9.0', '2026.10.0')).toBe(true);
    });

    it('is the link order for any version names, stored in any order', () => {
      fc.assert(
        fc.property(chainWithStoreOrder, ([names, storeOrder]) => {
          const { chain, problems } = ReleaseChain.build(linked(names, storeOrder));

          expect(problems).toEqual([]);
          expect(chain.versions).toEqual(names);
        }),
      );
    });

    it('gives the same positions and distances after renaming every version', () => {
      fc.assert(
        fc.property(
          fc
            .uniqueArray(version, { minLength: 24, maxLength: 24 })
            .map((names) => [names.slice(0, 12), names.slice(12)]),
          fc.nat(11),
          fc.nat(11),
          ([names, renamed], from, to) => {
            const original = ReleaseChain.of(linked(names));
            const other = ReleaseChain.of(linked(renamed));

            expect(other.distance(renamed[from], renamed[to])).toBe(
              original.distance(names[from], names[to]),
            );
            expect(other.indexOf(renamed[to])).toBe(original.indexOf(names[to]));
          },
        ),
      );
    });

    it('measures signed steps, and knows neighbours', () => {
      fc.assert(
        fc.property(versions, fc.nat(), fc.nat(), (names, a, b) => {
          const chain = ReleaseChain.of(linked(names));
          const from = names[a % names.length];
          const to = names[b % names.length];

          expect(chain.distance(from, to)).toBe((b % names.length) - (a % names.length));
          expect((chain.distance(to, from) ?? NaN) + (chain.distance(from, to) ?? NaN)).toBe(0);
          const next = chain.next(from);
          if (next !== undefined) expect(chain.previous(next)).toBe(from);
        }),
      );
    });

    it('answers undefined for a version it does not know', () => {
      const chain = ReleaseChain.of(linked(FLEET_RELEASES));

      expect(chain.indexOf('2026.99.0')).toBeUndefined();
      expect(chain.distance('2026.9.0', '2026.99.0')).toBeUndefined();
      expect(chain.next('2026.12.0')).toBeUndefined();
      expect(chain.previous('2026.9.0')).toBeUndefined();
      expect(chain.isAncestor('2026.99.0', '2026.9.0')).toBe(false);
    });

    it('lists the releases a forward move reaches', () => {
      const chain = ReleaseChain.of(linked(FLEET_RELEASES));

      expect(chain.reachedMovingForward('2026.9.0', '2026.11.0')).toEqual([
        '2026.10.0',
        '2026.11.0',
      ]);
      expect(chain.reachedMovingForward('2026.11.0', '2026.9.0')).toEqual([]);
    });

    it('starts at the oldest release left once older ones are pruned', () => {
      const releases = linked(FLEET_RELEASES);
      releases.delete('2026.9.0');

      const { chain, problems } = ReleaseChain.build(releases);

      expect(problems).toEqual([]);
      expect(chain.versions).toEqual(FLEET_RELEASES.slice(1));
    });
  });

  describe('problems', () => {
    it('reports every release that starts a second chain', () => {
      const releases = linked(FLEET_RELEASES);
      releases.set('2027.1.0', releaseDocument('2027.1.0'));

      const { chain, problems } = ReleaseChain.build(releases);

      expect(problems).toEqual([
        {
          path: path('2026.9.0'),
          field: FIELD,
          message: 'missing: only the first release may omit it, and 2 do (2026.9.0, 2027.1.0)',
        },
        {
          path: path('2027.1.0'),
          field: FIELD,
          message: 'missing: only the first release may omit it, and 2 do (2026.9.0, 2027.1.0)',
        },
      ]);
      expect(chain.versions).toEqual([]);
    });

    it('reports a compatibleWith that names no release', () => {
      const releases = linked(FLEET_RELEASES);
      releases.set('2027.1.0', releaseDocument('2027.1.0', { compatibleWith: '2026.13.0' }));

      expect(ReleaseChain.build(releases).problems).toEqual([
        { path: path('2027.1.0'), field: FIELD, message: 'release "2026.13.0" does not exist' },
      ]);
    });

    it('reports a release with two successors', () => {
      const releases = linked(FLEET_RELEASES);
      releases.set('2026.11.1', releaseDocument('2026.11.1', { compatibleWith: '2026.10.0' }));

      const { chain, problems } = ReleaseChain.build(releases);

      const message =
        '"2026.10.0" is followed by 2 releases (2026.11.0, 2026.11.1): the chain may not branch';
      expect(problems).toEqual([
        { path: path('2026.11.0'), field: FIELD, message },
        { path: path('2026.11.1'), field: FIELD, message },
      ]);
      expect(chain.versions).toEqual(['2026.9.0', '2026.10.0']);
    });

    it('reports a cycle on each release in it', () => {
      const releases = linked(['a', 'b']);
      releases.set('c', releaseDocument('c', { compatibleWith: 'd' }));
      releases.set('d', releaseDocument('d', { compatibleWith: 'c' }));
      releases.set('e', releaseDocument('e', { compatibleWith: 'e' }));

      expect(ReleaseChain.build(releases).problems).toEqual([
        { path: path('c'), field: FIELD, message: 'compatibleWith forms a cycle: c → d → c' },
        { path: path('d'), field: FIELD, message: 'compatibleWith forms a cycle: d → c → d' },
        { path: path('e'), field: FIELD, message: 'compatibleWith forms a cycle: e → e' },
      ]);
    });
  });
});
