import type { DesiredState, GitopsFiles, Problem } from '../model/desired-state';
import { ParsedFileCache, parseGitopsTree } from '../parse/parse-desired-state';
import { sortProblems } from '../parse/problem-order';
import { RenderError } from '../render/render-error';
import { checkDrift } from './drift.rule';
import { checkPublishedReleases } from './published-releases.rule';
import { checkReferences } from './references.rule';
import { checkReleaseChain } from './release-chain.rule';
import { checkReleasePins } from './release-pins.rule';

/** What `platformctl gitops check` checks. */
export interface GitopsCheckInput {
  /** The tree to check (the PR's head). */
  files: GitopsFiles;
  /** The tree at the PR's base commit; without it the release rules that compare are skipped. */
  baseFiles?: GitopsFiles;
  /** Renders the generated files (`rendered/`, `argocd/`) of a valid desired state. */
  render: (state: DesiredState) => GitopsFiles;
}

/** Where the problem that stands for a skipped drift check is reported. */
export const DRIFT_SKIPPED_PATH = 'rendered/';

/**
 * Every problem of a gitops tree, sorted by path, then field:
 *  1. every desired-state file parses and passes its schema, and is named after its file;
 *  2. references resolve and the releases form one chain whose contracts follow their expands;
 *  3. the generated files equal `render(state)`. Rendering a state that fails 1 or 2 would
 *     report its mistakes again as drift, so drift is then not checked, and one problem on
 *     `rendered/` says so. A render that fails with a {@link RenderError} (an object that
 *     breaks its Kubernetes schema) reports that error's problems instead of drift;
 *  4. with `baseFiles`, the release rules against the base: published releases stay as they
 *     were, and pins move one release at a time past blocked releases and contract gates.
 * Problems of the base tree itself are not reported: the PR did not make them.
 */
export function checkGitopsTree(input: GitopsCheckInput): Problem[] {
  const cache = new ParsedFileCache();
  const head = parseGitopsTree(input.files, cache);
  const problems = [
    ...head.problems,
    ...checkReferences(head, input.files),
    ...checkReleaseChain(head),
  ];
  if (problems.length === 0) {
    problems.push(...renderAndCompare(input, head.state));
  } else {
    problems.push({
      path: DRIFT_SKIPPED_PATH,
      field: '-',
      message: `not compared with a fresh render: the desired state has ${problems.length} ${problems.length === 1 ? 'problem' : 'problems'} to fix first`,
    });
  }
  if (input.baseFiles !== undefined) {
    const base = parseGitopsTree(input.baseFiles, cache);
    problems.push(
      ...checkPublishedReleases(base, head, input.files),
      ...checkReleasePins(base, head),
    );
  }
  return sortProblems(problems);
}

function renderAndCompare(input: GitopsCheckInput, state: DesiredState): Problem[] {
  let rendered: GitopsFiles;
  try {
    rendered = input.render(state);
  } catch (error) {
    if (error instanceof RenderError) return [...error.problems];
    throw error;
  }
  return checkDrift(input.files, rendered);
}
