import type { z } from 'zod';
import { loadEnvironmentOrExit } from './parse-environment';
import { serviceEnvironment, toServiceConfig, type ServiceConfig } from './service-config';

/**
 * Reads the common service variables (and the service's own, when given) once at start; a bad
 * one ends the process with one line naming it.
 */
export function loadServiceConfig<Extra extends z.ZodRawShape = Record<never, never>>(
  service: string,
  extra: Extra = {} as Extra,
  source: NodeJS.ProcessEnv = process.env,
): { config: ServiceConfig; extra: z.output<z.ZodObject<Extra>> } {
  const common = loadEnvironmentOrExit(service, serviceEnvironment, source);
  return {
    config: toServiceConfig(service, common),
    extra: loadEnvironmentOrExit(service, extra, source),
  };
}
