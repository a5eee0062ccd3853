import { X509Certificate } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FailedPreconditionError } from '@platform/errors';
import {
  ensurePkiDirectory,
  loadPkiPaths,
  parseSpiffeIdFromSubjectAltName,
  readPkiTrustDomain,
  signingKeyId,
  type WorkloadIdentity,
} from '../index';

const trustDomain = 'platform.local';
const controlPlane: WorkloadIdentity = { trustDomain, tier: 'central', service: 'control-plane' };
const relay: WorkloadIdentity = {
  trustDomain,
  tier: 'pop',
  pop: 'aws-us-east-1',
  service: 'pop-relay',
};
const agent: WorkloadIdentity = {
  trustDomain,
  tier: 'space',
  space: 'acme',
  service: 'space-agent',
};
const operator: WorkloadIdentity = { trustDomain, tier: 'operator', name: 'dev' };

describe(ensurePkiDirectory.name, () => {
  let dir: string;

  beforeEach(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'pki-dir-')), 'pki');
  });

  afterEach(async () => {
    await rm(join(dir, '..'), { recursive: true, force: true });
  });

  it('creates the CA, a certificate per identity, the directive and operator token keys', async () => {
    const pki = await ensurePkiDirectory(dir, {
      trustDomain,
      identities: [controlPlane, relay, agent, operator],
    });

    expect((await readdir(dir)).sort()).toEqual([
      'ca.crt',
      'ca.key',
      'central-control-plane.crt',
      'central-control-plane.key',
      'directive-signing.key',
      'directive-signing.pub',
      'operator-dev.crt',
      'operator-dev.key',
      'operator-issuers.yaml',
      'operator-token.key',
      'operator-token.pub.pem',
      'pop-aws-us-east-1-pop-relay.crt',
      'pop-aws-us-east-1-pop-relay.key',
      'space-acme-space-agent.crt',
      'space-acme-space-agent.key',
    ]);
    expect(pki.changes.map((change) => change.action)).toEqual(Array(15).fill('created'));
  });

  it("issues each certificate under the directory's CA for its own identity", async () => {
    const pki = await ensurePkiDirectory(dir, { trustDomain, identities: [relay, agent] });
    const ca = new X509Certificate(await readFile(pki.caCertPath));

    for (const issued of pki.identities) {
      const certificate = new X509Certificate(await readFile(issued.certPath));
      expect(certificate.verify(ca.publicKey)).toBe(true);
      expect(parseSpiffeIdFromSubjectAltName(certificate.subjectAltName, { trustDomain })).toEqual(
        issued.identity,
      );
    }
    expect(pki.identities.map((issued) => issued.spiffeId)).toEqual([
      'spiffe://platform.local/pop/aws-us-east-1/pop-relay',
      'spiffe://platform.local/space/acme/space-agent',
    ]);
  });

  it('keeps private keys readable by the owner only', async () => {
    const pki = await ensurePkiDirectory(dir, { trustDomain, identities: [relay] });

    for (const path of [
      pki.caKeyPath,
      pki.identities[0].keyPath,
      pki.directiveSigning.privateKeyPath,
      pki.operatorToken.privateKeyPath,
    ]) {
      expect((await stat(path)).mode & 0o777).toBe(0o600);
    }
  });

  it('reports the id of the directive signing key', async () => {
    const pki = await ensurePkiDirectory(dir, { trustDomain, identities: [] });

    expect(pki.directiveSigning.keyId).toBe(
      signingKeyId(await readFile(pki.directiveSigning.publicKeyPath, 'utf8')),
    );
  });

  it('changes nothing on a second call', async () => {
    const options = { trustDomain, identities: [controlPlane, relay] };
    await ensurePkiDirectory(dir, options);
    const before = await snapshot(dir);

    const again = await ensurePkiDirectory(dir, options);

    expect(again.changes).toEqual([]);
    expect(await snapshot(dir)).toEqual(before);
  });

  it('adds a new identity without touching the existing files', async () => {
    await ensurePkiDirectory(dir, { trustDomain, identities: [relay] });
    const before = await snapshot(dir);

    const pki = await ensurePkiDirectory(dir, { trustDomain, identities: [relay, agent] });

    expect(pki.changes.map((change) => change.path)).toEqual([
      join(dir, 'space-acme-space-agent.key'),
      join(dir, 'space-acme-space-agent.crt'),
    ]);
    expect(await snapshot(dir)).toMatchObject(before);
  });

  it('re-issues a certificate that has expired', async () => {
    await ensurePkiDirectory(dir, { trustDomain, identities: [relay] });
    const twoYearsLater = new Date(Date.now() + 2 * 365 * 24 * 60 * 60 * 1000);

    const pki = await ensurePkiDirectory(dir, {
      trustDomain,
      identities: [relay],
      now: twoYearsLater,
    });

    expect(pki.changes).toEqual([
      { path: pki.identities[0].keyPath, action: 'replaced', reason: 'expired' },
      { path: pki.identities[0].certPath, action: 'replaced', reason: 'expired' },
    ]);
  });

  it('re-issues certificates after the CA was replaced', async () => {
    await ensurePkiDirectory(dir, { trustDomain, identities: [relay] });
    await unlink(join(dir, 'ca.crt'));

    const pki = await ensurePkiDirectory(dir, { trustDomain, identities: [relay] });

    expect(pki.changes.map(({ path, reason }) => [path, reason])).toEqual([
      [pki.caKeyPath, 'no certificate'],
      [pki.caCertPath, 'no certificate'],
      [pki.identities[0].keyPath, 'not issued by this CA'],
      [pki.identities[0].certPath, 'not issued by this CA'],
    ]);
  });

  it('replaces a key left without its certificate by an interrupted run', async () => {
    const first = await ensurePkiDirectory(dir, { trustDomain, identities: [relay] });
    await unlink(first.identities[0].certPath);

    const pki = await ensurePkiDirectory(dir, { trustDomain, identities: [relay] });

    expect(pki.changes).toEqual([
      { path: first.identities[0].keyPath, action: 'replaced', reason: 'no certificate' },
      { path: first.identities[0].certPath, action: 'created', reason: 'no certificate' },
    ]);
  });

  it('refuses a directory whose CA belongs to another trust domain', async () => {
    await ensurePkiDirectory(dir, { trustDomain, identities: [] });

    await expect(
      ensurePkiDirectory(dir, { trustDomain: 'other.local', identities: [] }),
    ).rejects.toThrow(/is the CA of trust domain "platform.local", not "other.local"/);
  });

  it('refuses to replace a CA whose key is lost, because that would silently re-key every workload', async () => {
    await ensurePkiDirectory(dir, { trustDomain, identities: [] });
    await unlink(join(dir, 'ca.key'));

    const attempt = ensurePkiDirectory(dir, { trustDomain, identities: [relay] });

    await expect(attempt).rejects.toThrow(FailedPreconditionError);
    await expect(attempt).rejects.toThrow(/ca.key is missing but .*ca.crt exists/);
  });

  it('refuses to replace a directive key whose public half may already be trusted', async () => {
    await ensurePkiDirectory(dir, { trustDomain, identities: [] });
    await unlink(join(dir, 'directive-signing.key'));

    await expect(ensurePkiDirectory(dir, { trustDomain, identities: [] })).rejects.toThrow(
      /directive-signing.key is missing but .*directive-signing.pub exists/,
    );
  });

  it('restores a missing directive public key from the private key', async () => {
    const first = await ensurePkiDirectory(dir, { trustDomain, identities: [] });
    await unlink(first.directiveSigning.publicKeyPath);

    const pki = await ensurePkiDirectory(dir, { trustDomain, identities: [] });

    expect(pki.directiveSigning.keyId).toBe(first.directiveSigning.keyId);
    expect(signingKeyId(await readFile(pki.directiveSigning.publicKeyPath, 'utf8'))).toBe(
      first.directiveSigning.keyId,
    );
  });

  it('refuses an identity of another trust domain', async () => {
    await expect(
      ensurePkiDirectory(dir, {
        trustDomain,
        identities: [{ ...relay, trustDomain: 'other.local' }],
      }),
    ).rejects.toThrow(/identities\[0\]\.trustDomain/);
  });
});

describe(loadPkiPaths.name, () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pki-paths-'));
    await ensurePkiDirectory(dir, { trustDomain, identities: [relay] });
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("returns the CA certificate and the identity's own certificate and key", () => {
    expect(loadPkiPaths(dir, relay)).toMatchObject({
      caCertPath: join(dir, 'ca.crt'),
      certPath: join(dir, 'pop-aws-us-east-1-pop-relay.crt'),
      keyPath: join(dir, 'pop-aws-us-east-1-pop-relay.key'),
    });
  });

  it('returns the development operator token key and the issuers file that trusts it', () => {
    expect(loadPkiPaths(dir, relay)).toMatchObject({
      operatorTokenKeyPath: join(dir, 'operator-token.key'),
      operatorTokenPublicKeyPath: join(dir, 'operator-token.pub.pem'),
      operatorIssuersPath: join(dir, 'operator-issuers.yaml'),
    });
  });

  it('names the missing files and how to create them', () => {
    expect(() => loadPkiPaths(dir, agent)).toThrow(
      /missing .*space-acme-space-agent.crt, .*space-acme-space-agent.key; issue them with: pki issue --dir .* --identity spiffe:\/\/platform.local\/space\/acme\/space-agent/,
    );
  });
});

describe(readPkiTrustDomain.name, () => {
  it('reads the trust domain of the CA in the directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pki-td-'));
    await ensurePkiDirectory(dir, { trustDomain: 'staging.platform.example', identities: [] });

    await expect(readPkiTrustDomain(dir)).resolves.toBe('staging.platform.example');
    await rm(dir, { recursive: true, force: true });
  });

  it('says to initialise a directory that has no CA', async () => {
    await expect(readPkiTrustDomain(join(tmpdir(), 'pki-does-not-exist'))).rejects.toThrow(
      /pki init/,
    );
  });
});

/** Content and modification time of every file, to prove that nothing was rewritten. */
async function snapshot(
  dir: string,
): Promise<Record<string, { content: string; mtimeMs: number }>> {
  const entries: Record<string, { content: string; mtimeMs: number }> = {};
  for (const name of await readdir(dir)) {
    entries[name] = {
      content: await readFile(join(dir, name), 'utf8'),
      mtimeMs: (await stat(join(dir, name))).mtimeMs,
    };
  }
  return entries;
}
