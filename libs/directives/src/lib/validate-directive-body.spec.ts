import { commonV1alpha1, directiveV1alpha1 } from '@platform/contracts';
import { validateDirectiveBody } from '../index';
import { acceptReleaseBody, bodiesOfEveryAction } from '../test/directive-body.fixture';

const { Tier, DayOfWeek } = commonV1alpha1;
const { FailoverRole } = directiveV1alpha1;

function fieldsOf(body: directiveV1alpha1.DirectiveBody): string[] {
  return validateDirectiveBody(body).map((problem) => problem.field);
}

describe(validateDirectiveBody.name, () => {
  it('accepts a valid body of every action', () => {
    for (const body of bodiesOfEveryAction()) {
      expect(validateDirectiveBody(body)).toEqual([]);
    }
  });

  it.each([
    ['empty', ''],
    ['65 characters', 'd'.repeat(65)],
    ['a character outside [0-9A-Za-z_-]', 'd.1'],
    ['a space', 'd 1'],
  ])('refuses an id that is %s', (_, id) => {
    expect(fieldsOf(acceptReleaseBody({ id }))).toEqual(['id']);
  });

  it('accepts an id of 64 characters from the whole alphabet', () => {
    const id = 'AZaz09_-'.repeat(8);

    expect(validateDirectiveBody(acceptReleaseBody({ id }))).toEqual([]);
  });

  it.each(['', 'Acme', 'acme-', '-acme', 'ac_me', 'a'.repeat(64)])(
    'refuses the Space name %j',
    (space) => {
      expect(fieldsOf(acceptReleaseBody({ space }))).toEqual(['space']);
    },
  );

  it('requires issued_at and a Timestamp in range', () => {
    expect(validateDirectiveBody(acceptReleaseBody({ issuedAt: undefined }))).toEqual([
      { field: 'issued_at', message: 'is required' },
    ]);
    expect(
      fieldsOf(acceptReleaseBody({ issuedAt: { seconds: '253402300800', nanos: 0 } })),
    ).toEqual(['issued_at']);
    expect(
      fieldsOf(acceptReleaseBody({ issuedAt: { seconds: '1', nanos: 1_000_000_000 } })),
    ).toEqual(['issued_at']);
  });

  it.each([
    ['short', '0123456789abcdef'],
    ['upper case', '0123456789ABCDEF0123456789ABCDEF01234567'],
    ['not hex', 'g123456789abcdef0123456789abcdef01234567'],
    ['missing', ''],
  ])('refuses a git commit that is %s', (_, gitCommit) => {
    expect(fieldsOf(acceptReleaseBody({ gitCommit }))).toEqual(['git_commit']);
  });

  it('requires exactly one action', () => {
    const none = acceptReleaseBody({ acceptRelease: undefined });
    const two = acceptReleaseBody({ unfreeze: {} });

    expect(fieldsOf(none)).toEqual(['action']);
    expect(validateDirectiveBody(two)).toEqual([
      { field: 'action', message: 'exactly one may be set, got accept_release, unfreeze' },
    ]);
  });

  it('requires both releases of a release step, and that they differ', () => {
    expect(
      fieldsOf(acceptReleaseBody({ acceptRelease: { release: '2026.45.0', fromRelease: '' } })),
    ).toEqual(['accept_release.from_release']);
    expect(
      fieldsOf(acceptReleaseBody({ acceptRelease: { release: '', fromRelease: '2026.44.0' } })),
    ).toEqual(['accept_release.release']);
    expect(
      fieldsOf(
        acceptReleaseBody({ acceptRelease: { release: '2026.45.0', fromRelease: '2026.45.0' } }),
      ),
    ).toEqual(['accept_release.release']);
  });

  it('requires a known tier to scale to', () => {
    const base = acceptReleaseBody({ acceptRelease: undefined });

    expect(fieldsOf({ ...base, scale: { tier: Tier.TIER_UNSPECIFIED } })).toEqual(['scale.tier']);
    expect(fieldsOf({ ...base, scale: { tier: Tier.UNRECOGNIZED } })).toEqual(['scale.tier']);
  });

  it('requires a failover role and the peer PoP', () => {
    const base = acceptReleaseBody({ acceptRelease: undefined });
    const body = {
      ...base,
      setFailoverRole: { role: FailoverRole.FAILOVER_ROLE_UNSPECIFIED, peerPop: 'AWS us-east-1' },
    };

    expect(fieldsOf(body)).toEqual(['set_failover_role.role', 'set_failover_role.peer_pop']);
  });

  it('names each invalid field of a maintenance window', () => {
    const base = acceptReleaseBody({ acceptRelease: undefined });
    const body = {
      ...base,
      setMaintenanceWindow: {
        maintenanceWindow: {
          day: DayOfWeek.DAY_OF_WEEK_UNSPECIFIED,
          start: '24:00',
          timeZone: 'europe/berlin',
          durationMinutes: 1441,
        },
      },
    };
    const prefix = 'set_maintenance_window.maintenance_window';

    expect(fieldsOf(body)).toEqual([
      `${prefix}.day`,
      `${prefix}.start`,
      `${prefix}.time_zone`,
      `${prefix}.duration_minutes`,
    ]);
    expect(fieldsOf({ ...base, setMaintenanceWindow: {} })).toEqual([prefix]);
  });

  it('bounds a freeze reason and requires the freeze to end after it was issued', () => {
    const base = acceptReleaseBody({ acceptRelease: undefined });

    expect(fieldsOf({ ...base, freeze: { reason: 'x'.repeat(501) } })).toEqual(['freeze.reason']);
    expect(
      fieldsOf({ ...base, freeze: { reason: 'late', until: { seconds: '1763800000', nanos: 0 } } }),
    ).toEqual(['freeze.until']);
    expect(fieldsOf({ ...base, freeze: { reason: '' } })).toEqual([]);
  });

  it('quotes at most a prefix of a long hostile value', () => {
    const [problem] = validateDirectiveBody(acceptReleaseBody({ space: 'x'.repeat(10_000) }));

    expect(problem.message.length).toBeLessThan(300);
  });
});
