import { createPrivateKey, X509Certificate } from 'node:crypto';
import { InvalidArgumentError } from '@platform/errors';
import { certificateAuthorityTrustDomain, createCertificateAuthority } from '../index';

describe(createCertificateAuthority.name, () => {
  it('creates a self-signed P-256 CA that can sign certificates', async () => {
    const ca = await createCertificateAuthority({ trustDomain: 'platform.local' });
    const certificate = new X509Certificate(ca.certificatePem);

    expect(certificate.ca).toBe(true);
    expect(certificate.subject).toBe('CN=platform.local internal CA');
    expect(certificate.issuer).toBe(certificate.subject);
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(certificate.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(certificate.checkPrivateKey(createPrivateKey(ca.privateKeyPem))).toBe(true);
  });

  it('exports the private key as PKCS#8 PEM', async () => {
    const ca = await createCertificateAuthority({ trustDomain: 'platform.local' });

    expect(ca.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
  });

  it('uses the given common name and validity', async () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const ca = await createCertificateAuthority({
      trustDomain: 'platform.local',
      commonName: 'Dev CA',
      validityDays: 30,
      now,
    });
    const certificate = new X509Certificate(ca.certificatePem);

    expect(certificate.subject).toBe('CN=Dev CA');
    expect(new Date(certificate.validTo)).toEqual(new Date('2030-01-31T00:00:00Z'));
  });

  it('refuses an invalid trust domain or validity', async () => {
    await expect(createCertificateAuthority({ trustDomain: 'Platform.Local' })).rejects.toThrow(
      InvalidArgumentError,
    );
    await expect(
      createCertificateAuthority({ trustDomain: 'platform.local', validityDays: 0 }),
    ).rejects.toThrow(/validityDays/);
  });
});

describe(certificateAuthorityTrustDomain.name, () => {
  it('reads back the trust domain the CA was made for', async () => {
    const ca = await createCertificateAuthority({ trustDomain: 'prod.platform.example' });

    expect(certificateAuthorityTrustDomain(ca.certificatePem)).toBe('prod.platform.example');
  });

  it('rejects something that is not a certificate', () => {
    expect(() => certificateAuthorityTrustDomain('not a certificate')).toThrow(
      /cannot read the certificate/,
    );
  });
});
