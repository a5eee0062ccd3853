import { status, type Metadata, type ServiceError } from '@grpc/grpc-js';
import { commonV1alpha1, releaseV1alpha1 } from '@platform/contracts';
import { firstValueFrom, type Observable } from 'rxjs';
import { checkCommit } from '../test/gitops-history';
import {
  startOrchestratorProcesses,
  type OrchestratorProcesses,
} from '../test/orchestrator-processes';

const { Channel } = commonV1alpha1;
const { TrainOutcome, TrainBlockReason, MigrationPhase } = releaseV1alpha1;
const DIGEST = `sha256:${'c'.repeat(64)}`;

async function failure(call: Observable<unknown>): Promise<ServiceError> {
  try {
    await firstValueFrom(call);
  } catch (error) {
    return error as ServiceError;
  }
  throw new Error('the call succeeded');
}

// One orchestrator process over the example fleet: prod 2026.45.0, staging 2026.46.0, dev 2026.47.0
// (which carries the contract of users-email-v2, expanded in 2026.45.0).
describe('release orchestrator (process, real git remote, Redis and relays)', () => {
  let platform: OrchestratorProcesses;
  let client: releaseV1alpha1.ReleaseServiceClient;
  let admin: Metadata;

  beforeAll(async () => {
    platform = await startOrchestratorProcesses();
    const orchestrator = await platform.startOrchestrator();
    client = await platform.client(orchestrator.address);
    admin = await platform.auth('admin');
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('plans the train in a dry run without committing', async () => {
    const before = platform.subjects().length;

    const plan = await firstValueFrom(client.runTrain({ requestId: 'dry-1', dryRun: true }, admin));

    expect(plan.moves.map((m) => [m.channel, m.fromRelease, m.toRelease, m.outcome])).toEqual([
      [Channel.CHANNEL_PROD, '2026.45.0', '2026.46.0', TrainOutcome.TRAIN_OUTCOME_MOVED],
      [Channel.CHANNEL_STAGING, '2026.46.0', '2026.47.0', TrainOutcome.TRAIN_OUTCOME_MOVED],
      [Channel.CHANNEL_DEV, '2026.47.0', '2026.47.0', TrainOutcome.TRAIN_OUTCOME_BLOCKED],
    ]);
    expect(plan.moves[2].blockReason).toBe(TrainBlockReason.TRAIN_BLOCK_REASON_NO_NEWER_RELEASE);
    expect(plan.change ?? undefined).toBeUndefined();
    expect(platform.subjects()).toHaveLength(before);
  });

  it('refuses bad releases, naming the field', async () => {
    const release = (overrides: Partial<releaseV1alpha1.Release>): releaseV1alpha1.Release => ({
      version: '2026.48.0',
      components: { 'identity-api': `registry.example.com/identity-api@${DIGEST}` },
      migrations: [],
      compatibleWith: '2026.47.0',
      ...overrides,
    });

    const notNewest = await failure(
      client.publishRelease(
        { requestId: 'bad-1', release: release({ compatibleWith: '2026.46.0' }) },
        admin,
      ),
    );
    const unpinned = await failure(
      client.publishRelease(
        {
          requestId: 'bad-2',
          release: release({ components: { web: 'registry.example.com/web:latest' } }),
        },
        admin,
      ),
    );
    const orphanContract = await failure(
      client.publishRelease(
        {
          requestId: 'bad-3',
          release: release({
            migrations: [{ id: 'orders-total', phase: MigrationPhase.MIGRATION_PHASE_CONTRACT }],
          }),
        },
        admin,
      ),
    );
    const exists = await failure(
      client.publishRelease(
        { requestId: 'bad-4', release: release({ version: '2026.47.0' }) },
        admin,
      ),
    );

    expect(notNewest.code).toBe(status.FAILED_PRECONDITION);
    expect(notNewest.details).toContain('must be the newest published release, 2026.47.0');
    expect(unpinned.code).toBe(status.INVALID_ARGUMENT);
    expect(unpinned.details).toMatch(/^release.components\["web"\]: /);
    expect(orphanContract.code).toBe(status.INVALID_ARGUMENT);
    expect(orphanContract.details).toMatch(/^release.migrations\[0\].id: /);
    expect(exists.code).toBe(status.ALREADY_EXISTS);
  });

  it('publishes a release in one checked commit, once per request id, and lists it first', async () => {
    const request = {
      requestId: 'publish-48',
      release: {
        version: '2026.48.0',
        components: { 'identity-api': `registry.example.com/identity-api@${DIGEST}` },
        migrations: [],
        compatibleWith: '2026.47.0',
      },
    };

    const first = await firstValueFrom(client.publishRelease(request, admin));
    const retry = await firstValueFrom(client.publishRelease(request, admin));
    const listed = await firstValueFrom(client.listReleases({ pageSize: 2, pageToken: '' }, admin));

    expect(retry.change?.gitCommit).toBe(first.change?.gitCommit);
    expect(platform.subjects()[0]).toBe('Publish release 2026.48.0 (after 2026.47.0)');
    expect(checkCommit(platform.remote, first.change?.gitCommit ?? '')).toEqual([]);
    expect(listed.releases.map((r) => r.version)).toEqual(['2026.48.0', '2026.47.0']);
    expect(listed.nextPageToken).not.toBe('');
  });

  it('blocks a release, so the train does not take it', async () => {
    await firstValueFrom(
      client.blockRelease(
        { requestId: 'block-48', version: '2026.48.0', reason: 'breaks SAML login' },
        admin,
      ),
    );

    const plan = await firstValueFrom(client.runTrain({ requestId: 'dry-2', dryRun: true }, admin));
    const got = await firstValueFrom(client.getRelease({ version: '2026.48.0' }, admin));

    expect(got.release?.blocked?.reason).toBe('breaks SAML login');
    expect(plan.moves[2]).toMatchObject({
      outcome: TrainOutcome.TRAIN_OUTCOME_BLOCKED,
      blockReason: TrainBlockReason.TRAIN_BLOCK_REASON_RELEASE_BLOCKED,
    });
  });

  it('freezes a channel: its Spaces hear it, and the train leaves it in place', async () => {
    const frozen = await firstValueFrom(
      client.freeze(
        { requestId: 'freeze-staging', channel: Channel.CHANNEL_STAGING, reason: 'black friday' },
        admin,
      ),
    );
    const channels = await firstValueFrom(client.getChannels({}, admin));

    expect(frozen.change?.directiveIds).toHaveLength(2); // initech (aws), umbrella (gcp)
    expect(
      channels.channels.find((c) => c.channel === Channel.CHANNEL_STAGING)?.frozen?.reason,
    ).toBe('black friday');
    await expectEventually(async () =>
      expect(await platform.relayBacklog('aws-us-east-1', 'initech')).toBe(1),
    );

    const train = await firstValueFrom(
      client.runTrain({ requestId: 'train-1', dryRun: false }, admin),
    );

    expect(train.moves.map((m) => [m.toRelease, m.outcome])).toEqual([
      ['2026.46.0', TrainOutcome.TRAIN_OUTCOME_MOVED],
      ['2026.46.0', TrainOutcome.TRAIN_OUTCOME_BLOCKED],
      ['2026.47.0', TrainOutcome.TRAIN_OUTCOME_BLOCKED],
    ]);
    expect(train.moves[1].blockReason).toBe(TrainBlockReason.TRAIN_BLOCK_REASON_CHANNEL_FROZEN);
    expect(platform.subjects()[0]).toBe('Weekly train: 1 channel(s) and 2 PoP(s) move one release');
    expect(checkCommit(platform.remote, train.change?.gitCommit ?? '')).toEqual([]);
  });

  it('rolls a Space back one step at once, with emergency directives to both its PoPs', async () => {
    const rollback = await firstValueFrom(
      client.rollback(
        { requestId: 'rollback-acme', space: 'acme', reason: 'login errors after upgrade' },
        admin,
      ),
    );

    expect(rollback.change?.directiveIds).toHaveLength(2);
    const message = platform.remote.git(
      ['log', '-1', '--format=%B', platform.remote.branch],
      platform.remote.url,
    );
    expect(message).toContain('Roll back Space acme 2026.45.0 → 2026.44.0 (emergency, 1 Space(s))');
    expect(message).toContain('Reason: login errors after upgrade');
    expect(checkCommit(platform.remote, rollback.change?.gitCommit ?? '')).toEqual([]);
  });

  it('rolls a channel back one step, and refuses to roll back across a contract', async () => {
    const channel = await firstValueFrom(
      client.rollback(
        { requestId: 'rollback-prod', channel: Channel.CHANNEL_PROD, reason: 'bad week' },
        admin,
      ),
    );
    const acrossContract = await failure(
      client.rollback({ requestId: 'rollback-hooli', space: 'hooli', reason: 'try' }, admin),
    );
    const channels = await firstValueFrom(client.getChannels({}, admin));

    expect(channels.channels.find((c) => c.channel === Channel.CHANNEL_PROD)?.release).toBe(
      '2026.45.0',
    );
    expect(checkCommit(platform.remote, channel.change?.gitCommit ?? '')).toEqual([]);
    expect(acrossContract.code).toBe(status.FAILED_PRECONDITION);
    expect(acrossContract.details).toContain('carries contract "users-email-v2"');
  });

  it('unfreezes once, and says so when there is nothing to unfreeze', async () => {
    await firstValueFrom(
      client.unfreeze(
        { requestId: 'unfreeze-1', channel: Channel.CHANNEL_STAGING, reason: 'over' },
        admin,
      ),
    );
    const again = await failure(
      client.unfreeze(
        { requestId: 'unfreeze-2', channel: Channel.CHANNEL_STAGING, reason: 'over' },
        admin,
      ),
    );

    expect(again.code).toBe(status.FAILED_PRECONDITION);
  });

  it('plans the rollout of a Space window by window', async () => {
    const plan = await firstValueFrom(
      client.planRollout(
        {
          fromTime: { seconds: String(Date.parse('2026-11-23T00:00:00Z') / 1000), nanos: 0 },
          days: 14,
          space: 'globex',
          pop: '',
          channel: Channel.CHANNEL_UNSPECIFIED,
          pageSize: 0,
          pageToken: '',
        },
        admin,
      ),
    );

    expect(plan.spaces).toHaveLength(1);
    expect(plan.spaces[0].windows.map((w) => [w.fromRelease, w.toRelease])).toEqual([
      ['2026.44.0', '2026.45.0'],
      ['2026.45.0', '2026.45.0'],
    ]);
  });

  it('pushes a train asked for review to train/<date>: main and the relays see nothing until it is merged', async () => {
    const { remote } = platform;
    const onRemote = (args: string[]) => remote.git(args, remote.url);
    const prodRelease = async () =>
      (await firstValueFrom(client.getChannels({}, admin))).channels.find(
        (c) => c.channel === Channel.CHANNEL_PROD,
      )?.release;
    const main = onRemote(['rev-parse', remote.branch]);
    const backlog = await platform.relayBacklog('aws-us-east-1', 'acme'); // a prod Space
    const request = { requestId: 'train-review', dryRun: false, review: true };
    const days = [new Date().toISOString().slice(0, 10)];

    const train = await firstValueFrom(client.runTrain(request, admin));
    const retry = await firstValueFrom(client.runTrain(request, admin));
    days.push(new Date().toISOString().slice(0, 10));

    expect(days.map((day) => `train/${day}`)).toContain(train.reviewBranch);
    expect(retry).toEqual(train);
    expect(train.moves.map((m) => [m.toRelease, m.outcome])).toEqual([
      ['2026.46.0', TrainOutcome.TRAIN_OUTCOME_MOVED],
      ['2026.47.0', TrainOutcome.TRAIN_OUTCOME_MOVED],
      ['2026.47.0', TrainOutcome.TRAIN_OUTCOME_BLOCKED],
    ]);
    const commit = train.change?.gitCommit ?? '';
    expect(train.change?.directiveIds).toEqual([]);
    expect(onRemote(['rev-parse', train.reviewBranch])).toBe(commit);
    expect(onRemote(['rev-parse', `${commit}^`])).toBe(main);
    expect(onRemote(['rev-parse', remote.branch])).toBe(main);
    expect(checkCommit(remote, commit)).toEqual([]); // the engineers' PR check
    expect(await prodRelease()).toBe('2026.45.0');

    // The engineer merges the pull request (here: a fast-forward of main).
    remote.git(['fetch', '--quiet', 'origin']);
    remote.git(['checkout', '--quiet', '-B', remote.branch, `origin/${train.reviewBranch}`]);
    remote.git(['push', '--quiet', 'origin', remote.branch]);

    await expectEventually(async () => expect(await prodRelease()).toBe('2026.46.0'));
    expect(await platform.relayBacklog('aws-us-east-1', 'acme')).toBe(backlog);
  });

  it('refuses bad targets, a viewer training, and callers without a token', async () => {
    const noTarget = await failure(client.rollback({ requestId: 'r-x', reason: 'x' }, admin));
    const viewer = await failure(
      client.runTrain({ requestId: 'train-v', dryRun: false }, await platform.auth('viewer')),
    );
    const anonymous = await failure(client.getChannels({}));

    expect(noTarget.code).toBe(status.INVALID_ARGUMENT);
    expect(viewer.code).toBe(status.PERMISSION_DENIED);
    expect(anonymous.code).toBe(status.UNAUTHENTICATED);
  });
});

async function expectEventually(check: () => Promise<void>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
