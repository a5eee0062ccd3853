import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { FailedPreconditionError, InvalidArgumentError } from '@platform/errors';
import { readFileIfExists, writeFileAtomic } from './atomic-file';
import type { CertificateAndKey } from './certificate-and-key';
import {
  certificateAuthorityTrustDomain,
  createCertificateAuthority,
} from './certificate-authority';
import { issueCertificate } from './certificate-issuer';
import { identitySlug } from './identity-slug';
import {
  developmentIssuersYaml,
  operatorTokenKeyPaths,
  type OperatorTokenKeyPaths,
} from './operator-token-files';
import { generateSigningKeyPair, signingKeyId } from './signing-keys';
import { formatSpiffeId, isValidTrustDomain, parseSpiffeIdFromSubjectAltName } from './spiffe-id';
import type { WorkloadIdentity } from './workload-identity';

const CA_CERT = 'ca.crt';
const CA_KEY = 'ca.key';
const SIGNING_KEY = 'directive-signing.key';
const SIGNING_PUB = 'directive-signing.pub';
const PRIVATE_MODE = 0o600;
const PUBLIC_MODE = 0o644;

/** Options for {@link ensurePkiDirectory}. */
export interface PkiDirectoryOptions {
  /** Every identity must belong to it, and an existing CA must have been made for it. */
  trustDomain: string;
  /** The workloads that need a certificate; more can be added by a later call. */
  identities: WorkloadIdentity[];
  /** The time used to issue and to judge expiry; defaults to the current time. */
  now?: Date;
}

/** Where a workload finds the files it needs for mutual TLS. */
export interface IdentityPkiPaths {
  caCertPath: string;
  certPath: string;
  keyPath: string;
}

/** Where the directive signing key pair lives in a PKI directory. */
export interface DirectiveSigningKeyPaths {
  privateKeyPath: string;
  publicKeyPath: string;
}

/**
 * What {@link loadPkiPaths} returns: a workload's mutual TLS files, and the development operator
 * token files (the key `platformctl auth token` signs with, the issuers file a control plane
 * trusts).
 */
export interface PkiPaths extends IdentityPkiPaths {
  operatorTokenKeyPath: string;
  operatorTokenPublicKeyPath: string;
  operatorIssuersPath: string;
}

/** One file that {@link ensurePkiDirectory} wrote. */
export interface PkiFileChange {
  path: string;
  action: 'created' | 'replaced';
  /** Why it was written, for example `no certificate` or `expired`. */
  reason: string;
}

/** The PKI directory after {@link ensurePkiDirectory}: every path, and what this call wrote. */
export interface PkiDirectory {
  dir: string;
  trustDomain: string;
  caCertPath: string;
  caKeyPath: string;
  directiveSigning: DirectiveSigningKeyPaths & { keyId: string };
  /** The development operator token key pair and the issuers file that trusts it. */
  operatorToken: OperatorTokenKeyPaths;
  identities: Array<IdentityPkiPaths & { identity: WorkloadIdentity; spiffeId: string }>;
  /** Empty when the directory already had everything. */
  changes: PkiFileChange[];
}

/**
 * Makes sure `dir` holds a CA, a certificate and key for each identity, a directive signing
 * key pair, and a development operator token key pair with an issuers file trusting it
 * (`operator-issuers.yaml`), creating only what is missing or unusable. Existing usable files are never touched,
 * so it is safe to call on every start. A workload certificate is re-issued when it is missing,
 * expired, not signed by the directory's CA, not for its identity, or not matching its key.
 *
 * Keys are written with mode 0600, every file atomically, and each key before its certificate:
 * a key without a certificate is the leftover of an interrupted run and is replaced.
 * Two processes must not run this on the same directory at the same time.
 *
 * @throws InvalidArgumentError if the trust domain or an identity is invalid.
 * @throws FailedPreconditionError if the directory holds a CA of another trust domain, an
 *   expired CA, or half of a key pair that cannot be recreated (a CA certificate without its key,
 *   a directive or operator token public key without its private key).
 */
export async function ensurePkiDirectory(
  dir: string,
  options: PkiDirectoryOptions,
): Promise<PkiDirectory> {
  const { trustDomain } = options;
  const now = options.now ?? new Date();
  const identities = uniqueIdentities(trustDomain, options.identities);
  const root = resolve(dir);
  // 0700: the directory holds private keys; an existing directory keeps its mode.
  await mkdir(root, { recursive: true, mode: 0o700 });

  const changes: PkiFileChange[] = [];
  const ca = await ensureCertificateAuthority(root, trustDomain, now, changes);
  const issued: PkiDirectory['identities'] = [];
  for (const identity of identities) {
    const paths = identityPaths(root, identity);
    await ensureWorkloadCertificate(ca, identity, paths, now, changes);
    issued.push({ identity, spiffeId: formatSpiffeId(identity), ...paths });
  }
  const directiveSigningPaths = directiveSigningKeyPaths(root);
  const directiveSigningKeyId = await ensureEd25519KeyPair(directiveSigningPaths, changes);
  const operatorToken = operatorTokenKeyPaths(root);
  await ensureEd25519KeyPair(operatorToken, changes);
  await ensureDevelopmentIssuersFile(operatorToken.issuersFilePath, changes);

  return {
    dir: root,
    trustDomain,
    caCertPath: join(root, CA_CERT),
    caKeyPath: join(root, CA_KEY),
    directiveSigning: { ...directiveSigningPaths, keyId: directiveSigningKeyId },
    operatorToken,
    identities: issued,
    changes,
  };
}

/**
 * The trust domain of the CA in a PKI directory.
 *
 * @throws FailedPreconditionError if the directory has no CA certificate yet.
 */
export async function readPkiTrustDomain(dir: string): Promise<string> {
  const path = join(resolve(dir), CA_CERT);
  const pem = await readFileIfExists(path);
  if (pem === undefined) {
    throw new FailedPreconditionError(
      `${path} does not exist; create the PKI directory first (pki init)`,
    );
  }
  return certificateAuthorityTrustDomain(pem);
}

/**
 * The files a workload loads for mutual TLS from a PKI directory made by
 * {@link ensurePkiDirectory}, and the directory's development operator token files.
 *
 * @throws FailedPreconditionError naming the missing files, so a service fails at start with a
 *   clear line rather than at its first TLS handshake.
 */
export function loadPkiPaths(dir: string, identity: WorkloadIdentity): PkiPaths {
  const operatorToken = operatorTokenKeyPaths(dir);
  const paths: PkiPaths = {
    ...identityPaths(resolve(dir), identity),
    operatorTokenKeyPath: operatorToken.privateKeyPath,
    operatorTokenPublicKeyPath: operatorToken.publicKeyPath,
    operatorIssuersPath: operatorToken.issuersFilePath,
  };
  const missing = Object.values(paths).filter((path) => !existsSync(path));
  if (missing.length > 0) {
    throw new FailedPreconditionError(
      `missing ${missing.join(', ')}; issue them with: pki issue --dir ${dir} --identity ${formatSpiffeId(identity)}`,
    );
  }
  return paths;
}

/** Where the directive signing key pair lives in a PKI directory (without checking it exists). */
export function directiveSigningKeyPaths(dir: string): DirectiveSigningKeyPaths {
  const root = resolve(dir);
  return { privateKeyPath: join(root, SIGNING_KEY), publicKeyPath: join(root, SIGNING_PUB) };
}

function identityPaths(root: string, identity: WorkloadIdentity): IdentityPkiPaths {
  const slug = identitySlug(identity);
  return {
    caCertPath: join(root, CA_CERT),
    certPath: join(root, `${slug}.crt`),
    keyPath: join(root, `${slug}.key`),
  };
}

function uniqueIdentities(trustDomain: string, identities: WorkloadIdentity[]): WorkloadIdentity[] {
  if (!isValidTrustDomain(trustDomain)) {
    throw new InvalidArgumentError(
      'trustDomain',
      `${JSON.stringify(trustDomain)} is not a SPIFFE trust domain (allowed: lowercase letters, digits, ".", "-", "_")`,
    );
  }
  const bySpiffeId = new Map<string, WorkloadIdentity>();
  identities.forEach((identity, index) => {
    const spiffeId = formatSpiffeId(identity);
    if (identity.trustDomain !== trustDomain) {
      throw new InvalidArgumentError(
        `identities[${index}].trustDomain`,
        `${spiffeId} is not in trust domain ${JSON.stringify(trustDomain)}`,
      );
    }
    bySpiffeId.set(spiffeId, identity);
  });
  return [...bySpiffeId.values()];
}

async function ensureCertificateAuthority(
  root: string,
  trustDomain: string,
  now: Date,
  changes: PkiFileChange[],
): Promise<CertificateAndKey> {
  const certPath = join(root, CA_CERT);
  const keyPath = join(root, CA_KEY);
  const certificatePem = await readFileIfExists(certPath);
  const privateKeyPem = await readFileIfExists(keyPath);

  if (certificatePem === undefined) {
    const ca = await createCertificateAuthority({ trustDomain, now });
    await write(
      keyPath,
      ca.privateKeyPem,
      PRIVATE_MODE,
      privateKeyPem !== undefined,
      'no certificate',
      changes,
    );
    await write(certPath, ca.certificatePem, PUBLIC_MODE, false, 'no certificate', changes);
    return ca;
  }
  if (privateKeyPem === undefined) {
    throw new FailedPreconditionError(
      `${keyPath} is missing but ${certPath} exists: restore the key, or delete ${certPath} to start a new CA (every certificate is then re-issued)`,
    );
  }
  const existingTrustDomain = certificateAuthorityTrustDomain(certificatePem);
  if (existingTrustDomain !== trustDomain) {
    throw new FailedPreconditionError(
      `${certPath} is the CA of trust domain ${JSON.stringify(existingTrustDomain)}, not ${JSON.stringify(trustDomain)}`,
    );
  }
  const validTo = new Date(new X509Certificate(certificatePem).validTo);
  if (validTo <= now) {
    throw new FailedPreconditionError(
      `${certPath} expired on ${validTo.toISOString()}: delete ${certPath} and ${keyPath} to start a new CA`,
    );
  }
  return { certificatePem, privateKeyPem };
}

async function ensureWorkloadCertificate(
  ca: CertificateAndKey,
  identity: WorkloadIdentity,
  paths: IdentityPkiPaths,
  now: Date,
  changes: PkiFileChange[],
): Promise<void> {
  const certificatePem = await readFileIfExists(paths.certPath);
  const privateKeyPem = await readFileIfExists(paths.keyPath);
  const problem =
    certificatePem === undefined
      ? 'no certificate'
      : privateKeyPem === undefined
        ? 'no key'
        : workloadCertificateProblem(ca, identity, { certificatePem, privateKeyPem }, now);
  if (problem === undefined) return;

  const issued = await issueCertificate(ca, { identity, now });
  await write(
    paths.keyPath,
    issued.privateKeyPem,
    PRIVATE_MODE,
    privateKeyPem !== undefined,
    problem,
    changes,
  );
  await write(
    paths.certPath,
    issued.certificatePem,
    PUBLIC_MODE,
    certificatePem !== undefined,
    problem,
    changes,
  );
}

/** Why an existing certificate cannot serve its identity, or undefined if it can. */
function workloadCertificateProblem(
  ca: CertificateAndKey,
  identity: WorkloadIdentity,
  existing: CertificateAndKey,
  now: Date,
): string | undefined {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(existing.certificatePem);
  } catch {
    return 'unreadable';
  }
  const caCertificate = new X509Certificate(ca.certificatePem);
  if (!certificate.checkIssued(caCertificate) || !certificate.verify(caCertificate.publicKey)) {
    return 'not issued by this CA';
  }
  if (new Date(certificate.validTo) <= now) return 'expired';
  try {
    const claimed = parseSpiffeIdFromSubjectAltName(certificate.subjectAltName, {
      trustDomain: identity.trustDomain,
    });
    if (formatSpiffeId(claimed) !== formatSpiffeId(identity)) return 'issued for another identity';
  } catch {
    return 'issued for another identity';
  }
  try {
    if (!certificate.checkPrivateKey(createPrivateKey(existing.privateKeyPem)))
      return 'key does not match';
  } catch {
    return 'key unreadable';
  }
  return undefined;
}

/** Makes sure an Ed25519 key pair exists at `paths`, and returns its key id. */
async function ensureEd25519KeyPair(
  paths: { privateKeyPath: string; publicKeyPath: string },
  changes: PkiFileChange[],
): Promise<string> {
  const privateKeyPem = await readFileIfExists(paths.privateKeyPath);
  const publicKeyPem = await readFileIfExists(paths.publicKeyPath);

  if (privateKeyPem === undefined) {
    // Verifiers may already trust this public key; silently replacing the pair would make
    // everything signed from now on (directives, operator tokens) look forged to them.
    if (publicKeyPem !== undefined) {
      throw new FailedPreconditionError(
        `${paths.privateKeyPath} is missing but ${paths.publicKeyPath} exists: restore the key, or delete ${paths.publicKeyPath} to create a new pair`,
      );
    }
    const pair = await generateSigningKeyPair();
    await write(paths.privateKeyPath, pair.privateKeyPem, PRIVATE_MODE, false, 'no key', changes);
    await write(paths.publicKeyPath, pair.publicKeyPem, PUBLIC_MODE, false, 'no key', changes);
    return pair.keyId;
  }

  const derivedPublicKeyPem = derivePublicKeyPem(paths.privateKeyPath, privateKeyPem);
  if (publicKeyPem === undefined) {
    await write(
      paths.publicKeyPath,
      derivedPublicKeyPem,
      PUBLIC_MODE,
      false,
      'no public key',
      changes,
    );
  } else if (signingKeyId(publicKeyPem) !== signingKeyId(derivedPublicKeyPem)) {
    throw new FailedPreconditionError(
      `${paths.publicKeyPath} is not the public key of ${paths.privateKeyPath}`,
    );
  }
  return signingKeyId(derivedPublicKeyPem);
}

// Written once: an operator may add issuers or rotation keys to it, which a rerun must keep.
async function ensureDevelopmentIssuersFile(path: string, changes: PkiFileChange[]): Promise<void> {
  if ((await readFileIfExists(path)) !== undefined) return;
  await write(path, developmentIssuersYaml(), PUBLIC_MODE, false, 'no issuers file', changes);
}

function derivePublicKeyPem(path: string, privateKeyPem: string): string {
  try {
    const key = createPrivateKey(privateKeyPem);
    if (key.asymmetricKeyType !== 'ed25519')
      throw new Error(`it is a ${key.asymmetricKeyType} key`);
    return createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
  } catch (error) {
    throw new FailedPreconditionError(
      `${path} is not an Ed25519 private key: ${(error as Error).message}`,
    );
  }
}

async function write(
  path: string,
  data: string,
  mode: number,
  existed: boolean,
  reason: string,
  changes: PkiFileChange[],
): Promise<void> {
  await writeFileAtomic(path, data, mode);
  changes.push({ path, action: existed ? 'replaced' : 'created', reason });
}
