import { z } from 'zod';
import { CHANNELS, CLOUDS, type Pop } from '../model/desired-state';
import {
  apiVersionField,
  checkedString,
  dnsLabel,
  dnsSubdomain,
  metadataSchema,
} from './schema-fields';
import { describeValue } from './zod-problems';

const REGION = /^[a-z0-9-]+$/;

/** `platform/pops/<name>.yaml`: a PoP, one per cloud and region. */
export const popSchema: z.ZodType<Pop> = z.strictObject({
  apiVersion: apiVersionField,
  kind: z.literal('Pop'),
  metadata: metadataSchema(dnsLabel),
  spec: z.strictObject({
    cloud: z.enum(CLOUDS),
    region: checkedString((value) =>
      REGION.test(value)
        ? undefined
        : `expected the cloud's region id (lowercase letters, digits and "-"), got ${describeValue(value)}`,
    ),
    channel: z.enum(CHANNELS),
    release: dnsSubdomain,
  }),
});
