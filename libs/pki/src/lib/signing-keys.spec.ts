import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { generateSigningKeyPair, signingKeyId } from '../index';

describe(generateSigningKeyPair.name, () => {
  it('generates an Ed25519 pair whose private key signs what the public key verifies', async () => {
    const pair = await generateSigningKeyPair();
    const directive = Buffer.from('{"id":"d-1","space":"acme","action":"freeze"}');

    const signature = sign(null, directive, createPrivateKey(pair.privateKeyPem));

    expect(createPublicKey(pair.publicKeyPem).asymmetricKeyType).toBe('ed25519');
    expect(verify(null, directive, pair.publicKeyPem, signature)).toBe(true);
    expect(pair.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(pair.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
  });

  it('names each pair by its public key, so rotated keys get different ids', async () => {
    const [first, second] = await Promise.all([generateSigningKeyPair(), generateSigningKeyPair()]);

    expect(first.keyId).toMatch(/^ed25519:[0-9a-f]{16}$/);
    expect(first.keyId).toBe(signingKeyId(first.publicKeyPem));
    expect(second.keyId).not.toBe(first.keyId);
  });
});

describe(signingKeyId.name, () => {
  it('gives the same id however the public key PEM is wrapped', async () => {
    const pair = await generateSigningKeyPair();
    const reexported = createPublicKey(pair.publicKeyPem)
      .export({ type: 'spki', format: 'pem' })
      .toString();

    expect(signingKeyId(`\n${reexported}\n`)).toBe(pair.keyId);
  });

  it('refuses a key that is not Ed25519', () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

    expect(() => signingKeyId(pem)).toThrow(/not an Ed25519 public key/);
    expect(() => signingKeyId('garbage')).toThrow(/not an Ed25519 public key/);
  });
});
