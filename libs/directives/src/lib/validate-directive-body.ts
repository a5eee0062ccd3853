import { commonV1alpha1, directiveV1alpha1 } from '@platform/contracts';
import { isDns1123Label } from '@platform/pki';
import { isIanaTimeZone } from './iana-time-zone';

type DirectiveBody = directiveV1alpha1.DirectiveBody;
type Timestamp = NonNullable<DirectiveBody['issuedAt']>;

/** One reason a directive body is invalid. */
export interface DirectiveProblem {
  /**
   * Path of the offending field, spelled as in `directive.proto` (snake_case), for example
   * `accept_release.from_release`; `action` when no action or several actions are set.
   */
  readonly field: string;
  readonly message: string;
}

/** The action fields of the `action` oneof, with their proto names, in field-number order. */
export const DIRECTIVE_ACTIONS = [
  ['acceptRelease', 'accept_release'],
  ['scale', 'scale'],
  ['setFailoverRole', 'set_failover_role'],
  ['setMaintenanceWindow', 'set_maintenance_window'],
  ['freeze', 'freeze'],
  ['unfreeze', 'unfreeze'],
  ['decommission', 'decommission'],
] as const satisfies ReadonlyArray<readonly [keyof DirectiveBody, string]>;

const DIRECTIVE_ID = /^[0-9A-Za-z_-]{1,64}$/;
// A full SHA-1 commit id as git prints it; lowercase so ids compare equal as strings.
const GIT_COMMIT = /^[0-9a-f]{40}$/;
// Release versions are opaque; this only keeps them short and printable (no spaces, no control
// characters), so they are safe in file names and log lines.
const RELEASE_VERSION = /^[\x21-\x7e]{1,253}$/;
const MAX_FREEZE_REASON_LENGTH = 500;
const LOCAL_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const MAX_WINDOW_MINUTES = 24 * 60;
// google.protobuf.Timestamp's range: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z.
const MIN_SECONDS = -62_135_596_800n;
const MAX_SECONDS = 253_402_300_799n;
const MAX_NANOS = 999_999_999;
const INTEGER = /^-?\d{1,20}$/;
// Enough to recognise a value in a message without echoing all of it.
const MAX_QUOTED_LENGTH = 80;

const { Tier, DayOfWeek } = commonV1alpha1;
const { FailoverRole } = directiveV1alpha1;
const TIERS = new Set<string>([Tier.TIER_BASIC, Tier.TIER_PERFORMANCE, Tier.TIER_PERFORMANCE_PLUS]);
const FAILOVER_ROLES = new Set<string>([
  FailoverRole.FAILOVER_ROLE_ACTIVE,
  FailoverRole.FAILOVER_ROLE_STANDBY,
]);
const DAYS = new Set<string>([
  DayOfWeek.DAY_OF_WEEK_MONDAY,
  DayOfWeek.DAY_OF_WEEK_TUESDAY,
  DayOfWeek.DAY_OF_WEEK_WEDNESDAY,
  DayOfWeek.DAY_OF_WEEK_THURSDAY,
  DayOfWeek.DAY_OF_WEEK_FRIDAY,
  DayOfWeek.DAY_OF_WEEK_SATURDAY,
  DayOfWeek.DAY_OF_WEEK_SUNDAY,
]);

/**
 * Checks a directive body against the rules of `directive.proto` and `common.proto`:
 *
 * - `id`: 1-64 characters of `[0-9A-Za-z_-]`;
 * - `space`: a DNS-1123 label;
 * - `issued_at`: present and a valid Timestamp;
 * - `git_commit`: a full 40-hex-digit lowercase commit id;
 * - exactly one action, and its fields valid: `accept_release` names two different releases,
 *   `scale` a known tier, `set_failover_role` a role (active or standby) and a peer PoP,
 *   `set_maintenance_window` a complete window (day, "HH:MM", IANA zone, 1-1440 minutes),
 *   `freeze` a reason of at most 500 characters and an optional `until` after `issued_at`.
 *
 * Never throws: it is run on the decoded bytes of every signed directive an agent receives.
 *
 * @returns every problem found, in field order; empty when the body is valid.
 */
export function validateDirectiveBody(body: DirectiveBody): DirectiveProblem[] {
  const problems: DirectiveProblem[] = [];
  const report = (field: string, message: string | undefined): void => {
    if (message !== undefined) problems.push({ field, message });
  };

  report(
    'id',
    stringProblem(
      body.id,
      DIRECTIVE_ID.test(body.id),
      'is not a directive id (1-64 characters of [0-9A-Za-z_-])',
    ),
  );
  report('space', nameProblem(body.space));
  report(
    'issued_at',
    body.issuedAt === undefined ? 'is required' : timestampProblem(body.issuedAt),
  );
  report(
    'git_commit',
    stringProblem(
      body.gitCommit,
      GIT_COMMIT.test(body.gitCommit),
      'is not a full git commit id (40 lowercase hex digits)',
    ),
  );

  const actions = DIRECTIVE_ACTIONS.filter(([key]) => body[key] !== undefined);
  if (actions.length === 0) {
    report(
      'action',
      `is required: set exactly one of ${DIRECTIVE_ACTIONS.map(([, name]) => name).join(', ')}`,
    );
  } else if (actions.length > 1) {
    report('action', `exactly one may be set, got ${actions.map(([, name]) => name).join(', ')}`);
  }

  const { acceptRelease, scale, setFailoverRole, setMaintenanceWindow, freeze } = body;
  if (acceptRelease !== undefined) {
    report('accept_release.release', releaseProblem(acceptRelease.release));
    report('accept_release.from_release', releaseProblem(acceptRelease.fromRelease));
    if (acceptRelease.release !== '' && acceptRelease.release === acceptRelease.fromRelease) {
      report('accept_release.release', 'must differ from from_release: a release step moves');
    }
  }
  if (scale !== undefined && !TIERS.has(scale.tier)) {
    report('scale.tier', `must be a known tier, got ${scale.tier}`);
  }
  if (setFailoverRole !== undefined) {
    if (!FAILOVER_ROLES.has(setFailoverRole.role)) {
      report('set_failover_role.role', `must be active or standby, got ${setFailoverRole.role}`);
    }
    report('set_failover_role.peer_pop', nameProblem(setFailoverRole.peerPop));
  }
  if (setMaintenanceWindow !== undefined) {
    const field = 'set_maintenance_window.maintenance_window';
    const window = setMaintenanceWindow.maintenanceWindow;
    if (window === undefined) report(field, 'is required');
    else
      for (const [path, message] of maintenanceWindowProblems(window))
        report(`${field}.${path}`, message);
  }
  if (freeze !== undefined) {
    if (freeze.reason.length > MAX_FREEZE_REASON_LENGTH) {
      report(
        'freeze.reason',
        `must be at most ${MAX_FREEZE_REASON_LENGTH} characters, got ${freeze.reason.length}`,
      );
    }
    if (freeze.until !== undefined) {
      const problem = timestampProblem(freeze.until);
      report('freeze.until', problem);
      if (
        problem === undefined &&
        body.issuedAt !== undefined &&
        timestampProblem(body.issuedAt) === undefined
      ) {
        if (compareTimestamps(freeze.until, body.issuedAt) <= 0) {
          report('freeze.until', 'must be after issued_at, or unset for a freeze until Unfreeze');
        }
      }
    }
  }
  return problems;
}

function maintenanceWindowProblems(
  window: commonV1alpha1.MaintenanceWindow,
): Array<[string, string]> {
  const problems: Array<[string, string]> = [];
  if (!DAYS.has(window.day)) problems.push(['day', `must be a day of the week, got ${window.day}`]);
  const start = stringProblem(
    window.start,
    LOCAL_TIME.test(window.start),
    'is not a time "HH:MM" from 00:00 to 23:59',
  );
  if (start !== undefined) problems.push(['start', start]);
  const zone = stringProblem(
    window.timeZone,
    isIanaTimeZone(window.timeZone),
    'is not an IANA time zone',
  );
  if (zone !== undefined) problems.push(['time_zone', zone]);
  const minutes = window.durationMinutes;
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_WINDOW_MINUTES) {
    problems.push([
      'duration_minutes',
      `must be 1 to ${MAX_WINDOW_MINUTES} minutes, got ${minutes}`,
    ]);
  }
  return problems;
}

function nameProblem(name: string): string | undefined {
  return stringProblem(
    name,
    isDns1123Label(name),
    'is not a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)',
  );
}

function releaseProblem(version: string): string | undefined {
  return stringProblem(
    version,
    RELEASE_VERSION.test(version),
    'is not a release version (1-253 printable characters, no spaces)',
  );
}

function stringProblem(value: string, valid: boolean, problem: string): string | undefined {
  if (value === '') return 'is required';
  return valid ? undefined : `${quote(value)} ${problem}`;
}

function timestampProblem(timestamp: Timestamp): string | undefined {
  const { seconds, nanos } = timestamp;
  const inRange =
    INTEGER.test(seconds) && BigInt(seconds) >= MIN_SECONDS && BigInt(seconds) <= MAX_SECONDS;
  if (!inRange) {
    return `seconds ${quote(String(seconds))} is outside 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z`;
  }
  if (!Number.isInteger(nanos) || nanos < 0 || nanos > MAX_NANOS) {
    return `nanos must be 0 to ${MAX_NANOS}, got ${nanos}`;
  }
  return undefined;
}

function compareTimestamps(a: Timestamp, b: Timestamp): number {
  const seconds = BigInt(a.seconds) - BigInt(b.seconds);
  if (seconds !== 0n) return seconds > 0n ? 1 : -1;
  return Math.sign(a.nanos - b.nanos);
}

function quote(value: string): string {
  const shown = value.length > MAX_QUOTED_LENGTH ? `${value.slice(0, MAX_QUOTED_LENGTH)}…` : value;
  return JSON.stringify(shown);
}
