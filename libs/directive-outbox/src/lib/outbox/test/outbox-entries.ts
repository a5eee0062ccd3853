import { commonV1alpha1 } from '@platform/contracts';
import { DirectiveSigner } from '@platform/directives';
import { generateSigningKeyPair, type SigningKeyPair } from '@platform/pki';
import type { OutboxEntry } from '../outbox-entry';

/** Makes outbox entries for tests, each a Freeze directive signed with a fresh Central key. */
export interface OutboxEntryFactory {
  keys: SigningKeyPair;
  entry(pop: string, space: string, directiveId?: string): OutboxEntry;
}

let sequence = 0;

/** Ids `d_<n>` with a zero-padded counter: they sort as strings in creation order. */
export function testDirectiveId(): string {
  sequence += 1;
  return `d_${String(sequence).padStart(8, '0')}`;
}

export async function createOutboxEntryFactory(): Promise<OutboxEntryFactory> {
  const keys = await generateSigningKeyPair();
  const signer = new DirectiveSigner({ keyId: keys.keyId, privateKeyPem: keys.privateKeyPem });
  return {
    keys,
    entry(pop, space, directiveId = testDirectiveId()) {
      const issuedAt = new Date();
      const signed = signer.sign({
        id: directiveId,
        space,
        issuedAt: { seconds: String(Math.floor(issuedAt.getTime() / 1000)), nanos: 0 },
        gitCommit: 'c0ffee'.padEnd(40, '0'),
        emergency: false,
        freeze: { reason: 'test' },
      });
      return {
        directiveId,
        space,
        pop,
        kind: commonV1alpha1.DirectiveKind.DIRECTIVE_KIND_FREEZE,
        emergency: false,
        issuedAt,
        signed,
      };
    },
  };
}
