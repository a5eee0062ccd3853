import type { GitopsFiles, Problem } from '../model/desired-state';
import type { ParsedTree } from '../parse/parse-desired-state';
import { documentPath, type FolderKind } from '../parse/platform-paths';

const NOUNS: Readonly<Record<FolderKind, string>> = {
  Pop: 'PoP',
  Space: 'Space',
  Channel: 'channel',
  Release: 'release',
};

/**
 * Every name a document refers to resolves to a file of the tree. A file that exists but has
 * problems of its own still counts as there: its own problems say what is wrong with it.
 */
export function checkReferences(tree: ParsedTree, files: GitopsFiles): Problem[] {
  const problems: Problem[] = [];
  const expect = (from: string, field: string, kind: FolderKind, name: string) => {
    const target = documentPath(kind, name);
    if (!files.has(target)) {
      problems.push({
        path: from,
        field,
        message: `${NOUNS[kind]} "${name}" does not exist (no ${target})`,
      });
    }
  };

  for (const [name, space] of tree.state.spaces) {
    const path = documentPath('Space', name);
    const { pop, channel, release, addOns } = space.spec;
    expect(path, 'spec.pop', 'Pop', pop);
    expect(path, 'spec.channel', 'Channel', channel);
    expect(path, 'spec.release', 'Release', release);
    const secondary = addOns.geoFailover?.secondaryPop;
    if (secondary === undefined) continue;
    const field = 'spec.addOns.geoFailover.secondaryPop';
    if (secondary === pop) {
      problems.push({
        path,
        field,
        message: `"${secondary}" is the Space's own PoP: the standby must be in another PoP`,
      });
    } else {
      expect(path, field, 'Pop', secondary);
    }
  }
  for (const [name, pop] of tree.state.pops) {
    const path = documentPath('Pop', name);
    expect(path, 'spec.channel', 'Channel', pop.spec.channel);
    expect(path, 'spec.release', 'Release', pop.spec.release);
  }
  for (const [name, channel] of tree.state.channels) {
    expect(documentPath('Channel', name), 'spec.release', 'Release', channel.spec.release);
  }
  return problems;
}
