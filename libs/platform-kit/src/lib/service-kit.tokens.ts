/** Injection tokens the service kit provides to every module of a service. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const SERVICE_LOGGER = Symbol('SERVICE_LOGGER');
/** The service's {@link Clock}: real time, or the development clock file's. */
export const SERVICE_CLOCK = Symbol('SERVICE_CLOCK');
