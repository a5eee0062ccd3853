import { commonV1alpha1 as common, releaseV1alpha1 as api } from '@platform/contracts';
import { createTempDir, type TempDir } from '@platform/testing';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PlatformctlEnvironment } from '../config/platformctl-environment';
import { runPlatformctl } from '../platformctl.program';
import { planTimeline, planView, trainTable, trainView } from './release-views';

let temp: TempDir;
let environment: PlatformctlEnvironment;

beforeEach(() => {
  temp = createTempDir('platformctl-releases');
  environment = { variables: {}, cwd: temp.path, home: temp.path };
});
afterEach(() => temp.remove());

async function run(...argv: string[]): Promise<{ output: string; exitCode: number }> {
  let output = '';
  const collect = (text: string) => void (output += text);
  const exitCode = await runPlatformctl(
    argv,
    '1.2.3',
    { stdout: collect, stderr: collect },
    environment,
  );
  return { output, exitCode };
}

const at = (iso: string) => ({ seconds: String(Date.parse(iso) / 1000), nanos: 0 });

describe('platformctl release commands', () => {
  it.each([
    'releases publish',
    'releases list',
    'releases get',
    'releases block',
    'releases plan',
    'channels',
    'train',
    'rollback',
    'freeze',
    'unfreeze',
  ])('has --help on %s', async (command) => {
    const { output, exitCode } = await run(...command.split(' '), '--help');

    expect(exitCode).toBe(0);
    expect(output).toContain(`Usage: platformctl ${command}`);
  });

  it('needs exactly one target for a rollback, before calling anything', async () => {
    const { output, exitCode } = await run(
      'rollback',
      '--reason',
      'bad',
      '--channel',
      'prod',
      '--space',
      'acme',
    );

    expect(exitCode).toBe(2);
    expect(output).toBe('platformctl: say what to act on: exactly one of --channel, --space\n');
  });

  it('says when the configuration has no release orchestrator address', async () => {
    mkdirSync(join(temp.path, '.platform'));
    writeFileSync(
      join(temp.path, '.platform', 'platformctl.yaml'),
      'controlPlane: 127.0.0.1:7001\ntls:\n  ca: ca.pem\n  cert: cert.pem\n  key: key.pem\n',
    );

    const { output, exitCode } = await run('channels');

    expect(exitCode).toBe(2);
    expect(output).toContain('releaseOrchestrator: is not set in');
  });

  it('prints the train plan with what blocks each channel', () => {
    const view = trainView({
      moves: [
        {
          channel: common.Channel.CHANNEL_PROD,
          fromRelease: 'r1',
          toRelease: 'r2',
          outcome: api.TrainOutcome.TRAIN_OUTCOME_MOVED,
          blockReason: api.TrainBlockReason.TRAIN_BLOCK_REASON_UNSPECIFIED,
          detail: '',
        },
        {
          channel: common.Channel.CHANNEL_STAGING,
          fromRelease: 'r2',
          toRelease: 'r2',
          outcome: api.TrainOutcome.TRAIN_OUTCOME_BLOCKED,
          blockReason: api.TrainBlockReason.TRAIN_BLOCK_REASON_CHANNEL_FROZEN,
          detail: 'staging is frozen: black friday',
        },
      ],
      reviewBranch: '',
    });

    expect(view.moves[1]).toMatchObject({ outcome: 'blocked', blockedBy: 'channel frozen' });
    expect(trainTable(view)).toBe(
      [
        'CHANNEL  FROM  TO  OUTCOME  WHY',
        'prod     r1    r2  moved',
        'staging  r2    r2  blocked  staging is frozen: black friday',
        '',
      ].join('\n'),
    );
  });

  it('prints the review branch a train was pushed to, and that channels move once it is merged', () => {
    const view = trainView({
      moves: [
        {
          channel: common.Channel.CHANNEL_PROD,
          fromRelease: 'r1',
          toRelease: 'r2',
          outcome: api.TrainOutcome.TRAIN_OUTCOME_MOVED,
          blockReason: api.TrainBlockReason.TRAIN_BLOCK_REASON_UNSPECIFIED,
          detail: '',
        },
      ],
      change: { gitCommit: 'abc123', directiveIds: [] },
      reviewBranch: 'train/2026-11-23',
    });

    expect(view).toMatchObject({ commit: 'abc123', reviewBranch: 'train/2026-11-23' });
    expect(trainTable(view).split('\n').at(-2)).toBe(
      'commit abc123 pushed to branch train/2026-11-23 for review: channels move once it is merged',
    );
  });

  it('offers --review on train', async () => {
    const { output } = await run('train', '--help');

    expect(output).toMatch(/--review\s+push the commit to a train\/<date> branch for review/);
  });

  it('shows the rollout as a per-day timeline of the windows that bring a step', () => {
    const view = planView({
      spaces: [
        {
          space: 'acme',
          channel: common.Channel.CHANNEL_PROD,
          currentRelease: 'r1',
          windows: [
            {
              startTime: at('2026-11-28T07:00:00Z'),
              endTime: at('2026-11-28T09:00:00Z'),
              fromRelease: 'r1',
              toRelease: 'r2',
            },
            {
              startTime: at('2026-12-05T07:00:00Z'),
              endTime: at('2026-12-05T09:00:00Z'),
              fromRelease: 'r2',
              toRelease: 'r2',
            },
          ],
        },
      ],
      nextPageToken: '',
    });

    expect(planTimeline(view)).toBe(
      ['2026-11-28', '  UTC    SPACE  RELEASE', '  07:00  acme   r1 → r2', ''].join('\n'),
    );
  });
});
