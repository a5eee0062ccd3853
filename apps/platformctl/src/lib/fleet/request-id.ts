import { Option } from 'commander';
import { randomUUID } from 'node:crypto';

/** `--request-id`: the idempotency key of a mutation, so a script can retry one safely. */
export function requestIdOption(): Option {
  return new Option(
    '--request-id <id>',
    'idempotency key (default: a new UUID); repeat a call with the same id to retry it without a second change',
  );
}

export function requestIdOf(options: { requestId?: string }): string {
  return options.requestId ?? randomUUID();
}
