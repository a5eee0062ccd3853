import { randomBytes } from 'node:crypto';
import { short, verify, type DemoStep } from '../demo-step';
import { operationOf } from '../gitops-history';

/**
 * f. An emergency rollback of the demo Space: one step back, now (outside its window); the
 * agent applies the emergency directive at once.
 */
export const rollbackStep: DemoStep = {
  name: 'roll back the Space',
  async run(run, report) {
    const space = run.facts.space as string;
    const [agent] = run.agentsOf(space);
    const { release: from } = await run.agents.status(agent);
    const { release } = await run.central.call(
      run.central.release.getRelease({ version: from }, run.central.auth()),
    );
    const to = release?.compatibleWith ?? '';
    verify(to !== '', `${from} has a release before it`);
    const reason = 'demo: error rate up after the upgrade';
    const response = await run.central.call(
      run.central.release.rollback(
        { requestId: `demo-rollback-${space}-${randomBytes(2).toString('hex')}`, space, reason },
        run.central.auth(),
      ),
    );
    const commit = response.change?.gitCommit ?? '';
    report(`Rollback ${space} (emergency, reason "${reason}"): ${from} → ${to}`);
    const statuses = await run.waitForRelease(space, to, 60_000);
    report(
      `verified: ${statuses.length} agent(s) of ${space} report ${to} at once, outside the window`,
    );
    const own = run.history.commit(commit);
    verify(run.history.onMain(commit), `rollback commit ${short(commit)} is on the remote's main`);
    verify(
      own.body.includes(reason) || own.subject.includes(reason),
      `commit ${short(commit)} records the reason`,
    );
    report(
      `verified: commit ${short(commit)} (Platform-Operation: ${operationOf(own)}) records the reason`,
    );
    run.facts.rollback = { space, from, to, commit };
    return `${space} ${from} → ${to}`;
  },
};
