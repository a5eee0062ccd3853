import { commonV1alpha1, directiveV1alpha1, relayV1alpha1 } from '@platform/contracts';
import { DirectiveSigner } from '@platform/directives';
import { generateSigningKeyPair, type SigningKeyPair } from '@platform/pki';

let sequence = 0;

/** A directive id unique within the run, sortable by creation. */
export function nextDirectiveId(label = 'd'): string {
  sequence += 1;
  return `${label}_${String(sequence).padStart(6, '0')}`;
}

/** Central's signing key for a test, with a signer and the trusted-keys record for agents. */
export interface TestCentral {
  keys: SigningKeyPair;
  signer: DirectiveSigner;
  trustedKeys: Record<string, string>;
}

export async function createTestCentral(): Promise<TestCentral> {
  const keys = await generateSigningKeyPair();
  return {
    keys,
    signer: new DirectiveSigner({ keyId: keys.keyId, privateKeyPem: keys.privateKeyPem }),
    trustedKeys: { [keys.keyId]: keys.publicKeyPem },
  };
}

type Action = Omit<
  Partial<directiveV1alpha1.DirectiveBody>,
  'id' | 'space' | 'issuedAt' | 'gitCommit'
>;

/** A valid directive body for `space`. */
export function body(
  space: string,
  action: Action,
  id = nextDirectiveId(),
): directiveV1alpha1.DirectiveBody {
  return {
    id,
    space,
    issuedAt: { seconds: String(Math.floor(Date.now() / 1000)), nanos: 0 },
    gitCommit: 'c0ffee'.padEnd(40, '0'),
    emergency: false,
    ...action,
  };
}

export const acceptRelease = (fromRelease: string, release: string): Action => ({
  acceptRelease: { fromRelease, release },
});
export const scale = (tier: commonV1alpha1.Tier): Action => ({ scale: { tier } });

/** A delivery as the relay sends it. */
export function delivery(
  signed: directiveV1alpha1.SignedDirective,
  directiveId: string,
): relayV1alpha1.SubscribeResponse {
  return { directive: signed, deliveryId: '1-0', directiveId };
}

/** A window that contains every instant of the current UTC day. */
export function windowCoveringToday(now = new Date()): commonV1alpha1.MaintenanceWindow {
  const days = [
    commonV1alpha1.DayOfWeek.DAY_OF_WEEK_SUNDAY,
    commonV1alpha1.DayOfWeek.DAY_OF_WEEK_MONDAY,
    commonV1alpha1.DayOfWeek.DAY_OF_WEEK_TUESDAY,
    commonV1alpha1.DayOfWeek.DAY_OF_WEEK_WEDNESDAY,
    commonV1alpha1.DayOfWeek.DAY_OF_WEEK_THURSDAY,
    commonV1alpha1.DayOfWeek.DAY_OF_WEEK_FRIDAY,
    commonV1alpha1.DayOfWeek.DAY_OF_WEEK_SATURDAY,
  ];
  return { day: days[now.getUTCDay()], start: '00:00', durationMinutes: 1440, timeZone: 'UTC' };
}
