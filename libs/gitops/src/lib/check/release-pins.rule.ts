import type { DesiredState, Problem, Release } from '../model/desired-state';
import type { ParsedTree } from '../parse/parse-desired-state';
import { documentPath, type FolderKind } from '../parse/platform-paths';
import { ReleaseChain } from '../releases/release-chain';
import { ReleaseMigrations } from '../releases/release-migrations';
import { namedList } from './named-list';

const FIELD = 'spec.release';

interface Pin {
  kind: Exclude<FolderKind, 'Release'>;
  name: string;
  /** The release pinned in the head. */
  release: string;
  /** The release pinned at the base commit; undefined for an object the PR creates. */
  baseRelease: string | undefined;
}

const NOUNS: Readonly<Record<Pin['kind'], string>> = {
  Pop: 'a PoP',
  Space: 'a Space',
  Channel: 'a channel',
};

/**
 * How release pins may change between the base commit and the head:
 *  - a Space, PoP or channel moves at most one release along the chain, either way (an object
 *    the PR creates may start anywhere);
 *  - a release blocked in the head is not newly pinned (a pin it already had may stay);
 *  - a contract does not reach a channel while a Space on that channel runs a release older
 *    than the one that carried the matching expand;
 *  - a Space does not move onto a contract before it has run the matching expand.
 * The chain is built from the base and head releases together, so a move off a release the PR
 * prunes is still measured. Pins the chain does not know are left to the other rules.
 */
export function checkReleasePins(base: ParsedTree, head: ParsedTree): Problem[] {
  const releases = new Map<string, Release>([...base.state.releases, ...head.state.releases]);
  const chain = ReleaseChain.of(releases);
  const { migrations } = ReleaseMigrations.build(chain, releases);
  const problems: Problem[] = [];
  const pins = pinsOf(base.state, head.state);

  for (const pin of pins) {
    const path = documentPath(pin.kind, pin.name);
    const blocked = head.state.releases.get(pin.release)?.spec.blocked;
    if (blocked !== undefined && pin.baseRelease !== pin.release) {
      problems.push({
        path,
        field: FIELD,
        message: `release "${pin.release}" is blocked (${blocked.reason}): it may not be newly pinned`,
      });
    }
    if (pin.baseRelease === undefined || pin.baseRelease === pin.release) continue;
    const steps = chain.distance(pin.baseRelease, pin.release);
    if (steps !== undefined && Math.abs(steps) > 1) {
      problems.push({
        path,
        field: FIELD,
        message: `moves ${Math.abs(steps)} releases (${pin.baseRelease} → ${pin.release}): ${NOUNS[pin.kind]} moves one release at a time`,
      });
    }
  }

  const spacesByChannel = new Map<string, Pin[]>();
  for (const pin of pins) {
    if (pin.kind !== 'Space') continue;
    const channel = head.state.spaces.get(pin.name)?.spec.channel ?? '';
    const list = spacesByChannel.get(channel);
    if (list === undefined) spacesByChannel.set(channel, [pin]);
    else list.push(pin);
  }

  for (const pin of pins) {
    if (pin.baseRelease === undefined) continue;
    const baseIndex = chain.indexOf(pin.baseRelease) ?? Infinity;
    for (const reached of chain.reachedMovingForward(pin.baseRelease, pin.release)) {
      for (const contract of migrations.contractsIn(reached)) {
        const expandIndex = chain.indexOf(contract.expandRelease) ?? -Infinity;
        const what = `contract "${contract.migrationId}" in ${contract.release}`;
        if (pin.kind === 'Channel') {
          const lagging = (spacesByChannel.get(pin.name) ?? []).filter(
            (space) => (chain.indexOf(space.release) ?? Infinity) < expandIndex,
          );
          if (lagging.length === 0) continue;
          problems.push({
            path: documentPath('Channel', pin.name),
            field: FIELD,
            message: `${what} may not reach channel "${pin.name}" while ${namedList(lagging.map((space) => `Space "${space.name}"`))} ${lagging.length === 1 ? 'runs a release' : 'run releases'} older than ${contract.expandRelease}, which carries its expand`,
          });
        } else if (pin.kind === 'Space' && baseIndex < expandIndex) {
          problems.push({
            path: documentPath('Space', pin.name),
            field: FIELD,
            message: `moves onto ${what} before running ${contract.expandRelease}, which carries its expand`,
          });
        }
      }
    }
  }
  return problems;
}

function pinsOf(base: DesiredState, head: DesiredState): Pin[] {
  const pins: Pin[] = [];
  for (const [name, space] of head.spaces) {
    const baseRelease = base.spaces.get(name)?.spec.release;
    pins.push({ kind: 'Space', name, release: space.spec.release, baseRelease });
  }
  for (const [name, pop] of head.pops) {
    const baseRelease = base.pops.get(name)?.spec.release;
    pins.push({ kind: 'Pop', name, release: pop.spec.release, baseRelease });
  }
  for (const [name, channel] of head.channels) {
    const baseRelease = base.channels.get(name)?.spec.release;
    pins.push({ kind: 'Channel', name, release: channel.spec.release, baseRelease });
  }
  return pins;
}
