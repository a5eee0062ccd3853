import { commonV1alpha1 } from '@platform/contracts';
import { randomBytes } from 'node:crypto';
import { short, verify, type DemoStep } from '../demo-step';
import { operationOf } from '../gitops-history';
import { describeWindow, toDate, toTimestamp } from '../window-plan';
import { waitFor } from '../wait-for';

const { Channel, DayOfWeek, Tier } = commonV1alpha1;
const DAYS = [
  DayOfWeek.DAY_OF_WEEK_SUNDAY,
  DayOfWeek.DAY_OF_WEEK_MONDAY,
  DayOfWeek.DAY_OF_WEEK_TUESDAY,
  DayOfWeek.DAY_OF_WEEK_WEDNESDAY,
  DayOfWeek.DAY_OF_WEEK_THURSDAY,
  DayOfWeek.DAY_OF_WEEK_FRIDAY,
  DayOfWeek.DAY_OF_WEEK_SATURDAY,
];

/**
 * a. A new Space on the dev channel through the control plane: one commit on the gitops remote,
 * then the launcher (like Argo CD) starts its agent, which takes the channel's release.
 */
export const createSpaceStep: DemoStep = {
  name: 'create a Space',
  async run(run, report) {
    const name = `demo-${randomBytes(2).toString('hex')}`;
    const { pops } = await run.central.call(
      run.central.controlPlane.listPops({ pageSize: 0, pageToken: '' }, run.central.auth()),
    );
    verify(pops.length > 0, 'the control plane lists no PoP');
    const pop = pops[0].name;
    const window = await windowWithTheDevSpaces(run);
    const base = run.history.head();
    const created = await run.central.call(
      run.central.controlPlane.createSpace(
        {
          requestId: `demo-create-${name}`,
          name,
          pop,
          tier: Tier.TIER_PERFORMANCE,
          channel: Channel.CHANNEL_DEV,
          maintenanceWindow: window,
          addOns: { pci: false, geoFailover: undefined },
        },
        run.central.auth(),
      ),
    );
    const commit = created.change?.gitCommit ?? '';
    report(`CreateSpace ${name} on ${pop}, channel dev, window ${describeWindow(window)}`);

    const log = run.history.since(base);
    const own = log.find((entry) => entry.hash === commit);
    verify(own !== undefined, `commit ${commit} of the create is on the remote's main`);
    verify(operationOf(own) === 'space.create', `commit ${short(commit)} is a space.create`);
    verify(
      own.files.includes(`gitops/platform/spaces/${name}.yaml`),
      `commit ${short(commit)} adds gitops/platform/spaces/${name}.yaml`,
    );
    report(
      `verified: commit ${short(commit)} on the remote (Platform-Operation: space.create, actor ${own.trailers['Platform-Actor']?.[0] ?? '?'})`,
    );

    const agent = await waitFor(
      `the launcher to start space-agent@${name}`,
      async () => run.agentsOf(name).find((entry) => entry.pid !== null),
      30_000,
    );
    report(`the launcher saw the commit and started ${agent.name} (pid ${agent.pid})`);
    const { channels } = await run.central.call(
      run.central.release.getChannels({}, run.central.auth()),
    );
    const dev = channels.find((channel) => channel.channel === Channel.CHANNEL_DEV)?.release ?? '';
    const [status] = await run.waitForRelease(name, dev, 60_000);
    report(
      `verified: ${agent.name} /status reports release ${status.release} (dev's release), connected to its relay`,
    );
    run.facts.space = name;
    run.facts.pop = pop;
    run.facts.window = describeWindow(window);
    run.facts.createCommit = commit;
    run.facts.initialRelease = status.release;
    return `${name} on ${pop} runs ${status.release}`;
  },
};

/**
 * The demo Space's window opens with the next window of the dev Spaces (in UTC), so one clock
 * jump later shows them all moving together.
 */
async function windowWithTheDevSpaces(
  run: Parameters<DemoStep['run']>[0],
): Promise<commonV1alpha1.MaintenanceWindow> {
  // An hour ahead, so the window is not already open by the time the train has run.
  const after = new Date(run.clock.now().getTime() + 3600_000);
  const plans = await run.central.call(
    run.central.release.planRollout(
      {
        fromTime: toTimestamp(after),
        days: 8,
        space: '',
        pop: '',
        channel: Channel.CHANNEL_DEV,
        pageSize: 1000,
        pageToken: '',
      },
      run.central.auth(),
    ),
  );
  const starts = plans.spaces
    .flatMap((plan) => plan.windows.map((window) => toDate(window.startTime).getTime()))
    .filter((start) => start > after.getTime())
    .sort((a, b) => a - b);
  const opens = new Date(starts[0] ?? after.getTime() + 24 * 3600_000);
  return {
    day: DAYS[opens.getUTCDay()],
    start: `${String(opens.getUTCHours()).padStart(2, '0')}:${String(opens.getUTCMinutes()).padStart(2, '0')}`,
    timeZone: 'UTC',
    durationMinutes: 240,
  };
}
