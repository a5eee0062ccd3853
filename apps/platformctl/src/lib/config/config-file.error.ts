import { InvalidArgumentError } from '@platform/errors';

/**
 * A problem with platformctl's configuration file: the message names the file and the field on
 * one line, for example `/home/me/.platform/platformctl.yaml: tls.ca: is required`.
 */
export class ConfigFileError extends InvalidArgumentError {
  constructor(
    readonly file: string,
    field: string,
    problem: string,
  ) {
    super(field, problem.replace(/\s*\n\s*/g, ' '));
    this.message = `${file}: ${this.message}`;
  }
}
