import { releaseV1alpha1 } from '@platform/contracts';
import { randomBytes } from 'node:crypto';
import { short, verify, type DemoStep } from '../demo-step';
import { operationOf } from '../gitops-history';

const { TrainOutcome } = releaseV1alpha1;
const channelName = (channel: string) => channel.replace('CHANNEL_', '').toLowerCase();

/**
 * c. The weekly train: a dry run (plan only, no commit), then the real run in one commit.
 * Verified by reading the channels back: each channel that moved is one step further.
 */
export const runTrainStep: DemoStep = {
  name: 'run the train',
  async run(run, report) {
    const id = randomBytes(3).toString('hex');
    const before = run.history.head();
    const dry = await run.central.call(
      run.central.release.runTrain(
        { requestId: `demo-train-dry-${id}`, dryRun: true },
        run.central.auth(),
      ),
    );
    report(`dry run: ${dry.moves.map(describe).join('; ')}`);
    verify(run.history.head() === before, 'the dry run made no commit');
    report('verified: the dry run left the gitops remote as it was');

    const real = await run.central.call(
      run.central.release.runTrain(
        { requestId: `demo-train-${id}`, dryRun: false },
        run.central.auth(),
      ),
    );
    const commit = real.change?.gitCommit ?? '';
    const moved = real.moves.filter((move) => move.outcome === TrainOutcome.TRAIN_OUTCOME_MOVED);
    verify(moved.length > 0, `the train moved a channel (${real.moves.map(describe).join('; ')})`);
    report(`train: ${real.moves.map(describe).join('; ')}`);

    const own = run.history.commit(commit);
    verify(run.history.onMain(commit), `train commit ${short(commit)} is on the remote's main`);
    verify(operationOf(own) !== '', `train commit ${short(commit)} names its operation`);
    const { channels } = await run.central.call(
      run.central.release.getChannels({}, run.central.auth()),
    );
    for (const move of real.moves) {
      const now = channels.find((channel) => channel.channel === move.channel)?.release;
      const expected =
        move.outcome === TrainOutcome.TRAIN_OUTCOME_MOVED ? move.toRelease : move.fromRelease;
      verify(
        now === expected,
        `${channelName(move.channel)} is on ${expected} (GetChannels says ${now})`,
      );
    }
    const { releases } = await run.central.call(
      run.central.release.listReleases({ pageSize: 1000, pageToken: '' }, run.central.auth()),
    );
    const follows = new Map(releases.map((release) => [release.version, release.compatibleWith]));
    for (const move of moved) {
      verify(
        follows.get(move.toRelease) === move.fromRelease,
        `${channelName(move.channel)} moved one step (${move.fromRelease} → ${move.toRelease})`,
      );
    }
    report(
      `verified: GetChannels reads back ${channels.map((channel) => `${channelName(channel.channel)}=${channel.release}`).join(', ')}; each move is one step of the chain; commit ${short(commit)} (Platform-Operation: ${operationOf(own)})`,
    );
    run.facts.train = {
      commit,
      moves: real.moves.map((move) => ({
        channel: channelName(move.channel),
        from: move.fromRelease,
        to: move.toRelease,
        outcome: String(move.outcome).replace('TRAIN_OUTCOME_', '').toLowerCase(),
      })),
    };
    return moved
      .map((move) => `${channelName(move.channel)} ${move.fromRelease} → ${move.toRelease}`)
      .join(', ');
  },
};

function describe(move: releaseV1alpha1.ChannelMove): string {
  const channel = channelName(move.channel);
  if (move.outcome === TrainOutcome.TRAIN_OUTCOME_MOVED)
    return `${channel} ${move.fromRelease} → ${move.toRelease}`;
  const why = String(move.blockReason)
    .replace('TRAIN_BLOCK_REASON_', '')
    .toLowerCase()
    .replaceAll('_', ' ');
  return `${channel} stays on ${move.fromRelease} (${move.outcome === TrainOutcome.TRAIN_OUTCOME_BLOCKED ? `blocked: ${why}${move.detail ? `, ${move.detail}` : ''}` : 'unchanged'})`;
}
