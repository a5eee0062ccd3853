import { z } from 'zod';
import { MIGRATION_PHASES, type Release } from '../model/desired-state';
import { imageReferenceProblem } from './image-reference';
import {
  apiVersionField,
  checkedString,
  dnsLabel,
  dnsSubdomain,
  metadataSchema,
  nonEmptyText,
} from './schema-fields';

/** `platform/releases/<version>.yaml`: an immutable release manifest. */
export const releaseSchema: z.ZodType<Release> = z.strictObject({
  apiVersion: apiVersionField,
  kind: z.literal('Release'),
  metadata: metadataSchema(dnsSubdomain),
  spec: z.strictObject({
    compatibleWith: dnsSubdomain.optional(),
    components: z
      .record(dnsLabel, checkedString(imageReferenceProblem))
      .refine((components) => Object.keys(components).length > 0, {
        error: 'a release lists at least one component',
      }),
    migrations: z.array(z.strictObject({ id: dnsLabel, phase: z.enum(MIGRATION_PHASES) })),
    blocked: z.strictObject({ reason: nonEmptyText }).optional(),
  }),
});
