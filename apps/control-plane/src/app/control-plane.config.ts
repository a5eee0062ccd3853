import {
  centralEnvironment,
  centralSettings,
  loadServiceConfig,
  type CentralSettings,
  type ServiceConfig,
} from '@platform/platform-kit';

/** The control plane's own settings, on top of the common service variables. */
export type ControlPlaneConfig = CentralSettings;

/** Injection token of the {@link ControlPlaneConfig}. */
export const CONTROL_PLANE_CONFIG = Symbol('CONTROL_PLANE_CONFIG');

/** Environment variables of the control plane, beyond `serviceEnvironment`. */
export const controlPlaneEnvironment = centralEnvironment;

/**
 * Reads the common and the control plane's variables once at start; a bad one ends the
 * process with one line naming it.
 */
export function loadControlPlaneConfig(source: NodeJS.ProcessEnv = process.env): {
  config: ServiceConfig;
  controlPlane: ControlPlaneConfig;
} {
  const { config, extra } = loadServiceConfig('control-plane', controlPlaneEnvironment, source);
  return { config, controlPlane: centralSettings(extra) };
}
