import { createHash } from 'node:crypto';
import { short, verify, type DemoStep } from '../demo-step';
import { operationOf } from '../gitops-history';

/**
 * b. The next release at the head of the chain: version after the newest, compatible with it,
 * the same components with new images pinned by digest.
 */
export const publishReleaseStep: DemoStep = {
  name: 'publish a release',
  async run(run, report) {
    const { releases } = await run.central.call(
      run.central.release.listReleases({ pageSize: 1, pageToken: '' }, run.central.auth()),
    );
    const newest = releases[0];
    verify(newest !== undefined, 'the orchestrator lists at least one release');
    const version = nextVersion(newest.version);
    const components = Object.fromEntries(
      Object.entries(newest.components).map(([component, image]) => [
        component,
        `${image.split('@')[0]}@sha256:${createHash('sha256').update(`${component} ${version}`).digest('hex')}`,
      ]),
    );
    const base = run.history.head();
    const published = await run.central.call(
      run.central.release.publishRelease(
        {
          requestId: `demo-publish-${version}`,
          release: {
            version,
            components,
            migrations: [],
            compatibleWith: newest.version,
            blocked: undefined,
            publishedAt: undefined,
          },
        },
        run.central.auth(),
      ),
    );
    const commit = published.change?.gitCommit ?? '';
    report(
      `PublishRelease ${version} (compatibleWith ${newest.version}, ${Object.keys(components).length} components pinned by digest)`,
    );

    const { release } = await run.central.call(
      run.central.release.getRelease({ version }, run.central.auth()),
    );
    verify(
      release?.compatibleWith === newest.version,
      `GetRelease ${version} is compatible with ${newest.version}`,
    );
    const own = run.history.since(base).find((entry) => entry.hash === commit);
    verify(own !== undefined, `commit ${commit} of the publish is on the remote's main`);
    verify(
      own.files.includes(`gitops/platform/releases/${version}.yaml`),
      `commit ${short(commit)} adds gitops/platform/releases/${version}.yaml`,
    );
    report(
      `verified: GetRelease ${version} answers; commit ${short(commit)} (Platform-Operation: ${operationOf(own)}) adds releases/${version}.yaml`,
    );
    run.facts.published = { version, compatibleWith: newest.version, commit };
    return `${version} follows ${newest.version}`;
  },
};

/** `2026.47.0` → `2026.48.0`: the next weekly version (the chain, not the number, orders them). */
export function nextVersion(newest: string): string {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(newest);
  if (!match) return `${newest}-next`;
  return `${match[1]}.${Number(match[2]) + 1}.0`;
}
