import { directiveV1alpha1 } from '@platform/contracts';

const { DirectiveBody } = directiveV1alpha1;

let sequence = 0;

/** A directive id unique within the test run, e.g. `d-17-acme`. */
export function newDirectiveId(label = 'd'): string {
  sequence += 1;
  return `${label}-${sequence}`;
}

/**
 * A directive as Central would publish it, except for the signature: 64 dummy bytes, because the
 * relay only routes directives and never verifies them (agents do).
 */
export function signedDirective(
  body: Pick<directiveV1alpha1.DirectiveBody, 'id' | 'space'> &
    Partial<directiveV1alpha1.DirectiveBody>,
): directiveV1alpha1.SignedDirective {
  const payload = DirectiveBody.encode({
    issuedAt: { seconds: String(Math.floor(Date.now() / 1000)), nanos: 0 },
    gitCommit: 'c0ffee'.padEnd(40, '0'),
    emergency: false,
    unfreeze: {},
    ...body,
  }).finish();
  return { payload, signature: Buffer.alloc(64, 7), keyId: 'central-test' };
}

/** The directive id inside a delivered directive's payload. */
export function directiveIdOf(directive: directiveV1alpha1.SignedDirective | undefined): string {
  if (!directive) throw new Error('the delivery carries no directive');
  return DirectiveBody.decode(directive.payload).id;
}
