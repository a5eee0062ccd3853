/** The issuer of the tokens minted from the local development key (`platformctl auth token`). */
export const DEVELOPMENT_ISSUER = 'platform-dev';

/** The `aud` every operator token for the control plane and release orchestrator carries. */
export const OPERATOR_TOKEN_AUDIENCE = 'platform-control-plane';
