import { InvalidArgumentError, Option } from 'commander';
import type { botDetectionV1alpha1 as bd } from '@platform/contracts';
import { UsageError } from '../usage-error';

export interface SpaceRulesOptions {
  bruteForce?: boolean;
  bruteForceAttempts?: number;
  suspiciousIp?: boolean;
  suspiciousIpPerDay?: number;
  signup?: boolean;
  signupsPerMinute?: number;
  defaults?: boolean;
}

const onOff = (value: string): boolean => {
  if (value === 'on') return true;
  if (value === 'off') return false;
  throw new InvalidArgumentError('expected on or off');
};

const count = (value: string): number => {
  const number = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(number) || number < 1) {
    throw new InvalidArgumentError('expected a whole number, 1 or more');
  }
  return number;
};

/** The options of `rules set`: each rule on or off and its threshold; the service checks ranges. */
export function spaceRulesOptions(): Option[] {
  return [
    new Option(
      '--brute-force <on|off>',
      'brute force: block a user from an IP after failed logins',
    ).argParser(onOff),
    new Option('--brute-force-attempts <n>', 'failed logins that start a block (1-1000)').argParser(
      count,
    ),
    new Option('--suspicious-ip <on|off>', 'throttle IPs with many failed logins').argParser(onOff),
    new Option(
      '--suspicious-ip-per-day <n>',
      'failed logins per IP that fit in a day (1-100000)',
    ).argParser(count),
    new Option('--signup <on|off>', 'throttle IPs with many signups').argParser(onOff),
    new Option(
      '--signups-per-minute <n>',
      'signups per IP that fit in a minute (1-10000)',
    ).argParser(count),
    new Option('--defaults', 'return every rule of the Space to the platform defaults'),
  ];
}

/**
 * The settings `rules set` sends. They replace the Space's settings as a whole (as the contract
 * does): a rule no option names follows the platform default, and a rule named only by its
 * threshold is on. A threshold left out is the platform default's.
 */
export function spaceRulesOf(options: SpaceRulesOptions): bd.SpaceRules {
  const rule = <Threshold extends string>(
    enabled: boolean | undefined,
    threshold: number | undefined,
    field: Threshold,
  ) =>
    enabled === undefined && threshold === undefined
      ? undefined
      : ({ enabled: enabled ?? true, [field]: threshold ?? 0 } as { enabled: boolean } & Record<
          Threshold,
          number
        >);
  const rules: bd.SpaceRules = {
    bruteForce: rule(options.bruteForce, options.bruteForceAttempts, 'maxAttempts'),
    suspiciousIp: rule(options.suspiciousIp, options.suspiciousIpPerDay, 'maxFailedLoginsPerDay'),
    signup: rule(options.signup, options.signupsPerMinute, 'maxSignupsPerMinute'),
  };
  const named = Object.values(rules).some((value) => value !== undefined);
  if (options.defaults && named) {
    throw new UsageError(
      '--defaults returns every rule to the defaults: give no rule option with it',
    );
  }
  if (!options.defaults && !named) {
    throw new UsageError('say what to set: a rule option (see --help), or --defaults');
  }
  return rules;
}
