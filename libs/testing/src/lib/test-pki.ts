import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createCertificateAuthority,
  identitySlug,
  issueCertificate,
  type CertificateAndKey,
  type WorkloadIdentity,
} from '@platform/pki';
import { createTempDir } from './temp-dir';

/**
 * A workload's certificate, key and the CA, as PEM bytes (what clients take) and as files (what
 * services are configured with). Shaped like the service kit's TlsMaterial and TlsFiles.
 */
export interface TestWorkloadTls {
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
  caFile: string;
  certFile: string;
  keyFile: string;
}

export interface TestPki {
  trustDomain: string;
  /** Issues (and writes to the temp dir) a certificate for a workload of this trust domain. */
  issue(identity: WorkloadIdentity): Promise<TestWorkloadTls>;
  /** Shorthand for the workload identities of this trust domain. */
  central(service: 'control-plane' | 'release-orchestrator'): WorkloadIdentity;
  pop(pop: string, service: 'pop-relay' | 'bot-detection'): WorkloadIdentity;
  space(space: string): WorkloadIdentity;
  operator(name: string): WorkloadIdentity;
  remove(): void;
}

/** A throwaway platform CA in a temporary directory, from the real PKI library. */
export async function createTestPki(trustDomain = 'platform.test'): Promise<TestPki> {
  const dir = createTempDir('pki');
  const ca = await createCertificateAuthority({ trustDomain, validityDays: 2 });
  const caFile = join(dir.path, 'ca.crt');
  writeFileSync(caFile, ca.certificatePem);

  return {
    trustDomain,
    issue: async (identity) => {
      const issued = await issueCertificate(ca, { identity, validityDays: 1 });
      return writeWorkload(dir.path, identitySlug(identity), caFile, ca, issued);
    },
    central: (service) => ({ trustDomain, tier: 'central', service }),
    pop: (pop, service) => ({ trustDomain, tier: 'pop', pop, service }),
    space: (space) => ({ trustDomain, tier: 'space', space, service: 'space-agent' }),
    operator: (name) => ({ trustDomain, tier: 'operator', name }),
    remove: dir.remove,
  };
}

function writeWorkload(
  dir: string,
  slug: string,
  caFile: string,
  ca: CertificateAndKey,
  issued: CertificateAndKey,
): TestWorkloadTls {
  const certFile = join(dir, `${slug}.crt`);
  const keyFile = join(dir, `${slug}.key`);
  writeFileSync(certFile, issued.certificatePem);
  writeFileSync(keyFile, issued.privateKeyPem, { mode: 0o600 });
  return {
    ca: Buffer.from(ca.certificatePem),
    cert: Buffer.from(issued.certificatePem),
    key: Buffer.from(issued.privateKeyPem),
    caFile,
    certFile,
    keyFile,
  };
}
