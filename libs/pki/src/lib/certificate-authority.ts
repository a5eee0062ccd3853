import { X509Certificate } from 'node:crypto';
import { InvalidArgumentError } from '@platform/errors';
import type { CertificateAndKey } from './certificate-and-key';
import { generateEcdsaKeyPair } from './ecdsa-key';
import { isValidTrustDomain } from './spiffe-id';
import { subjectAltNameUris } from './subject-alt-name';
import { certificateTiming } from './validity';
import { webcrypto, x509 } from './x509';

const DEFAULT_CA_VALIDITY_DAYS = 3650;
const TRUST_DOMAIN_ID = /^spiffe:\/\/([^/]+)$/;

/** Options for {@link createCertificateAuthority}. */
export interface CertificateAuthorityOptions {
  /** The SPIFFE trust domain the CA vouches for, for example `platform.local`. */
  trustDomain: string;
  /** Subject common name; defaults to `<trustDomain> internal CA`. */
  commonName?: string;
  /** Defaults to 3650 (ten years): replacing a CA means re-issuing every certificate under it. */
  validityDays?: number;
  /** The issue time; defaults to the current time. */
  now?: Date;
}

/**
 * Creates a self-signed ECDSA P-256 root CA for one trust domain. The trust domain's own SPIFFE
 * ID (`spiffe://<trustDomain>`) goes into the CA's subjectAltName, as SPIRE does, so that
 * certificates are only ever issued for identities of that trust domain.
 *
 * @throws InvalidArgumentError if the trust domain or the validity is invalid.
 */
export async function createCertificateAuthority(
  options: CertificateAuthorityOptions,
): Promise<CertificateAndKey> {
  const { trustDomain } = options;
  if (!isValidTrustDomain(trustDomain)) {
    throw new InvalidArgumentError(
      'trustDomain',
      `${JSON.stringify(trustDomain)} is not a SPIFFE trust domain (allowed: lowercase letters, digits, ".", "-", "_")`,
    );
  }
  const timing = certificateTiming(
    options.now ?? new Date(),
    options.validityDays ?? DEFAULT_CA_VALIDITY_DAYS,
  );
  const keys = await generateEcdsaKeyPair();
  const name = [{ CN: [options.commonName ?? `${trustDomain} internal CA`] }];

  const certificate = await x509.X509CertificateGenerator.create(
    {
      ...timing,
      subject: name,
      issuer: name,
      publicKey: keys.publicKeySpki,
      signingKey: keys.signingKey,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
          true,
        ),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKeySpki, false, webcrypto),
        new x509.SubjectAlternativeNameExtension([
          { type: 'url', value: `spiffe://${trustDomain}` },
        ]),
      ],
    },
    webcrypto,
  );
  return { certificatePem: certificate.toString('pem'), privateKeyPem: keys.privateKeyPem };
}

/**
 * The trust domain a CA created by {@link createCertificateAuthority} vouches for.
 *
 * @throws InvalidArgumentError if the PEM is not a certificate or names no trust domain.
 */
export function certificateAuthorityTrustDomain(certificatePem: string): string {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certificatePem);
  } catch (error) {
    throw new InvalidArgumentError(
      'ca.certificatePem',
      `cannot read the certificate: ${(error as Error).message}`,
    );
  }
  const trustDomains = subjectAltNameUris(certificate.subjectAltName ?? '')
    .map((uri) => TRUST_DOMAIN_ID.exec(uri)?.[1])
    .filter((domain): domain is string => domain !== undefined && isValidTrustDomain(domain));
  if (trustDomains.length !== 1) {
    throw new InvalidArgumentError(
      'ca.certificatePem',
      `the CA certificate must name exactly one trust domain as a spiffe://<trust-domain> URI (it names ${trustDomains.length})`,
    );
  }
  return trustDomains[0];
}
