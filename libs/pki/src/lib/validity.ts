import { randomBytes } from 'node:crypto';
import { InvalidArgumentError } from '@platform/errors';

const DAY_MS = 24 * 60 * 60 * 1000;
// Peers whose clocks run a little behind must not see a brand-new certificate as not yet valid.
const BACKDATE_MS = 60 * 1000;

/** A certificate's validity period and serial number, the parts every certificate gets the same way. */
export interface CertificateTiming {
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
}

/**
 * The serial number and validity period for a certificate issued at `now`.
 *
 * @throws InvalidArgumentError if `validityDays` is not a positive whole number.
 */
export function certificateTiming(now: Date, validityDays: number): CertificateTiming {
  if (!Number.isInteger(validityDays) || validityDays < 1) {
    throw new InvalidArgumentError(
      'validityDays',
      `must be a whole number of days, at least 1 (got ${validityDays})`,
    );
  }
  return {
    // 128 random bits: serials must be unpredictable (CA/B baseline practice) and never repeat.
    serialNumber: randomBytes(16).toString('hex'),
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(now.getTime() + validityDays * DAY_MS),
  };
}
