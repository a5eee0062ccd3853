import { z } from 'zod';
import { ConfigError } from './config-error';

/**
 * Validates the environment against a schema whose keys are variable names, once, at start.
 * Throws a {@link ConfigError} naming the first bad variable.
 */
export function parseEnvironment<Shape extends z.ZodRawShape>(
  shape: Shape,
  source: NodeJS.ProcessEnv,
): z.output<z.ZodObject<Shape>> {
  const result = z.object(shape).safeParse(source);
  if (result.success) return result.data;
  const [issue] = result.error.issues;
  const variable = String(issue.path[0] ?? '(environment)');
  const problem =
    source[variable] === undefined && issue.code === 'invalid_type' ? 'is required' : issue.message;
  throw new ConfigError(variable, problem);
}

/**
 * Like {@link parseEnvironment}, but a bad variable ends the process: one line on stderr naming
 * the service and the variable, then exit code 1, before anything is started.
 */
export function loadEnvironmentOrExit<Shape extends z.ZodRawShape>(
  service: string,
  shape: Shape,
  source: NodeJS.ProcessEnv = process.env,
): z.output<z.ZodObject<Shape>> {
  try {
    return parseEnvironment(shape, source);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${service}: invalid configuration: ${error.message}\n`);
    process.exit(1);
  }
}
