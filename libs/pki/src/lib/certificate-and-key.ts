/** A certificate with its private key, both PEM: PKCS#8 for the key. */
export interface CertificateAndKey {
  certificatePem: string;
  privateKeyPem: string;
}
