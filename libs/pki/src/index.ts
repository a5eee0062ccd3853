export * from './lib/workload-identity';
export * from './lib/spiffe-id';
export * from './lib/identity-slug';
export * from './lib/certificate-and-key';
export * from './lib/certificate-authority';
export * from './lib/certificate-issuer';
export * from './lib/signing-keys';
export * from './lib/pki-directory';
