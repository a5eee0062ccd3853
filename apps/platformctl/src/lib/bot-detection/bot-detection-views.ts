import type { botDetectionV1alpha1 as bd } from '@platform/contracts';
import { formatFields, formatTable } from '../output/text-table';
import { reasons } from './bot-detection-vocabulary';

/** A contract timestamp as ISO 8601, or undefined when unset. */
export function isoTime(timestamp: { seconds: string; nanos: number } | undefined) {
  if (!timestamp) return undefined;
  return new Date(Number(timestamp.seconds) * 1000 + timestamp.nanos / 1e6).toISOString();
}

export function statsView(response: bd.GetStatsResponse, scope: { pop: string; space: string }) {
  return {
    pop: scope.pop,
    space: scope.space === '' ? '*' : scope.space,
    windowStart: isoTime(response.windowStart),
    checks: response.checks,
    allowed: response.allowed,
    challenged: response.challenged,
    throttled: response.throttled,
    blocked: response.blocked,
    reasons: Object.fromEntries(
      response.reasons.map((entry) => [reasons.toWord(entry.reason), entry.count]),
    ),
    loginFailures: response.loginFailures,
    activeSignatures: response.activeSignatures,
  };
}

export function statsTable(view: ReturnType<typeof statsView>): string {
  return formatFields([
    ['pop', view.pop],
    ['space', view.space === '*' ? '* (the whole PoP)' : view.space],
    ['since', view.windowStart ?? '-'],
    ['checks', String(view.checks)],
    ['allowed', String(view.allowed)],
    ['challenged', String(view.challenged)],
    ['throttled', String(view.throttled)],
    ['blocked', String(view.blocked)],
    [
      'reasons',
      Object.entries(view.reasons)
        .map(([reason, count]) => `${reason} ${count}`)
        .join(', ') || '-',
    ],
    ['login failures', String(view.loginFailures)],
    ['active signatures', String(view.activeSignatures)],
  ]);
}

export function rulesView(space: string, response: bd.GetSpaceRulesResponse) {
  const rules = response.rules;
  return {
    space,
    customized: response.customized,
    rules: {
      bruteForce: {
        enabled: rules?.bruteForce?.enabled ?? false,
        maxAttempts: rules?.bruteForce?.maxAttempts ?? 0,
      },
      suspiciousIp: {
        enabled: rules?.suspiciousIp?.enabled ?? false,
        maxFailedLoginsPerDay: rules?.suspiciousIp?.maxFailedLoginsPerDay ?? 0,
      },
      signup: {
        enabled: rules?.signup?.enabled ?? false,
        maxSignupsPerMinute: rules?.signup?.maxSignupsPerMinute ?? 0,
      },
    },
  };
}

export function rulesTable(view: ReturnType<typeof rulesView>): string {
  const on = (enabled: boolean) => (enabled ? 'on' : 'off');
  const { bruteForce, suspiciousIp, signup } = view.rules;
  return (
    formatFields([
      ['space', view.space],
      ['settings', view.customized ? 'its own' : 'the platform defaults'],
    ]) +
    '\n' +
    formatTable(
      ['rule', 'state', 'threshold'],
      [
        [
          'brute-force',
          on(bruteForce.enabled),
          `${bruteForce.maxAttempts} failed logins for one user from one IP`,
        ],
        [
          'suspicious-ip',
          on(suspiciousIp.enabled),
          `${suspiciousIp.maxFailedLoginsPerDay} failed logins per IP per day`,
        ],
        ['signup', on(signup.enabled), `${signup.maxSignupsPerMinute} signups per IP per minute`],
      ],
    )
  );
}

export function allowlistView(space: string, entries: readonly bd.AllowlistEntry[]) {
  return {
    space,
    entries: entries.map((entry) => ({
      ipRange: entry.ipRange,
      comment: entry.comment,
      addedAt: isoTime(entry.addedAt),
    })),
  };
}

export function allowlistTable(view: ReturnType<typeof allowlistView>): string {
  if (view.entries.length === 0) return `The allowlist of ${view.space} is empty.\n`;
  return formatTable(
    ['ip range', 'added', 'comment'],
    view.entries.map((entry) => [entry.ipRange, entry.addedAt ?? '-', entry.comment]),
  );
}
