import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import fc from 'fast-check';
import { directiveV1alpha1, relayV1alpha1 } from '@platform/contracts';
import { InvalidArgumentError } from '@platform/errors';
import { generateSigningKeyPair, type SigningKeyPair } from '@platform/pki';
import {
  DirectiveSigner,
  DirectiveVerifier,
  MAX_DIRECTIVE_PAYLOAD_BYTES,
  type Rejection,
  type VerifiedDirective,
} from '../index';
import { acceptReleaseBody, bodiesOfEveryAction } from '../test/directive-body.fixture';

const { RejectReason } = relayV1alpha1;
const { DirectiveBody } = directiveV1alpha1;
const acme = { space: 'acme' };

describe(DirectiveVerifier.name, () => {
  let central: SigningKeyPair;
  let next: SigningKeyPair;
  let relay: SigningKeyPair;

  beforeAll(async () => {
    [central, next, relay] = await Promise.all([
      generateSigningKeyPair(),
      generateSigningKeyPair(),
      generateSigningKeyPair(),
    ]);
  });

  function trusting(...pairs: SigningKeyPair[]): DirectiveVerifier {
    return new DirectiveVerifier(
      Object.fromEntries(pairs.map((pair) => [pair.keyId, pair.publicKeyPem])),
    );
  }

  /** Signs arbitrary bytes with a key, as only a holder of the private key can. */
  function signBytes(
    payload: Uint8Array,
    pair: SigningKeyPair,
    keyId = pair.keyId,
  ): directiveV1alpha1.SignedDirective {
    const signature = sign(null, payload, createPrivateKey(pair.privateKeyPem));
    return { payload, signature, keyId };
  }

  function expectRejected(
    result: VerifiedDirective | Rejection,
    reason: relayV1alpha1.RejectReason,
  ): void {
    expect(result).toEqual({ ok: false, reason, detail: expect.any(String) });
  }

  it('gives back the body Central signed, for every action', () => {
    const signer = new DirectiveSigner(central);
    const verifier = trusting(central);

    for (const body of bodiesOfEveryAction()) {
      expect(verifier.verify(signer.sign(body), acme)).toEqual({
        ok: true,
        body,
        keyId: central.keyId,
      });
    }
  });

  it('rejects a directive in which any single byte of the payload or signature changed', () => {
    const signed = new DirectiveSigner(central).sign(acceptReleaseBody());
    const verifier = trusting(central);

    fc.assert(
      fc.property(
        fc.constantFrom('payload' as const, 'signature' as const),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (part, position, mask) => {
          const bytes = Uint8Array.from(signed[part]);
          bytes[position % bytes.length] ^= mask;

          const result = verifier.verify({ ...signed, [part]: bytes }, acme);

          expectRejected(result, RejectReason.REJECT_REASON_BAD_SIGNATURE);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('rejects a key id it does not trust', () => {
    const signed = new DirectiveSigner(next).sign(acceptReleaseBody());

    expectRejected(
      trusting(central).verify(signed, acme),
      RejectReason.REJECT_REASON_UNKNOWN_KEY_ID,
    );
  });

  it('accepts the old key while both are trusted, and rejects it once it is retired', () => {
    const fromOldKey = new DirectiveSigner(central).sign(acceptReleaseBody());
    const fromNewKey = new DirectiveSigner(next).sign(acceptReleaseBody({ id: 'd_2' }));

    const overlap = trusting(central, next);
    expect(overlap.verify(fromOldKey, acme)).toMatchObject({ ok: true, keyId: central.keyId });
    expect(overlap.verify(fromNewKey, acme)).toMatchObject({ ok: true, keyId: next.keyId });

    const retired = trusting(next);
    expectRejected(retired.verify(fromOldKey, acme), RejectReason.REJECT_REASON_UNKNOWN_KEY_ID);
    expect(retired.verify(fromNewKey, acme)).toMatchObject({ ok: true });
  });

  it('rejects a directive for another Space', () => {
    const signed = new DirectiveSigner(central).sign(acceptReleaseBody({ space: 'globex' }));

    expectRejected(trusting(central).verify(signed, acme), RejectReason.REJECT_REASON_WRONG_SPACE);
  });

  it('does not let a relay forge: an altered payload re-signed with its own key fails', () => {
    const original = new DirectiveSigner(central).sign(acceptReleaseBody());
    const altered = DirectiveBody.encode(
      acceptReleaseBody({ acceptRelease: { release: '6.6.6', fromRelease: '2026.44.0' } }),
    ).finish();

    const forged = signBytes(altered, relay, central.keyId);

    expect(original.keyId).toBe(forged.keyId);
    expectRejected(
      trusting(central).verify(forged, acme),
      RejectReason.REJECT_REASON_BAD_SIGNATURE,
    );
  });

  it('checks the signature before decoding: unsigned garbage is a bad signature', () => {
    const garbage = Uint8Array.from([
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f,
    ]);
    const signature = new Uint8Array(64);

    expect(() => DirectiveBody.decode(garbage)).toThrow();
    expectRejected(
      trusting(central).verify({ payload: garbage, signature, keyId: central.keyId }, acme),
      RejectReason.REJECT_REASON_BAD_SIGNATURE,
    );
  });

  it('never throws on hostile directives, and never accepts one', () => {
    const verifier = trusting(central);
    const keyIds = fc.oneof(
      fc.constant(central.keyId),
      fc.constantFrom('', '__proto__', 'constructor', 'toString'),
      fc.string(),
    );

    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.uint8Array({ maxLength: 100 }),
        keyIds,
        (payload, signature, keyId) => {
          expect(verifier.verify({ payload, signature, keyId }, acme).ok).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('rejects signed bytes that are not a valid body as malformed, without throwing', () => {
    const verifier = trusting(central);

    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (payload) => {
        expectRejected(
          verifier.verify(signBytes(payload, central), acme),
          RejectReason.REJECT_REASON_MALFORMED_PAYLOAD,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('rejects an empty payload', () => {
    const verifier = trusting(central);
    const empty = new Uint8Array(0);

    expectRejected(
      verifier.verify(
        { payload: empty, signature: new Uint8Array(64), keyId: central.keyId },
        acme,
      ),
      RejectReason.REJECT_REASON_BAD_SIGNATURE,
    );
    expectRejected(
      verifier.verify(signBytes(empty, central), acme),
      RejectReason.REJECT_REASON_MALFORMED_PAYLOAD,
    );
  });

  it('rejects a payload over 64 KiB even when it is signed', () => {
    const oversized = new Uint8Array(MAX_DIRECTIVE_PAYLOAD_BYTES + 1);

    expectRejected(
      trusting(central).verify(signBytes(oversized, central), acme),
      RejectReason.REJECT_REASON_MALFORMED_PAYLOAD,
    );
  });

  it('rejects a signature that is not 64 bytes', () => {
    const signed = new DirectiveSigner(central).sign(acceptReleaseBody());
    const verifier = trusting(central);

    for (const signature of [
      new Uint8Array(0),
      signed.signature.slice(0, 63),
      new Uint8Array(65),
    ]) {
      expectRejected(
        verifier.verify({ ...signed, signature }, acme),
        RejectReason.REJECT_REASON_BAD_SIGNATURE,
      );
    }
  });

  it('rejects what is not a directive at all, without throwing', () => {
    const verifier = trusting(central);
    const hostile = [
      null,
      {},
      { payload: 'text', signature: 'text', keyId: central.keyId },
    ] as unknown as directiveV1alpha1.SignedDirective[];

    for (const signed of hostile) {
      expect(verifier.verify(signed, acme).ok).toBe(false);
    }
  });

  it('names the invalid field of a signed but invalid body in the detail', () => {
    const payload = DirectiveBody.encode(acceptReleaseBody({ gitCommit: 'main' })).finish();

    const result = trusting(central).verify(signBytes(payload, central), acme);

    expectRejected(result, RejectReason.REJECT_REASON_MALFORMED_PAYLOAD);
    expect((result as Rejection).detail).toMatch(/git_commit: "main" is not a full git commit id/);
  });

  it('rejects an action added by a newer Central as unsupported', () => {
    const withoutAction = DirectiveBody.encode(
      acceptReleaseBody({ acceptRelease: undefined }),
    ).finish();
    // Field 17, length-delimited, empty: an action this version does not know.
    const withNewAction = Uint8Array.from([...withoutAction, 0x8a, 0x01, 0x00]);
    const verifier = trusting(central);

    expectRejected(
      verifier.verify(signBytes(withNewAction, central), acme),
      RejectReason.REJECT_REASON_UNSUPPORTED_ACTION,
    );
    expectRejected(
      verifier.verify(signBytes(withoutAction, central), acme),
      RejectReason.REJECT_REASON_MALFORMED_PAYLOAD,
    );
  });

  describe('configuration', () => {
    it('refuses a key trusted under an id that names another key', () => {
      expect(() => new DirectiveVerifier({ [central.keyId]: next.publicKeyPem })).toThrow(
        expect.objectContaining({
          field: `trustedKeys["${central.keyId}"]`,
          message: expect.stringContaining(`the public key's id is ${next.keyId}`),
        }),
      );
    });

    it('refuses an empty trust set and keys that are not Ed25519 public keys', () => {
      const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const ecPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

      expect(() => new DirectiveVerifier({})).toThrow(InvalidArgumentError);
      expect(() => new DirectiveVerifier({ 'ed25519:0000000000000000': ecPem })).toThrow(
        /^trustedKeys\["ed25519:0000000000000000"\]: it is a ec key, not Ed25519$/,
      );
      expect(() => new DirectiveVerifier({ [central.keyId]: central.privateKeyPem })).toThrow(
        /is a private key; trust only the public key$/,
      );
    });

    it('lists the ids it trusts', () => {
      expect(trusting(central, next).trustedKeyIds).toEqual([central.keyId, next.keyId]);
    });
  });
});
