import { createPrivateKey, X509Certificate } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import * as tls from 'node:tls';
import {
  type CertificateAndKey,
  createCertificateAuthority,
  issueCertificate,
  parseSpiffeIdFromSubjectAltName,
  type WorkloadIdentity,
} from '../index';

const relay: WorkloadIdentity = {
  trustDomain: 'platform.local',
  tier: 'pop',
  pop: 'aws-us-east-1',
  service: 'pop-relay',
};
const agent: WorkloadIdentity = {
  trustDomain: 'platform.local',
  tier: 'space',
  space: 'acme',
  service: 'space-agent',
};

describe(issueCertificate.name, () => {
  let ca: CertificateAndKey;
  let caCertificate: X509Certificate;

  beforeAll(async () => {
    ca = await createCertificateAuthority({ trustDomain: 'platform.local' });
    caCertificate = new X509Certificate(ca.certificatePem);
  });

  it('issues a P-256 certificate signed by the CA', async () => {
    const issued = await issueCertificate(ca, { identity: relay });
    const certificate = new X509Certificate(issued.certificatePem);

    expect(certificate.issuer).toBe(caCertificate.subject);
    expect(certificate.verify(caCertificate.publicKey)).toBe(true);
    expect(certificate.checkIssued(caCertificate)).toBe(true);
    expect(certificate.ca).toBe(false);
    expect(certificate.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(certificate.checkPrivateKey(createPrivateKey(issued.privateKeyPem))).toBe(true);
    expect(issued.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
  });

  it('carries the SPIFFE ID, localhost and 127.0.0.1 by default', async () => {
    const issued = await issueCertificate(ca, { identity: relay });
    const san = new X509Certificate(issued.certificatePem).subjectAltName;

    expect(san).toContain('URI:spiffe://platform.local/pop/aws-us-east-1/pop-relay');
    expect(san).toContain('DNS:localhost');
    expect(san).toContain('IP Address:127.0.0.1');
    expect(parseSpiffeIdFromSubjectAltName(san, { trustDomain: 'platform.local' })).toEqual(relay);
  });

  it('uses the given DNS names and IP addresses instead of the defaults', async () => {
    const issued = await issueCertificate(ca, {
      identity: relay,
      dnsNames: ['relay.aws-us-east-1.platform.internal'],
      ipAddresses: ['10.0.0.7', '::1'],
    });
    const san = new X509Certificate(issued.certificatePem).subjectAltName;

    expect(san).toContain('DNS:relay.aws-us-east-1.platform.internal');
    expect(san).toContain('IP Address:10.0.0.7');
    expect(san).toContain('IP Address:0:0:0:0:0:0:0:1');
    expect(san).not.toContain('localhost');
  });

  it('is valid for both TLS server and client authentication', async () => {
    const issued = await issueCertificate(ca, { identity: relay });

    expect(new X509Certificate(issued.certificatePem).keyUsage).toEqual(
      expect.arrayContaining(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']),
    );
  });

  it('is valid from a minute ago, so peers with a slow clock accept it, for the given days', async () => {
    const now = new Date('2030-06-01T12:00:00Z');
    const issued = await issueCertificate(ca, { identity: relay, validityDays: 7, now });
    const certificate = new X509Certificate(issued.certificatePem);

    expect(new Date(certificate.validFrom)).toEqual(new Date('2030-06-01T11:59:00Z'));
    expect(new Date(certificate.validTo)).toEqual(new Date('2030-06-08T12:00:00Z'));
  });

  it('gives every certificate its own random serial number', async () => {
    const serials = await Promise.all(
      [1, 2, 3].map(
        async () =>
          new X509Certificate((await issueCertificate(ca, { identity: relay })).certificatePem)
            .serialNumber,
      ),
    );

    expect(new Set(serials).size).toBe(3);
  });

  it('refuses an identity of another trust domain than the CA', async () => {
    await expect(
      issueCertificate(ca, { identity: { ...relay, trustDomain: 'other.local' } }),
    ).rejects.toThrow(/differs from the CA's trust domain "platform.local"/);
  });

  it('refuses malformed names and addresses', async () => {
    await expect(
      issueCertificate(ca, { identity: relay, ipAddresses: ['localhost'] }),
    ).rejects.toThrow(/ipAddresses/);
    await expect(
      issueCertificate(ca, { identity: relay, dnsNames: ['a, URI:spiffe://x'] }),
    ).rejects.toThrow(/dnsNames/);
  });

  it('refuses a CA key that does not belong to the CA certificate', async () => {
    const other = await createCertificateAuthority({ trustDomain: 'platform.local' });

    await expect(
      issueCertificate(
        { certificatePem: ca.certificatePem, privateKeyPem: other.privateKeyPem },
        { identity: relay },
      ),
    ).rejects.toThrow(/does not belong to the CA certificate/);
  });

  it('refuses to sign with a certificate that is not a CA', async () => {
    const leaf = await issueCertificate(ca, { identity: relay });

    await expect(issueCertificate(leaf, { identity: agent })).rejects.toThrow(
      /not a CA certificate/,
    );
  });

  describe('in a mutual TLS handshake', () => {
    let server: tls.Server;
    let port: number;
    let serverSide: Promise<HandshakeOutcome>;

    beforeEach(async () => {
      const serverCert = await issueCertificate(ca, { identity: relay });
      server = tls.createServer({
        key: serverCert.privateKeyPem,
        cert: serverCert.certificatePem,
        ca: ca.certificatePem,
        requestCert: true,
        rejectUnauthorized: true,
      });
      serverSide = new Promise((resolve) => {
        server.once('secureConnection', (socket) => {
          resolve({ accepted: true, subjectAltName: socket.getPeerCertificate().subjectaltname });
          socket.end();
        });
        server.once('tlsClientError', (error) =>
          resolve({ accepted: false, error: error.message }),
        );
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });

    afterEach(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    it("lets a client with an issued certificate in, and the server reads the client's identity", async () => {
      const clientCert = await issueCertificate(ca, { identity: agent });

      const client = await connect(port, clientCert, ca.certificatePem);
      const outcome = await serverSide;

      expect(client.authorized).toBe(true);
      expect(outcome.accepted).toBe(true);
      expect(outcome.subjectAltName).toContain(
        'URI:spiffe://platform.local/space/acme/space-agent',
      );
      expect(
        parseSpiffeIdFromSubjectAltName(outcome.subjectAltName, { trustDomain: 'platform.local' }),
      ).toEqual(agent);
    });

    it('refuses a client whose certificate comes from another CA', async () => {
      const otherCa = await createCertificateAuthority({ trustDomain: 'platform.local' });
      const intruder = await issueCertificate(otherCa, { identity: agent });

      await connect(port, intruder, ca.certificatePem).catch(() => undefined);
      const outcome = await serverSide;

      // Node reports the refusal only as a dropped connection; the test above shows that the same
      // set-up accepts a certificate of the right CA, so the certificate is what made the difference.
      expect(outcome.accepted).toBe(false);
    });
  });
});

interface HandshakeOutcome {
  accepted: boolean;
  subjectAltName?: string;
  error?: string;
}

/** Connects to 127.0.0.1 as a client presenting `identity`; resolves once the handshake is done. */
function connect(port: number, identity: CertificateAndKey, caPem: string): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: '127.0.0.1',
      port,
      key: identity.privateKeyPem,
      cert: identity.certificatePem,
      ca: caPem,
    });
    socket.once('secureConnect', () => {
      // With TLS 1.3 the server judges the client certificate after the client's handshake
      // ends; read until the server closes so its verdict has arrived either way.
      socket.resume();
      socket.once('end', () => resolve(socket));
    });
    socket.once('error', reject);
  });
}
