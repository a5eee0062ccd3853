import { botDetectionV1alpha1 } from '@platform/contracts';
import { InvalidArgumentError } from '@platform/errors';
import { isDns1123Label } from '@platform/pki';
import {
  formatIpAddress,
  formatIpRange,
  maskAddress,
  parseIpAddress,
  parseIpRange,
  type IpAddress,
  type IpRange,
} from './domain/ip-address';
import { MAX_FINGERPRINT_LENGTH } from './domain/signature.validation';
import { SPACE_RULE_LIMITS, type SpaceRuleSettings } from './domain/space-rules';

const { AuthEvent, LoginOutcome } = botDetectionV1alpha1;

/** Longer than any browser's; a longer header is an attack on the matcher, not a client. */
export const MAX_USER_AGENT_LENGTH = 1024;
export const MAX_IDS_PER_REQUEST = 1000;
export const MAX_SIGNATURES_PER_MESSAGE = 1000;
const HASHED_USER_ID = /^[0-9a-f]{64}$/;
const DEFAULT_WINDOW_MINUTES = 60;
const MAX_WINDOW_MINUTES = 1440;

export function validateSpace(field: string, value: string): string {
  if (value === '') throw new InvalidArgumentError(field, 'is required');
  if (!isDns1123Label(value)) {
    throw new InvalidArgumentError(
      field,
      'expected a Space name (lowercase letters, digits and "-", at most 63 characters)',
    );
  }
  return value;
}

export function validateIp(field: string, value: string): IpAddress {
  if (value === '') throw new InvalidArgumentError(field, 'is required');
  const address = parseIpAddress(value);
  if (!address)
    throw new InvalidArgumentError(field, 'expected an IPv4 (dotted decimal) or IPv6 address');
  return address;
}

export function validateHashedUserId(field: string, value: string, required: boolean): string {
  if (value === '') {
    if (required) throw new InvalidArgumentError(field, 'is required');
    return value;
  }
  if (!HASHED_USER_ID.test(value))
    throw new InvalidArgumentError(field, 'expected 64 lowercase hex characters');
  return value;
}

export function validateEvent(
  field: string,
  value: botDetectionV1alpha1.AuthEvent,
): 'login' | 'signup' | 'password-reset' {
  switch (value) {
    case AuthEvent.AUTH_EVENT_LOGIN:
      return 'login';
    case AuthEvent.AUTH_EVENT_SIGNUP:
      return 'signup';
    case AuthEvent.AUTH_EVENT_PASSWORD_RESET:
      return 'password-reset';
    default:
      throw new InvalidArgumentError(
        field,
        'expected AUTH_EVENT_LOGIN, AUTH_EVENT_SIGNUP or AUTH_EVENT_PASSWORD_RESET',
      );
  }
}

export function validateOutcome(
  field: string,
  value: botDetectionV1alpha1.LoginOutcome,
): 'success' | 'failure' {
  if (value === LoginOutcome.LOGIN_OUTCOME_SUCCESS) return 'success';
  if (value === LoginOutcome.LOGIN_OUTCOME_FAILURE) return 'failure';
  throw new InvalidArgumentError(field, 'expected LOGIN_OUTCOME_SUCCESS or LOGIN_OUTCOME_FAILURE');
}

export interface ValidCheck {
  space: string;
  event: 'login' | 'signup' | 'password-reset';
  ip: IpAddress;
  userAgent: string;
  hashedUserId: string;
  fingerprintHash: string;
}

export function validateCheck(request: botDetectionV1alpha1.CheckRequest): ValidCheck {
  const space = validateSpace('space', request.space);
  const event = validateEvent('event', request.event);
  const ip = validateIp('ip', request.ip);
  if (request.userAgent.length > MAX_USER_AGENT_LENGTH) {
    throw new InvalidArgumentError(
      'user_agent',
      `is longer than ${MAX_USER_AGENT_LENGTH} characters`,
    );
  }
  const hashedUserId = validateHashedUserId('hashed_user_id', request.hashedUserId, false);
  if (request.fingerprintHash.length > MAX_FINGERPRINT_LENGTH) {
    throw new InvalidArgumentError(
      'fingerprint_hash',
      `is longer than ${MAX_FINGERPRINT_LENGTH} characters`,
    );
  }
  return {
    space,
    event,
    ip,
    userAgent: request.userAgent,
    hashedUserId,
    fingerprintHash: request.fingerprintHash,
  };
}

/**
 * The IP as rate counters see it: an IPv4 address, or the /64 of an IPv6 address, since one
 * IPv6 host commonly holds a whole /64 and would otherwise reset its counters at will.
 */
export function rateKeyOf(ip: IpAddress): string {
  return ip.family === 4
    ? formatIpAddress(ip)
    : formatIpRange({ ...maskAddress(ip, 64), prefix: 64 } as IpRange);
}

/** An allowlist range, normalized (an address becomes /32 or /128; host bits must be zero). */
export function validateAllowlistRange(
  field: string,
  value: string,
): { text: string; range: IpRange } {
  if (value === '') throw new InvalidArgumentError(field, 'is required');
  const range = parseIpRange(value);
  if (!range)
    throw new InvalidArgumentError(
      field,
      'expected an IP address or CIDR range with its host bits zero',
    );
  return { text: formatIpRange(range), range };
}

export function validateIds(ids: readonly string[]): void {
  if (ids.length === 0)
    throw new InvalidArgumentError('ids', 'is empty; give 1 to 1000 signature ids');
  if (ids.length > MAX_IDS_PER_REQUEST) {
    throw new InvalidArgumentError(
      'ids',
      `holds ${ids.length} ids; at most ${MAX_IDS_PER_REQUEST} per call`,
    );
  }
}

export function windowMinutesOf(value: number): number {
  if (value === 0) return DEFAULT_WINDOW_MINUTES;
  if (!Number.isInteger(value) || value < 1 || value > MAX_WINDOW_MINUTES) {
    throw new InvalidArgumentError(
      'window_minutes',
      `expected 1 to ${MAX_WINDOW_MINUTES} (0 means ${DEFAULT_WINDOW_MINUTES})`,
    );
  }
  return value;
}

/**
 * A Space's rule settings from SetSpaceRules. An unset rule stays unset (the platform default);
 * a threshold must be 0 (the default's) or within its bounds, and a bad one is named by its path.
 */
export function validateSpaceRules(
  rules: botDetectionV1alpha1.SpaceRules | null | undefined,
): SpaceRuleSettings {
  const settings: SpaceRuleSettings = {};
  if (!rules) return settings;
  if (rules.bruteForce) {
    settings.bruteForce = {
      enabled: rules.bruteForce.enabled === true,
      maxAttempts: threshold(
        'rules.brute_force.max_attempts',
        rules.bruteForce.maxAttempts,
        SPACE_RULE_LIMITS.bruteForceMaxAttempts,
      ),
    };
  }
  if (rules.suspiciousIp) {
    settings.suspiciousIp = {
      enabled: rules.suspiciousIp.enabled === true,
      maxFailedLogins: threshold(
        'rules.suspicious_ip.max_failed_logins_per_day',
        rules.suspiciousIp.maxFailedLoginsPerDay,
        SPACE_RULE_LIMITS.failedLoginsPerWindow,
      ),
    };
  }
  if (rules.signup) {
    settings.signup = {
      enabled: rules.signup.enabled === true,
      maxSignups: threshold(
        'rules.signup.max_signups_per_minute',
        rules.signup.maxSignupsPerMinute,
        SPACE_RULE_LIMITS.signupsPerWindow,
      ),
    };
  }
  return settings;
}

function threshold(field: string, value: number | null | undefined, max: number): number {
  const n = value ?? 0;
  if (!Number.isInteger(n) || n < 0 || n > max) {
    throw new InvalidArgumentError(
      field,
      `expected 1 to ${max} (0 means the platform default), got ${String(value)}`,
    );
  }
  return n;
}
