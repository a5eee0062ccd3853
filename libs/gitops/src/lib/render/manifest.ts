import type { ValidatableObject } from './strict-fields';

/** One rendered object and where it is written, relative to the gitops directory. */
export interface Manifest {
  path: string;
  object: ValidatableObject;
}

/** An object with the name its file is named after. */
export type NamedObject = ValidatableObject & { metadata?: { name?: string } };

/** `<dir>/<kind-lowercase>-<name>.yaml`: one object per file, found by kind and name. */
export function manifestIn(dir: string, object: NamedObject): Manifest {
  const name = object.metadata?.name;
  if (!name) throw new Error(`a ${object.kind} rendered into ${dir} has no name`);
  return { path: `${dir}/${object.kind.toLowerCase()}-${name}.yaml`, object };
}

/** {@link manifestIn} for each object. */
export function manifestsIn(dir: string, objects: readonly NamedObject[]): Manifest[] {
  return objects.map((object) => manifestIn(dir, object));
}
