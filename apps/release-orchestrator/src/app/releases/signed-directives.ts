import type { commonV1alpha1, directiveV1alpha1 } from '@platform/contracts';
import type { OutboxEntry } from '@platform/directive-outbox';
import type { DirectiveSigner } from '@platform/directives';
import { createHash } from 'node:crypto';
import type { PlannedDirective } from './directive-plans';

/** A signed directive as the request ledger keeps it between the commit and the outbox. */
export interface RecordedDirective {
  directiveId: string;
  space: string;
  pop: string;
  kind: commonV1alpha1.DirectiveKind;
  emergency: boolean;
  issuedAt: string;
  keyId: string;
  payloadBase64: string;
  signatureBase64: string;
}

/**
 * A directive id derived from the request and the directive's place in it, so a change rebuilt
 * after a crash issues the same ids and the outbox (which ignores ids it holds) sends it once.
 */
export function directiveIdFor(
  requestId: string,
  index: number,
  planned: PlannedDirective,
): string {
  return createHash('sha256')
    .update(`${requestId}\n${index}\n${planned.space}\n${planned.pop}\n${planned.kind}`)
    .digest('base64url')
    .slice(0, 32);
}

export function signDirectives(
  signer: DirectiveSigner,
  requestId: string,
  commit: string,
  issuedAt: Date,
  planned: readonly PlannedDirective[],
): RecordedDirective[] {
  return planned.map((plan, index) => {
    const id = directiveIdFor(requestId, index, plan);
    const body: directiveV1alpha1.DirectiveBody = {
      id,
      space: plan.space,
      issuedAt: {
        seconds: String(Math.floor(issuedAt.getTime() / 1000)),
        nanos: (issuedAt.getTime() % 1000) * 1e6,
      },
      gitCommit: commit,
      emergency: plan.emergency,
      ...plan.action,
    };
    const signed = signer.sign(body);
    return {
      directiveId: id,
      space: plan.space,
      pop: plan.pop,
      kind: plan.kind,
      emergency: plan.emergency,
      issuedAt: issuedAt.toISOString(),
      keyId: signed.keyId,
      payloadBase64: Buffer.from(signed.payload).toString('base64'),
      signatureBase64: Buffer.from(signed.signature).toString('base64'),
    };
  });
}

export function toOutboxEntry(directive: RecordedDirective): OutboxEntry {
  return {
    directiveId: directive.directiveId,
    space: directive.space,
    pop: directive.pop,
    kind: directive.kind,
    emergency: directive.emergency,
    issuedAt: new Date(directive.issuedAt),
    signed: {
      payload: new Uint8Array(Buffer.from(directive.payloadBase64, 'base64')),
      signature: new Uint8Array(Buffer.from(directive.signatureBase64, 'base64')),
      keyId: directive.keyId,
    },
  };
}
