/**
 * An identity provider whose operator tokens the control plane accepts. It may list several
 * public keys so a signing key can be rotated with an overlap: tokens signed by the old and the
 * new key are both accepted until the old one is removed from the list.
 */
export interface TrustedIssuer {
  /** Must equal the `iss` claim of its tokens. */
  issuer: string;
  /** Ed25519 or P-256 public keys, SPKI PEM. */
  publicKeyPems: string[];
}
