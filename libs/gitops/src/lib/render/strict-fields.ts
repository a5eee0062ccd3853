/**
 * The strict half of manifest validation, as `kubeconform -strict` does it: a property the
 * schema does not declare is an error, where the models' own `validate()` ignores it (a
 * misspelled `replica` would otherwise reach the cluster and silently do nothing).
 *
 * kubernetes-models 4.x ships no JSON schemas, only ajv's compiled standalone validators
 * (`_schemas/*.js`, one function per schema, `$ref`s already turned into calls). So the
 * schema is read from the validator itself: run it once over a proxy of an object and note,
 * at each position, which properties it looks up (compiled code checks every declared
 * property, present or not), whether it enumerates the keys (`additionalProperties`: a map
 * such as labels, any key allowed) or neither (a free-form object such as Argo CD's
 * `valuesObject`, anything allowed). What it learns is kept per model class and position, so
 * each position is traced once per process, and later objects are only walked.
 */

/** A model instance: kubernetes-models and @kubernetes-models/argo-cd classes all fit. */
export interface ValidatableObject {
  apiVersion: string;
  kind: string;
  validate(): void;
}

/** An undeclared property, or a position the schema could not be read at. */
export interface FieldProblem {
  /** Dotted path inside the object, `spec.template.spec.containers[0].imagePullPolicyy`. */
  field: string;
  message: string;
}

/** One position of a schema, as far as the validator has shown it. */
interface SchemaNode {
  /** The validator has seen an object here. */
  reached: boolean;
  /** It enumerated the object's keys: a map whose keys are free. */
  isMap: boolean;
  /** The properties it looked up: the ones the schema declares. */
  declared: Set<string>;
  /** Per declared property, or `*` for every value of a map. */
  children: Map<string, SchemaNode>;
  /** The elements of an array here. */
  items: SchemaNode | undefined;
}

const MAP_VALUE = '*';

/** Per model prototype (one per kind), the root of what its validator has shown. */
const schemaRoots = new WeakMap<object, SchemaNode>();

/**
 * The first property of `object` that its schema does not declare, or `undefined` when every
 * property is declared. Call after `object.validate()` has passed.
 */
export function findUnknownField(object: ValidatableObject): FieldProblem | undefined {
  const prototype = Object.getPrototypeOf(object) as object;
  let root = schemaRoots.get(prototype);
  if (root === undefined) {
    root = newNode();
    schemaRoots.set(prototype, root);
  }
  const schemaRoot = root;
  let traced = false;
  const traceOnce = (): void => {
    if (traced) return;
    traced = true;
    trace(object, schemaRoot);
  };
  return walk(object, schemaRoot, '', `${object.apiVersion} ${object.kind}`, traceOnce);
}

function walk(
  value: unknown,
  node: SchemaNode,
  field: string,
  schemaName: string,
  traceOnce: () => void,
): FieldProblem | undefined {
  if (Array.isArray(value)) {
    const items = (node.items ??= newNode());
    for (let index = 0; index < value.length; index += 1) {
      const problem = walk(value[index], items, `${field}[${index}]`, schemaName, traceOnce);
      if (problem) return problem;
    }
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  if (!node.reached) traceOnce();
  if (!node.reached) {
    return {
      field: field || '-',
      message: `the ${schemaName} schema says nothing about this object`,
    };
  }
  const object = value as Record<string, unknown>;
  if (node.isMap) {
    const child = childOf(node, MAP_VALUE);
    for (const key of Object.keys(object)) {
      const problem = walk(object[key], child, fieldPath(field, key), schemaName, traceOnce);
      if (problem) return problem;
    }
    return undefined;
  }
  // Neither properties nor additionalProperties: free-form, as kubeconform treats it.
  if (node.declared.size === 0) return undefined;
  for (const key of Object.keys(object)) {
    if (!node.declared.has(key)) {
      return {
        field: fieldPath(field, key),
        message: `unknown field, not in the ${schemaName} schema`,
      };
    }
    const problem = walk(
      object[key],
      childOf(node, key),
      fieldPath(field, key),
      schemaName,
      traceOnce,
    );
    if (problem) return problem;
  }
  return undefined;
}

/** Runs the object's validator over a proxy that records what it looks at, into `root`. */
function trace(object: ValidatableObject, root: SchemaNode): void {
  try {
    object.validate.call(observe(object, root));
  } catch {
    // The object was validated before; an error here changes nothing about what was seen.
  }
}

function observe(value: unknown, node: SchemaNode): unknown {
  if (Array.isArray(value)) {
    const items = (node.items ??= newNode());
    return value.map((item) => observe(item, items));
  }
  if (value === null || typeof value !== 'object') return value;
  node.reached = true;
  return new Proxy(value, {
    get(target, key, receiver) {
      const property = Reflect.get(target, key, receiver);
      if (typeof key !== 'string') return property;
      if (node.isMap) return observe(property, childOf(node, MAP_VALUE));
      node.declared.add(key);
      return observe(property, childOf(node, key));
    },
    ownKeys(target) {
      node.isMap = true;
      return Reflect.ownKeys(target);
    },
  });
}

function newNode(): SchemaNode {
  return {
    reached: false,
    isMap: false,
    declared: new Set(),
    children: new Map(),
    items: undefined,
  };
}

function childOf(node: SchemaNode, key: string): SchemaNode {
  let child = node.children.get(key);
  if (child === undefined) {
    child = newNode();
    node.children.set(key, child);
  }
  return child;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function fieldPath(parent: string, key: string): string {
  if (!IDENTIFIER.test(key)) return `${parent}[${JSON.stringify(key)}]`;
  return parent === '' ? key : `${parent}.${key}`;
}
