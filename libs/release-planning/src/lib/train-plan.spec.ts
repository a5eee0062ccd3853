import { VERSIONS, chainOf, fleet, pop, space } from '../testing/release-fixtures';
import { planTrain } from './train-plan';

const NOW = new Date('2026-11-23T09:00:00Z');

describe(planTrain.name, () => {
  it('moves prod to staging’s release, staging to dev’s, dev to the next one, prod first', () => {
    const plan = planTrain(fleet(), NOW);

    expect(plan.channels).toEqual([
      { channel: 'prod', from: 'r1', to: 'r2', outcome: 'moved' },
      { channel: 'staging', from: 'r2', to: 'r3', outcome: 'moved' },
      { channel: 'dev', from: 'r3', to: 'r4', outcome: 'moved' },
    ]);
  });

  it('keeps a frozen channel where it is and still moves the others', () => {
    const plan = planTrain(fleet({ channelFreezes: { staging: { reason: 'black friday' } } }), NOW);

    expect(plan.channels.map((move) => [move.channel, move.outcome, move.to])).toEqual([
      ['prod', 'moved', 'r2'],
      ['staging', 'blocked', 'r2'],
      ['dev', 'moved', 'r4'],
    ]);
    expect(plan.channels[1]).toMatchObject({
      blocker: 'channel-frozen',
      detail: 'staging is frozen: black friday',
    });
  });

  it('ignores a freeze whose end time has passed', () => {
    const plan = planTrain(
      fleet({ channelFreezes: { prod: { reason: 'audit', until: '2026-11-20T00:00:00Z' } } }),
      NOW,
    );

    expect(plan.channels[0].outcome).toBe('moved');
  });

  it('moves nothing while the fleet is frozen', () => {
    const plan = planTrain(fleet({ freezes: { fleet: { reason: 'incident 42' } } }), NOW);

    expect(plan.channels.map((move) => move.blocker)).toEqual([
      'fleet-frozen',
      'fleet-frozen',
      'fleet-frozen',
    ]);
  });

  it('never advances a blocked release', () => {
    const plan = planTrain(
      fleet({ releases: chainOf(VERSIONS, { r3: { blocked: 'breaks SAML login' } }) }),
      NOW,
    );

    expect(plan.channels.map((move) => [move.channel, move.outcome])).toEqual([
      ['prod', 'moved'],
      ['staging', 'blocked'],
      ['dev', 'moved'],
    ]);
    expect(plan.channels[1]).toMatchObject({
      blocker: 'release-blocked',
      detail: 'r3 is blocked: breaks SAML login',
    });
  });

  it('reports dev unchanged-blocked when nothing newer is published', () => {
    const plan = planTrain(fleet({ channels: { dev: 'r6', staging: 'r5', prod: 'r4' } }), NOW);

    expect(plan.channels[2]).toMatchObject({ outcome: 'blocked', blocker: 'no-newer-release' });
  });

  it('moves a channel that fell behind one step toward the channel below, and leaves one already there', () => {
    const plan = planTrain(fleet({ channels: { prod: 'r1', staging: 'r3', dev: 'r3' } }), NOW);

    expect(plan.channels[0]).toMatchObject({ outcome: 'moved', from: 'r1', to: 'r2' });
    expect(plan.channels[1]).toMatchObject({ outcome: 'unchanged', to: 'r3' });
  });

  it('catches a channel up after a frozen week instead of stalling it for good', () => {
    const frozen = planTrain(
      fleet({ channelFreezes: { staging: { reason: 'black friday' } } }),
      NOW,
    );
    expect(frozen.channels[1]).toMatchObject({ outcome: 'blocked', to: 'r2' });

    // A week later: dev moved on to r4, staging is two behind it.
    const next = planTrain(fleet({ channels: { prod: 'r2', staging: 'r2', dev: 'r4' } }), NOW);

    expect(next.channels.map((move) => [move.channel, move.outcome, move.to])).toEqual([
      ['prod', 'unchanged', 'r2'],
      ['staging', 'moved', 'r3'],
      ['dev', 'moved', 'r5'],
    ]);
  });

  it('keeps a channel whose channel below is behind it (after a rollback)', () => {
    const plan = planTrain(fleet({ channels: { prod: 'r3', staging: 'r2', dev: 'r4' } }), NOW);

    expect(plan.channels[0]).toMatchObject({
      outcome: 'blocked',
      blocker: 'not-one-step',
      to: 'r3',
    });
  });

  it('holds a contract back from a channel while one of its Spaces is older than the expand', () => {
    const releases = chainOf(VERSIONS, {
      r2: { migrations: [{ id: 'users-email', phase: 'expand' }] },
      r3: { migrations: [{ id: 'users-email', phase: 'contract' }] },
    });
    const lagging = fleet({
      releases,
      channels: { prod: 'r1', staging: 'r2', dev: 'r3' },
      spaces: [
        space('acme', { channel: 'staging', release: 'r2' }),
        space('globex', { channel: 'staging', release: 'r1' }),
      ],
    });

    const held = planTrain(lagging, NOW);
    const caughtUp = planTrain(
      fleet({
        releases,
        channels: { prod: 'r1', staging: 'r2', dev: 'r3' },
        spaces: [space('acme', { channel: 'staging', release: 'r2' })],
      }),
      NOW,
    );

    expect(held.channels[1]).toMatchObject({ outcome: 'blocked', blocker: 'contract-gate' });
    expect(held.channels[1].detail).toContain('globex');
    expect(caughtUp.channels[1]).toMatchObject({ outcome: 'moved', to: 'r3' });
  });

  it('moves each PoP one step toward its channel’s new release', () => {
    const plan = planTrain(
      fleet({ pops: [pop('aws-us-east-1', 'prod', 'r1'), pop('gcp-europe-west1', 'dev', 'r1')] }),
      NOW,
    );

    expect(plan.pops).toEqual([
      { pop: 'aws-us-east-1', from: 'r1', to: 'r2' },
      { pop: 'gcp-europe-west1', from: 'r1', to: 'r2' },
    ]);
  });
});
