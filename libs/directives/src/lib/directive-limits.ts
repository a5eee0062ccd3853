/**
 * Largest payload an agent accepts, in bytes. A valid body is a few hundred bytes (every field is
 * bounded); the cap keeps a hostile relay from making an agent hash or buffer megabytes.
 */
export const MAX_DIRECTIVE_PAYLOAD_BYTES = 64 * 1024;

/** Length of an Ed25519 signature, in bytes. */
export const DIRECTIVE_SIGNATURE_BYTES = 64;
