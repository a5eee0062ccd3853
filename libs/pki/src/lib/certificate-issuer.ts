import { createPrivateKey, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { InvalidArgumentError } from '@platform/errors';
import type { CertificateAndKey } from './certificate-and-key';
import { certificateAuthorityTrustDomain } from './certificate-authority';
import { generateEcdsaKeyPair, importEcdsaSigningKey } from './ecdsa-key';
import { formatSpiffeId } from './spiffe-id';
import { certificateTiming } from './validity';
import type { WorkloadIdentity } from './workload-identity';
import { webcrypto, x509 } from './x509';

const DEFAULT_LEAF_VALIDITY_DAYS = 365;
// A host name, optionally with one leading wildcard label: what TLS host-name checks match.
const DNS_NAME =
  /^(\*\.)?([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$/i;

/** Options for {@link issueCertificate}. */
export interface IssueCertificateOptions {
  /** The workload the certificate is for; its SPIFFE ID becomes the URI SAN. */
  identity: WorkloadIdentity;
  /** DNS SANs; defaults to `['localhost']`. Given names replace the default. */
  dnsNames?: string[];
  /** IP SANs; defaults to `['127.0.0.1']`. Given addresses replace the default. */
  ipAddresses?: string[];
  /** Defaults to 365. */
  validityDays?: number;
  /** The issue time; defaults to the current time. */
  now?: Date;
}

/**
 * Issues an ECDSA P-256 workload certificate (an X509-SVID) under `ca`, usable on both ends of
 * a mutual-TLS link: extended key usage serverAuth and clientAuth.
 *
 * @throws InvalidArgumentError if the identity is invalid or of another trust domain than the
 *   CA, a DNS name or IP address is malformed, or `ca` is not a CA certificate with its own
 *   private key.
 */
export async function issueCertificate(
  ca: CertificateAndKey,
  options: IssueCertificateOptions,
): Promise<CertificateAndKey> {
  const { identity } = options;
  const spiffeId = formatSpiffeId(identity);
  const caCertificate = readCaCertificate(ca);
  const caTrustDomain = certificateAuthorityTrustDomain(ca.certificatePem);
  if (identity.trustDomain !== caTrustDomain) {
    throw new InvalidArgumentError(
      'identity.trustDomain',
      `${JSON.stringify(identity.trustDomain)} differs from the CA's trust domain ${JSON.stringify(caTrustDomain)}`,
    );
  }
  const dnsNames = options.dnsNames ?? ['localhost'];
  const badName = dnsNames.find((name) => name.length > 253 || !DNS_NAME.test(name));
  if (badName !== undefined) {
    throw new InvalidArgumentError('dnsNames', `${JSON.stringify(badName)} is not a DNS name`);
  }
  const ipAddresses = options.ipAddresses ?? ['127.0.0.1'];
  const badAddress = ipAddresses.find((address) => isIP(address) === 0);
  if (badAddress !== undefined) {
    throw new InvalidArgumentError(
      'ipAddresses',
      `${JSON.stringify(badAddress)} is not an IP address`,
    );
  }

  const timing = certificateTiming(
    options.now ?? new Date(),
    options.validityDays ?? DEFAULT_LEAF_VALIDITY_DAYS,
  );
  const keys = await generateEcdsaKeyPair();
  const caKey = await importEcdsaSigningKey(ca.privateKeyPem, 'ca.privateKeyPem');
  const parsedCa = new x509.X509Certificate(caCertificate.raw);
  const caKeyId = parsedCa.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;

  const certificate = await x509.X509CertificateGenerator.create(
    {
      ...timing,
      subject: subjectName(identity),
      issuer: parsedCa.subjectName,
      publicKey: keys.publicKeySpki,
      signingKey: caKey,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
          true,
        ),
        new x509.ExtendedKeyUsageExtension([
          x509.ExtendedKeyUsage.serverAuth,
          x509.ExtendedKeyUsage.clientAuth,
        ]),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKeySpki, false, webcrypto),
        // Chain building matches this against the CA's subjectKeyIdentifier, so copy it rather
        // than recompute it in case the CA was made with another key-id method.
        caKeyId
          ? new x509.AuthorityKeyIdentifierExtension(caKeyId)
          : await x509.AuthorityKeyIdentifierExtension.create(parsedCa.publicKey, false, webcrypto),
        new x509.SubjectAlternativeNameExtension([
          { type: 'url', value: spiffeId },
          ...dnsNames.map((value) => ({ type: 'dns' as const, value })),
          ...ipAddresses.map((value) => ({ type: 'ip' as const, value })),
        ]),
      ],
    },
    webcrypto,
  );
  return { certificatePem: certificate.toString('pem'), privateKeyPem: keys.privateKeyPem };
}

/** Checks up front what would otherwise surface later as certificates no peer accepts. */
function readCaCertificate(ca: CertificateAndKey): X509Certificate {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(ca.certificatePem);
  } catch (error) {
    throw new InvalidArgumentError(
      'ca.certificatePem',
      `cannot read the certificate: ${(error as Error).message}`,
    );
  }
  if (!certificate.ca) {
    throw new InvalidArgumentError('ca.certificatePem', 'the certificate is not a CA certificate');
  }
  let keyMatches: boolean;
  try {
    keyMatches = certificate.checkPrivateKey(createPrivateKey(ca.privateKeyPem));
  } catch (error) {
    throw new InvalidArgumentError(
      'ca.privateKeyPem',
      `cannot read the private key: ${(error as Error).message}`,
    );
  }
  if (!keyMatches) {
    throw new InvalidArgumentError(
      'ca.privateKeyPem',
      'the private key does not belong to the CA certificate',
    );
  }
  return certificate;
}

/**
 * A readable subject for logs and `openssl x509 -text`; peers authorise on the SPIFFE ID only.
 * Each part is a DNS-1123 label, so it stays inside X.520's 64-character limit.
 */
function subjectName(identity: WorkloadIdentity): Array<Record<string, string[]>> {
  switch (identity.tier) {
    case 'central':
      return [{ CN: [identity.service] }, { OU: ['central'] }];
    case 'pop':
      return [{ CN: [identity.service] }, { OU: [identity.pop] }];
    case 'space':
      return [{ CN: [identity.service] }, { OU: [identity.space] }];
    case 'operator':
      return [{ CN: [identity.name] }, { OU: ['operator'] }];
  }
}
