import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { commonV1alpha1, directiveV1alpha1 } from '@platform/contracts';
import { InvalidArgumentError } from '@platform/errors';
import { generateSigningKeyPair, type SigningKeyPair } from '@platform/pki';
import { DirectiveSigner } from '../index';
import { acceptReleaseBody } from '../test/directive-body.fixture';

describe(DirectiveSigner.name, () => {
  let central: SigningKeyPair;
  let other: SigningKeyPair;

  beforeAll(async () => {
    [central, other] = await Promise.all([generateSigningKeyPair(), generateSigningKeyPair()]);
  });

  it('signs the exact protobuf encoding of the body with Ed25519 under its key id', () => {
    const body = acceptReleaseBody();

    const signed = new DirectiveSigner(central).sign(body);

    expect(signed.keyId).toBe(central.keyId);
    expect(signed.signature).toHaveLength(64);
    expect(signed.payload).toEqual(directiveV1alpha1.DirectiveBody.encode(body).finish());
    expect(
      verify(null, signed.payload, createPublicKey(central.publicKeyPem), signed.signature),
    ).toBe(true);
  });

  it('refuses to sign an invalid body, naming the field', () => {
    const signer = new DirectiveSigner(central);
    const body = acceptReleaseBody({
      acceptRelease: undefined,
      scale: { tier: commonV1alpha1.Tier.TIER_UNSPECIFIED },
    });

    expect(() => signer.sign(body)).toThrow(InvalidArgumentError);
    expect(() => signer.sign(body)).toThrow(/^scale\.tier: must be a known tier/);
    expect(() => signer.sign(acceptReleaseBody({ space: 'Acme', gitCommit: '' }))).toThrow(
      expect.objectContaining({ field: 'space', message: expect.stringMatching(/1 more problem/) }),
    );
  });

  it('refuses a key id that does not name the private key', () => {
    expect(
      () => new DirectiveSigner({ keyId: other.keyId, privateKeyPem: central.privateKeyPem }),
    ).toThrow(expect.objectContaining({ field: 'keyId' }));
  });

  it('refuses a private key that is not Ed25519, without quoting it', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

    expect(() => new DirectiveSigner({ keyId: central.keyId, privateKeyPem })).toThrow(
      'privateKeyPem: it is a ec key, not Ed25519',
    );
    expect(() => new DirectiveSigner({ keyId: central.keyId, privateKeyPem: 'secret' })).toThrow(
      'privateKeyPem: not a PEM private key',
    );
  });
});
