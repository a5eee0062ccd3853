import { botDetectionV1alpha1 as bd } from '@platform/contracts';

/**
 * The words operators write in signature files and read in output (`block`, `tor`) for the
 * bot-detection contract's enum values. Keyed by every known value, so a value added to the
 * contract fails to compile here.
 */
export interface Words<Value extends string> {
  /** Every word, in the contract's order. */
  readonly words: readonly string[];
  /** The value for `word`, or undefined when it is not one of {@link words}. */
  parse(word: string): Value | undefined;
  /** `unspecified` for the zero value, `unrecognized` for a value newer than this CLI. */
  toWord(value: Value): string;
}

type Known<Value extends string> = Exclude<Value, `${string}_UNSPECIFIED` | 'UNRECOGNIZED'>;

function words<Value extends string>(wordOf: Record<Known<Value>, string>): Words<Value> {
  const entries = Object.entries(wordOf) as [Known<Value>, string][];
  const valueOf = new Map(entries.map(([value, word]) => [word, value]));
  return {
    words: entries.map(([, word]) => word),
    parse: (word) => valueOf.get(word),
    toWord: (value) =>
      value in wordOf
        ? wordOf[value as Known<Value>]
        : value.endsWith('_UNSPECIFIED')
          ? 'unspecified'
          : 'unrecognized',
  };
}

export const categories = words<bd.SignatureCategory>({
  [bd.SignatureCategory.SIGNATURE_CATEGORY_BOT]: 'bot',
  [bd.SignatureCategory.SIGNATURE_CATEGORY_TOR]: 'tor',
  [bd.SignatureCategory.SIGNATURE_CATEGORY_PROXY]: 'proxy',
  [bd.SignatureCategory.SIGNATURE_CATEGORY_ABUSE]: 'abuse',
  [bd.SignatureCategory.SIGNATURE_CATEGORY_SCANNER]: 'scanner',
});

export const actions = words<bd.Action>({
  [bd.Action.ACTION_ALLOW]: 'allow',
  [bd.Action.ACTION_CHALLENGE]: 'challenge',
  [bd.Action.ACTION_THROTTLE]: 'throttle',
  [bd.Action.ACTION_BLOCK]: 'block',
});

/** A signature may only challenge, throttle or block (the contract refuses ALLOW). */
export const SIGNATURE_ACTION_WORDS: readonly string[] = ['challenge', 'throttle', 'block'];

export const reasons = words<bd.Reason>({
  [bd.Reason.REASON_ALLOWLISTED]: 'allowlisted',
  [bd.Reason.REASON_SIGNATURE_MATCH]: 'signature-match',
  [bd.Reason.REASON_BRUTE_FORCE]: 'brute-force',
  [bd.Reason.REASON_CREDENTIAL_STUFFING]: 'credential-stuffing',
  [bd.Reason.REASON_SUSPICIOUS_IP_THROTTLE]: 'suspicious-ip-throttle',
  [bd.Reason.REASON_SIGNUP_RATE]: 'signup-rate',
  [bd.Reason.REASON_PASSWORD_RESET_RATE]: 'password-reset-rate',
});

/** What a signature matches: the `match` oneof of the contract, by the word in the file. */
export const SIGNATURE_KINDS = {
  ip: 'ipRange',
  'user-agent': 'userAgentPattern',
  fingerprint: 'fingerprintHash',
} as const satisfies Record<string, keyof bd.Signature>;

export type SignatureKind = keyof typeof SIGNATURE_KINDS;
export const SIGNATURE_KIND_WORDS = Object.keys(SIGNATURE_KINDS) as SignatureKind[];
