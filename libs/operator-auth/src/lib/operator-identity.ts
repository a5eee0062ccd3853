import type { OperatorRole } from './operator-roles';

/** Who is calling, as proven by a verified operator token. */
export interface OperatorIdentity {
  /** The token's `sub`, for example `alice@example.com`. */
  subject: string;
  role: OperatorRole;
  /** The token's `iss`: which identity provider vouches for the subject. */
  issuer: string;
  /** The token's `jti`, when it has one: lets an audit line point at one token. */
  tokenId?: string;
  expiresAt: Date;
}

/**
 * One line naming the operator, for the `Platform-Actor` commit trailer and audit logs, for
 * example `operator:alice@example.com (admin, issuer platform-dev)`. Line breaks in a subject
 * are flattened so a subject can never forge a second trailer.
 */
export function operatorActor(identity: OperatorIdentity): string {
  const subject = identity.subject.replace(/[\r\n]+/g, ' ');
  const issuer = identity.issuer.replace(/[\r\n]+/g, ' ');
  return `operator:${subject} (${identity.role}, issuer ${issuer})`;
}
