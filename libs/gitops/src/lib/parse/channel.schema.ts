import { z } from 'zod';
import { CHANNELS, type Channel } from '../model/desired-state';
import { isRfc3339DateTime } from './rfc3339';
import {
  apiVersionField,
  checkedString,
  dnsSubdomain,
  metadataSchema,
  nonEmptyText,
} from './schema-fields';
import { describeValue } from './zod-problems';

/** `platform/channels/<dev|staging|prod>.yaml`: the release a channel offers, and its freeze. */
export const channelSchema: z.ZodType<Channel> = z.strictObject({
  apiVersion: apiVersionField,
  kind: z.literal('Channel'),
  metadata: metadataSchema(z.enum(CHANNELS)),
  spec: z.strictObject({
    release: dnsSubdomain,
    frozen: z
      .strictObject({
        reason: nonEmptyText,
        until: checkedString((value) =>
          isRfc3339DateTime(value)
            ? undefined
            : `expected an RFC 3339 date-time such as 2026-11-02T09:00:00Z, got ${describeValue(value)}`,
        ).optional(),
      })
      .optional(),
  }),
});
