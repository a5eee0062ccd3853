import type { Metadata } from '@grpc/grpc-js';
import { PermissionDeniedError } from '@platform/errors';
import {
  assertPermitted,
  operatorActor,
  type OperatorAction,
  type OperatorTokenVerifier,
} from '@platform/operator-auth';
import { formatSpiffeId } from '@platform/pki';
import { verifiedCaller } from './mutual-tls-identity.guard';

/**
 * Two checks per call: the mTLS certificate must be Central's or an operator's (a PoP or Space
 * workload has no business here, whatever token it holds), and the bearer token must name a
 * person whose role allows `action`. The actor recorded in git names both.
 */
export class OperatorAccess {
  /** @param serviceName how refusals name the service, e.g. `the control plane` */
  constructor(
    private readonly verifier: OperatorTokenVerifier,
    private readonly serviceName: string,
  ) {}

  /**
   * @throws UnauthenticatedError for a missing or bad token
   * @throws PermissionDeniedError for a PoP or Space certificate, or a role without `action`
   */
  async authorize(
    metadata: Metadata | undefined,
    action: OperatorAction,
  ): Promise<{ actor: string }> {
    const workload = verifiedCaller(metadata);
    if (workload.tier !== 'central' && workload.tier !== 'operator') {
      throw new PermissionDeniedError(
        `${formatSpiffeId(workload)} may not call ${this.serviceName}: only Central services and operator tooling may`,
      );
    }
    const header = metadata?.get('authorization')[0];
    const identity = await this.verifier.verify(typeof header === 'string' ? header : undefined);
    assertPermitted(identity, action);
    return { actor: `${operatorActor(identity)} via ${formatSpiffeId(workload)}` };
  }
}
