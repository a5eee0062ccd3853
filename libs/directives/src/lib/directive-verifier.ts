import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { BinaryReader } from '@bufbuild/protobuf/wire';
import { directiveV1alpha1, relayV1alpha1 } from '@platform/contracts';
import { InvalidArgumentError } from '@platform/errors';
import { signingKeyId } from '@platform/pki';
import { DIRECTIVE_SIGNATURE_BYTES, MAX_DIRECTIVE_PAYLOAD_BYTES } from './directive-limits';
import { DIRECTIVE_ACTIONS, validateDirectiveBody } from './validate-directive-body';

const { RejectReason } = relayV1alpha1;

/** Central's public keys an agent trusts: key id → Ed25519 public key (SPKI PEM). */
export type TrustedDirectiveKeys = Readonly<Record<string, string>>;

/** The reasons {@link DirectiveVerifier.verify} rejects with: a closed subset of `RejectReason`. */
export type VerificationRejectReason =
  | relayV1alpha1.RejectReason.REJECT_REASON_UNKNOWN_KEY_ID
  | relayV1alpha1.RejectReason.REJECT_REASON_BAD_SIGNATURE
  | relayV1alpha1.RejectReason.REJECT_REASON_MALFORMED_PAYLOAD
  | relayV1alpha1.RejectReason.REJECT_REASON_UNSUPPORTED_ACTION
  | relayV1alpha1.RejectReason.REJECT_REASON_WRONG_SPACE;

/** A directive signed under a trusted key, with a valid body, for this Space. */
export interface VerifiedDirective {
  readonly ok: true;
  /** Decoded from the signed bytes, never re-serialized. */
  readonly body: directiveV1alpha1.DirectiveBody;
  /** The trusted key that signed it. */
  readonly keyId: string;
}

/** Why a directive was refused. */
export interface Rejection {
  readonly ok: false;
  /** What the agent acknowledges with. */
  readonly reason: VerificationRejectReason;
  /** For the Space's own logs only: acknowledgements carry no free text. */
  readonly detail: string;
}

/** What the Space checking a directive is. */
export interface VerificationContext {
  /** This Space's name; a directive for any other Space is refused. */
  space: string;
}

// Field numbers of DirectiveBody that this version knows (directive.proto).
const KNOWN_BODY_FIELDS = new Set([1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15, 16]);
const MAX_QUOTED_LENGTH = 80;

/**
 * Checks directives on the agent's side. It trusts a fixed set of Central keys: during a key
 * rotation both the old and the new key are trusted; the old one is retired by building a
 * verifier without it.
 *
 * The order of checks is fixed: the key id is looked up and the signature verified over the exact
 * payload bytes before those bytes are decoded, so unsigned bytes never reach the decoder.
 */
export class DirectiveVerifier {
  // A Map, not the record itself: a hostile key id such as `__proto__` must find nothing.
  private readonly keys = new Map<string, KeyObject>();

  /**
   * @throws InvalidArgumentError naming `trustedKeys` when the set is empty, or
   *   `trustedKeys["<id>"]` when a value is not an Ed25519 public key (a private key is refused
   *   too) or the id is not the one {@link signingKeyId} derives from it (a key trusted under the
   *   wrong id would let any signature by it pass as another key's).
   */
  constructor(trustedKeys: TrustedDirectiveKeys) {
    const entries = Object.entries(trustedKeys);
    if (entries.length === 0) {
      throw new InvalidArgumentError('trustedKeys', 'at least one public key must be trusted');
    }
    for (const [keyId, publicKeyPem] of entries) {
      const field = `trustedKeys[${JSON.stringify(keyId)}]`;
      const key = ed25519PublicKey(publicKeyPem, field);
      const actualKeyId = signingKeyId(key.export({ type: 'spki', format: 'pem' }).toString());
      if (actualKeyId !== keyId) {
        throw new InvalidArgumentError(
          field,
          `the public key's id is ${actualKeyId}, not ${JSON.stringify(keyId)}`,
        );
      }
      this.keys.set(keyId, key);
    }
  }

  /** Ids of the trusted keys, for the agent's status and logs. */
  get trustedKeyIds(): string[] {
    return [...this.keys.keys()];
  }

  /**
   * Verifies a directive as received from a relay. Never throws on hostile input: every way a
   * directive can be wrong ends in a {@link Rejection}.
   *
   * - `REJECT_REASON_UNKNOWN_KEY_ID`: `key_id` is not trusted;
   * - `REJECT_REASON_MALFORMED_PAYLOAD`: the payload is larger than
   *   {@link MAX_DIRECTIVE_PAYLOAD_BYTES}, or (once its signature verified) does not decode or
   *   fails {@link validateDirectiveBody};
   * - `REJECT_REASON_BAD_SIGNATURE`: the signature is not 64 bytes or does not verify over the
   *   payload under the key `key_id` names;
   * - `REJECT_REASON_UNSUPPORTED_ACTION`: the signed body carries no action this version knows but
   *   a field it does not know (an action added by a newer Central);
   * - `REJECT_REASON_WRONG_SPACE`: the body is for another Space.
   */
  verify(
    signed: directiveV1alpha1.SignedDirective,
    context: VerificationContext,
  ): VerifiedDirective | Rejection {
    const { payload, signature, keyId } = (signed ?? {}) as Partial<typeof signed>;
    const key = typeof keyId === 'string' ? this.keys.get(keyId) : undefined;
    if (key === undefined) {
      return reject(
        RejectReason.REJECT_REASON_UNKNOWN_KEY_ID,
        `key id ${quote(keyId)} is not trusted`,
      );
    }
    if (!(payload instanceof Uint8Array) || !(signature instanceof Uint8Array)) {
      return reject(
        RejectReason.REJECT_REASON_MALFORMED_PAYLOAD,
        'payload or signature is not bytes',
      );
    }
    if (payload.length > MAX_DIRECTIVE_PAYLOAD_BYTES) {
      return reject(
        RejectReason.REJECT_REASON_MALFORMED_PAYLOAD,
        `payload is ${payload.length} bytes, more than ${MAX_DIRECTIVE_PAYLOAD_BYTES}`,
      );
    }
    if (signature.length !== DIRECTIVE_SIGNATURE_BYTES) {
      return reject(
        RejectReason.REJECT_REASON_BAD_SIGNATURE,
        `signature is ${signature.length} bytes, not ${DIRECTIVE_SIGNATURE_BYTES}`,
      );
    }
    if (!signatureVerifies(payload, key, signature)) {
      return reject(
        RejectReason.REJECT_REASON_BAD_SIGNATURE,
        `signature does not verify under key ${keyId}`,
      );
    }

    let body: directiveV1alpha1.DirectiveBody;
    try {
      body = directiveV1alpha1.DirectiveBody.decode(payload);
    } catch (error) {
      return reject(
        RejectReason.REJECT_REASON_MALFORMED_PAYLOAD,
        `payload does not decode as a DirectiveBody: ${(error as Error).message}`,
      );
    }
    const problems = validateDirectiveBody(body);
    if (problems.length > 0) {
      const noKnownAction = DIRECTIVE_ACTIONS.every(([action]) => body[action] === undefined);
      if (
        noKnownAction &&
        problems.every((p) => p.field === 'action') &&
        hasUnknownField(payload)
      ) {
        return reject(
          RejectReason.REJECT_REASON_UNSUPPORTED_ACTION,
          `directive ${body.id} carries an action this agent does not know`,
        );
      }
      const listed = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
      return reject(RejectReason.REJECT_REASON_MALFORMED_PAYLOAD, `invalid directive: ${listed}`);
    }
    if (body.space !== context.space) {
      return reject(
        RejectReason.REJECT_REASON_WRONG_SPACE,
        `directive ${body.id} is for Space ${body.space}, not ${context.space}`,
      );
    }
    return { ok: true, body, keyId: keyId as string };
  }
}

function ed25519PublicKey(pem: string, field: string): KeyObject {
  // createPublicKey would derive the public half of a private key; an agent must never hold one.
  if (/PRIVATE KEY/.test(pem)) {
    throw new InvalidArgumentError(field, 'is a private key; trust only the public key');
  }
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new InvalidArgumentError(field, 'not a PEM public key');
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new InvalidArgumentError(field, `it is a ${key.asymmetricKeyType} key, not Ed25519`);
  }
  return key;
}

function signatureVerifies(payload: Uint8Array, key: KeyObject, signature: Uint8Array): boolean {
  try {
    return verify(null, payload, key, signature);
  } catch {
    return false;
  }
}

/** True if the (signed, decodable) payload has a top-level field this version does not know. */
function hasUnknownField(payload: Uint8Array): boolean {
  try {
    const reader = new BinaryReader(payload);
    while (reader.pos < reader.len) {
      const [fieldNo, wireType] = reader.tag();
      if (!KNOWN_BODY_FIELDS.has(fieldNo)) return true;
      reader.skip(wireType, fieldNo);
    }
  } catch {
    return false;
  }
  return false;
}

function reject(reason: VerificationRejectReason, detail: string): Rejection {
  return { ok: false, reason, detail };
}

function quote(value: unknown): string {
  if (typeof value !== 'string') return String(typeof value);
  const shown = value.length > MAX_QUOTED_LENGTH ? `${value.slice(0, MAX_QUOTED_LENGTH)}…` : value;
  return JSON.stringify(shown);
}
