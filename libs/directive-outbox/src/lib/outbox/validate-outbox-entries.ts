import { directiveV1alpha1 } from '@platform/contracts';
import { InvalidArgumentError } from '@platform/errors';
import type { OutboxEntry } from './outbox-entry';

const DIRECTIVE_ID = /^[0-9A-Za-z_-]{1,64}$/;
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Checks what the outbox relies on: names that fit its keys, and a signed payload that is the
 * directive the entry says it is (the relay routes by the payload, the outbox by the entry).
 *
 * @throws InvalidArgumentError naming the first bad field, e.g. `entries[1].space`.
 */
export function validateOutboxEntries(entries: readonly OutboxEntry[]): void {
  entries.forEach((entry, index) => {
    const field = (name: string) => `entries[${index}].${name}`;
    if (!DIRECTIVE_ID.test(entry.directiveId)) {
      throw new InvalidArgumentError(field('directiveId'), 'expected 1-64 of [0-9A-Za-z_-]');
    }
    if (!DNS_LABEL.test(entry.space)) {
      throw new InvalidArgumentError(field('space'), `"${entry.space}" is not a DNS label`);
    }
    if (!DNS_LABEL.test(entry.pop)) {
      throw new InvalidArgumentError(field('pop'), `"${entry.pop}" is not a DNS label`);
    }
    if (Number.isNaN(entry.issuedAt.getTime())) {
      throw new InvalidArgumentError(field('issuedAt'), 'not a valid date');
    }
    let body: directiveV1alpha1.DirectiveBody;
    try {
      body = directiveV1alpha1.DirectiveBody.decode(entry.signed.payload);
    } catch {
      throw new InvalidArgumentError(field('signed.payload'), 'not a DirectiveBody');
    }
    if (body.id !== entry.directiveId || body.space !== entry.space) {
      throw new InvalidArgumentError(
        field('signed.payload'),
        `carries directive "${body.id}" for space "${body.space}", not "${entry.directiveId}" for "${entry.space}"`,
      );
    }
  });
}
