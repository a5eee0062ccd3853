import { commonV1alpha1 } from '@platform/contracts';
import { randomBytes } from 'node:crypto';
import { short, verify, type DemoStep } from '../demo-step';
import { operationOf } from '../gitops-history';
import { waitFor } from '../wait-for';

const { FailoverSide } = commonV1alpha1;

/**
 * g. A geo-failover Space swaps its active side: one commit, and an emergency role directive to
 * the agent on each PoP.
 */
export const failoverStep: DemoStep = {
  name: 'fail over a geo Space',
  async run(run, report) {
    const { spaces } = await run.central.call(
      run.central.controlPlane.listSpaces(
        {
          pageSize: 1000,
          pageToken: '',
          pop: '',
          channel: commonV1alpha1.Channel.CHANNEL_UNSPECIFIED,
          tier: commonV1alpha1.Tier.TIER_UNSPECIFIED,
        },
        run.central.auth(),
      ),
    );
    const geo = spaces.filter((space) => space.addOns?.geoFailover?.secondaryPop);
    verify(geo.length > 0, 'the fleet has a Space with geo-failover');
    const space = geo.find((candidate) => candidate.name === 'acme') ?? geo[0];
    const before = space.addOns?.geoFailover?.active ?? FailoverSide.FAILOVER_SIDE_PRIMARY;
    const active =
      before === FailoverSide.FAILOVER_SIDE_SECONDARY
        ? FailoverSide.FAILOVER_SIDE_SECONDARY
        : FailoverSide.FAILOVER_SIDE_PRIMARY;
    const response = await run.central.call(
      run.central.controlPlane.failoverSpace(
        {
          requestId: `demo-failover-${space.name}-${randomBytes(2).toString('hex')}`,
          name: space.name,
          expectedActive: active,
        },
        run.central.auth(),
      ),
    );
    const now = response.space?.addOns?.geoFailover?.active;
    verify(now !== undefined && now !== active, `${space.name} is active on the other side`);
    const secondaryPop = space.addOns?.geoFailover?.secondaryPop as string;
    const activePop = now === FailoverSide.FAILOVER_SIDE_SECONDARY ? secondaryPop : space.pop;
    report(
      `FailoverSpace ${space.name}: active side ${side(active)} → ${side(now)} (now ${activePop})`,
    );

    const roles = await waitFor(
      `both agents of ${space.name} to report their new roles`,
      async () => {
        const agents = run.agentsOf(space.name);
        if (agents.length < 2)
          throw new Error(`${agents.length} agent(s) of ${space.name} in endpoints.json`);
        const found: Record<string, string> = {};
        for (const agent of agents) {
          const status = await run.agents.status(agent);
          const expected =
            agent.pop === activePop ? 'FAILOVER_ROLE_ACTIVE' : 'FAILOVER_ROLE_STANDBY';
          if (status.failoverRole !== expected)
            throw new Error(`${agent.name} reports ${status.failoverRole}`);
          found[agent.name] = status.failoverRole;
        }
        return found;
      },
      60_000,
    );
    report(
      `verified: ${Object.entries(roles)
        .map(([name, role]) => `${name} ${role.replace('FAILOVER_ROLE_', '').toLowerCase()}`)
        .join(', ')}`,
    );
    const commit = response.change?.gitCommit ?? '';
    const own = run.history.commit(commit);
    verify(run.history.onMain(commit), `failover commit ${short(commit)} is on the remote's main`);
    report(`verified: commit ${short(commit)} (Platform-Operation: ${operationOf(own)})`);
    run.facts.failover = { space: space.name, active: activePop, roles, commit };
    return `${space.name} active on ${activePop}`;
  },
};

function side(value: commonV1alpha1.FailoverSide | undefined): string {
  return String(value ?? '')
    .replace('FAILOVER_SIDE_', '')
    .toLowerCase();
}
