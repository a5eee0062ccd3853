import { FailedPreconditionError, NotFoundError } from '@platform/errors';
import { VERSIONS, chainOf, fleet, pop, space } from '../testing/release-fixtures';
import { planChannelRollback, planSpaceRollback } from './rollback-plan';

describe('rollback plans', () => {
  const state = fleet({
    channels: { prod: 'r3' },
    spaces: [
      space('on-it', { release: 'r3' }),
      space('behind', { release: 'r2' }),
      space('other-channel', { channel: 'dev', release: 'r3' }),
    ],
    pops: [pop('aws-us-east-1', 'prod', 'r3')],
  });

  it('moves a channel, and its Spaces and PoPs on its release, back one step', () => {
    expect(planChannelRollback(state, 'prod')).toEqual({
      channel: { channel: 'prod', from: 'r3', to: 'r2' },
      spaces: [{ name: 'on-it', from: 'r3', to: 'r2' }],
      pops: [{ name: 'aws-us-east-1', from: 'r3', to: 'r2' }],
    });
  });

  it('moves one Space back one step', () => {
    expect(planSpaceRollback(state, 'behind')).toEqual({
      spaces: [{ name: 'behind', from: 'r2', to: 'r1' }],
      pops: [],
    });
  });

  it('refuses to cross a contract migration', () => {
    const contracted = fleet({
      releases: chainOf(VERSIONS, {
        r2: { migrations: [{ id: 'users-email', phase: 'expand' }] },
        r3: { migrations: [{ id: 'users-email', phase: 'contract' }] },
      }),
      channels: { prod: 'r3' },
      spaces: [space('acme', { release: 'r3' })],
    });

    expect(() => planChannelRollback(contracted, 'prod')).toThrow(
      new FailedPreconditionError(
        'channel "prod" cannot roll back from r3 to r2: r3 carries contract "users-email", which removed what r2 needs; roll forward with a fix instead',
      ),
    );
    expect(() => planSpaceRollback(contracted, 'acme')).toThrow(FailedPreconditionError);
  });

  it('refuses the first release, a blocked predecessor and an unknown Space', () => {
    expect(() =>
      planSpaceRollback(fleet({ spaces: [space('a', { release: 'r1' })] }), 'a'),
    ).toThrow(/has no earlier release/);
    expect(() =>
      planChannelRollback(
        fleet({
          releases: chainOf(VERSIONS, { r2: { blocked: 'bad' } }),
          channels: { prod: 'r3' },
        }),
        'prod',
      ),
    ).toThrow(/r2: it is blocked \(bad\)/);
    expect(() => planSpaceRollback(state, 'nobody')).toThrow(NotFoundError);
  });
});
