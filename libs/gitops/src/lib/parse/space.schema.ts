import { z } from 'zod';
import { CHANNELS, FAILOVER_SIDES, TIERS, type Space } from '../model/desired-state';
import {
  apiVersionField,
  dnsLabel,
  dnsSubdomain,
  maintenanceWindowSchema,
  metadataSchema,
} from './schema-fields';

/** `platform/spaces/<name>.yaml`: one customer environment under a PoP. */
export const spaceSchema: z.ZodType<Space> = z.strictObject({
  apiVersion: apiVersionField,
  kind: z.literal('Space'),
  metadata: metadataSchema(dnsLabel),
  spec: z.strictObject({
    pop: dnsLabel,
    tier: z.enum(TIERS),
    channel: z.enum(CHANNELS),
    release: dnsSubdomain,
    maintenanceWindow: maintenanceWindowSchema,
    addOns: z.strictObject({
      pci: z.boolean(),
      geoFailover: z
        .strictObject({ secondaryPop: dnsLabel, active: z.enum(FAILOVER_SIDES) })
        .optional(),
    }),
  }),
});
