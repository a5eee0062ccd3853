import type { Problem } from '../model/desired-state';
import type { Manifest } from './manifest';
import { findUnknownField } from './strict-fields';

interface SchemaError {
  instancePath?: string;
  message?: string;
}

/**
 * Checks one rendered object against its Kubernetes or Argo CD schema: first the model's own
 * `validate()` (types, required fields, enums, formats), then {@link findUnknownField}
 * (properties the schema does not declare). Returns the problems, each naming the file and
 * the field; none when the object is valid.
 */
export function validateManifest({ path, object }: Manifest): Problem[] {
  try {
    object.validate();
  } catch (error) {
    const errors = (error as { errors?: SchemaError[] }).errors;
    if (!Array.isArray(errors) || errors.length === 0) {
      return [
        { path, field: '-', message: error instanceof Error ? error.message : String(error) },
      ];
    }
    return errors.map((schemaError) => ({
      path,
      field: dottedField(schemaError.instancePath ?? ''),
      message: schemaError.message ?? 'does not match its schema',
    }));
  }
  const unknown = findUnknownField(object);
  return unknown ? [{ path, field: unknown.field, message: unknown.message }] : [];
}

/** `/spec/template/spec/containers/0/name` → `spec.template.spec.containers[0].name`. */
function dottedField(instancePath: string): string {
  if (instancePath === '') return '-';
  return instancePath
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((field, segment) => {
      if (/^\d+$/.test(segment)) return `${field}[${segment}]`;
      if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment))
        return `${field}[${JSON.stringify(segment)}]`;
      return field === '' ? segment : `${field}.${segment}`;
    }, '');
}
