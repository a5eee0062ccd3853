import type { Problem } from '../model/desired-state';
import type { ParsedTree } from '../parse/parse-desired-state';
import { classifyPath } from '../parse/platform-paths';
import { ReleaseChain } from '../releases/release-chain';
import { ReleaseMigrations } from '../releases/release-migrations';

/**
 * The releases form one `compatibleWith` chain and every contract follows its expand. Skipped
 * while a release file has problems of its own: without it the chain has a hole, and every
 * link across the hole would be reported again.
 */
export function checkReleaseChain(tree: ParsedTree): Problem[] {
  for (const path of tree.rejected) {
    const place = classifyPath(path);
    if (place.role === 'document' && place.kind === 'Release') return [];
  }
  const { chain, problems } = ReleaseChain.build(tree.state.releases);
  return [...problems, ...ReleaseMigrations.build(chain, tree.state.releases).problems];
}
