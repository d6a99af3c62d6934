import { ObjectReferenceError } from './object-reference-error.js';
import type { MissingReferenceField } from './object-reference-error.js';
import { describeType } from './internal/describe-type.js';
import type { KubernetesObject, ObjectReference } from './types.js';

/**
 * Tells a reference from an object: a reference has no `metadata` and names its object at the top level
 * (`name` or `uid`), as `V1ObjectReference` and `involvedObject` do.
 *
 * @param value - an object or a reference
 * @returns `true` when `value` is used as a reference by {@link getReference}
 */
export function isObjectReference(value: KubernetesObject | ObjectReference): value is ObjectReference {
  if ((value as KubernetesObject).metadata !== undefined) return false;
  const ref = value as ObjectReference;
  return typeof ref.name === 'string' || typeof ref.uid === 'string';
}

/**
 * Builds the `ObjectReference` an event points at (client-go's `reference.GetReference`).
 *
 * From a Kubernetes object it takes `kind`, `apiVersion`, and `name`, `namespace`, `uid`, `resourceVersion` from its
 * metadata; `fieldPath` is never set. A reference passed in (see {@link isObjectReference}) is returned as a copy with
 * the same fields, so a hand-made reference with a `fieldPath` is used exactly as given and is never mutated.
 * Fields that are empty are left out, as the API's `omitempty` does.
 *
 * @param object - a Kubernetes object (e.g. a Pod read through client-node) or an object reference
 * @returns a new reference
 * @throws {@link ObjectReferenceError} when `object` is not an object, lacks `metadata`, `kind` or `apiVersion`, has
 *   `metadata` that is not an object, or has one of the reference's fields (`kind`, `apiVersion`, `name`, `namespace`,
 *   `uid`, `resourceVersion`, `fieldPath`) that is not a string
 * @example
 * ```ts
 * import { getReference } from 'rx-kube-events';
 * getReference({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-0', namespace: 'shop', uid: 'u1' } });
 * // → { kind: 'Pod', apiVersion: 'v1', name: 'web-0', namespace: 'shop', uid: 'u1' }
 * ```
 */
export function getReference(object: KubernetesObject | ObjectReference): ObjectReference {
  // Callers in plain JavaScript (or with `as` casts) can pass anything; say so instead of failing on a property read.
  const value: unknown = object;
  if (typeof value !== 'object' || value === null) {
    throw new ObjectReferenceError(
      'object',
      `can't reference ${value === null ? 'null' : typeof value}: pass a Kubernetes object or a reference`,
    );
  }
  if (isObjectReference(object)) return copyReference(object);

  const { kind, apiVersion, metadata } = object;
  if (metadata === undefined) {
    throw new ObjectReferenceError(
      'metadata',
      "can't reference an object without metadata: pass the whole object, or a reference",
    );
  }
  const meta: unknown = metadata;
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) {
    throw new ObjectReferenceError(
      'metadata',
      `can't reference an object whose metadata is ${describeType(meta)}: metadata must be an object (ObjectMeta)`,
    );
  }
  if (!kind) {
    throw new ObjectReferenceError(
      'kind',
      `can't reference ${describe(object)}: it has no kind (objects from list calls lack kind and apiVersion; set them, or pass a reference)`,
    );
  }
  if (!apiVersion) {
    throw new ObjectReferenceError(
      'apiVersion',
      `can't reference ${describe(object)}: it has no apiVersion (objects from list calls lack kind and apiVersion; set them, or pass a reference)`,
    );
  }
  return copyReference({
    kind,
    apiVersion,
    name: metadata.name,
    namespace: metadata.namespace,
    uid: metadata.uid,
    resourceVersion: metadata.resourceVersion,
  });
}

/**
 * {@link getReference} with `fieldPath` set, for events about a part of an object (client-go's
 * `GetPartialReference`), e.g. `spec.containers{web}` or `spec.containers[2]`.
 *
 * @param object - a Kubernetes object or a reference (never mutated)
 * @param fieldPath - the path within the object
 * @returns a new reference
 * @throws {@link ObjectReferenceError} as {@link getReference}, and when `fieldPath` is not a string
 * @example
 * ```ts
 * import { getPartialReference } from 'rx-kube-events';
 * recorder.event(getPartialReference(pod, 'spec.containers{web}'), 'Normal', 'Started', 'Started container web');
 * ```
 */
export function getPartialReference(object: KubernetesObject | ObjectReference, fieldPath: string): ObjectReference {
  const ref = getReference(object);
  checkString('fieldPath', fieldPath);
  if (fieldPath) ref.fieldPath = fieldPath;
  return ref;
}

function copyReference(source: { readonly [K in keyof ObjectReference]?: string | undefined }): ObjectReference {
  // Field by field rather than a loop over the names: this runs for every recorded event.
  const ref: ObjectReference = {};
  const { kind, namespace, name, uid, apiVersion, resourceVersion, fieldPath } = source;
  // JavaScript callers can pass any value; one that is not a string would be left out (`name: 7` gives the event a
  // UUID name), so it is refused. `null` is absent, as Go's JSON null is the empty string.
  checkString('kind', kind);
  checkString('namespace', namespace);
  checkString('name', name);
  checkString('uid', uid);
  checkString('apiVersion', apiVersion);
  checkString('resourceVersion', resourceVersion);
  checkString('fieldPath', fieldPath);
  if (typeof kind === 'string' && kind !== '') ref.kind = kind;
  if (typeof namespace === 'string' && namespace !== '') ref.namespace = namespace;
  if (typeof name === 'string' && name !== '') ref.name = name;
  if (typeof uid === 'string' && uid !== '') ref.uid = uid;
  if (typeof apiVersion === 'string' && apiVersion !== '') ref.apiVersion = apiVersion;
  if (typeof resourceVersion === 'string' && resourceVersion !== '') ref.resourceVersion = resourceVersion;
  if (typeof fieldPath === 'string' && fieldPath !== '') ref.fieldPath = fieldPath;
  return ref;
}

function checkString(field: MissingReferenceField, value: unknown): void {
  if (value === undefined || value === null || typeof value === 'string') return;
  throw new ObjectReferenceError(
    field,
    `can't reference an object whose ${field} is ${describeType(value)}: it must be a string`,
  );
}

function describe(object: KubernetesObject): string {
  const { namespace, name } = object.metadata ?? {};
  if (!name) return 'an object';
  return namespace ? `object ${namespace}/${name}` : `object ${name}`;
}
