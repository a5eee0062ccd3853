import { z } from 'zod';
import { DEFAULT_SETTINGS, type Settings } from '../model/desired-state';
import { apiVersionField, maintenanceWindowSchema, nonEmptyText } from './schema-fields';

const defaults = DEFAULT_SETTINGS.spec;

/**
 * `platform/settings.yaml`. Every `spec` field is optional and takes its value from
 * DEFAULT_SETTINGS; `basicTierWindow` is replaced as a whole, since half of one window mixed
 * with half of another is never what someone meant.
 */
export const settingsSchema: z.ZodType<Settings, unknown> = z.strictObject({
  apiVersion: apiVersionField,
  kind: z.literal('Settings'),
  metadata: z.strictObject({ name: z.literal('settings') }),
  spec: z
    .strictObject({
      argocd: z
        .strictObject({
          repoURL: nonEmptyText.default(defaults.argocd.repoURL),
          targetRevision: nonEmptyText.default(defaults.argocd.targetRevision),
          path: z.string().default(defaults.argocd.path),
        })
        .default({ ...defaults.argocd }),
      basicTierWindow: maintenanceWindowSchema.default({ ...defaults.basicTierWindow }),
    })
    .default({ argocd: { ...defaults.argocd }, basicTierWindow: { ...defaults.basicTierWindow } }),
});
