import { getReference } from '../get-reference.js';
import type { KubernetesObject, ObjectReference } from '../types.js';

/**
 * The involved object of a recorder's events (events.k8s.io/v1's `regarding`), frozen, and shared by the events of
 * consecutive calls about the same object: a controller records several events in a row for one object (pulled,
 * created, started), and a freeze is a fair part of what a call costs. The reference is compared field by field on
 * every call, so an object that changed in between (a new `resourceVersion`) gets a reference of its own. It is
 * taken while the call is checked, so a call refused afterwards (a bad type, say) still counts as the last.
 */
export class SharedReference {
  private last: ObjectReference | undefined;

  /**
   * `getReference(object)`, frozen, or the last reference returned when it has the same fields. An object whose
   * fields are plainly the last reference's (strings equal to them, or unset) is judged without making a reference:
   * most calls, and a copy and a collection saved on each.
   *
   * @param object - what the caller passed as the involved object
   * @returns the reference, frozen
   * @throws what {@link getReference} throws
   */
  of(object: unknown): ObjectReference {
    const last = this.last;
    if (last !== undefined && hasFields(object, last)) return last;
    const reference = getReference(object as ObjectReference);
    // The same fields after all, told apart only by what getReference leaves out (an empty or `null` field).
    if (last !== undefined && sameFields(last, reference)) return last;
    this.last = Object.freeze(reference);
    return reference;
  }
}

function sameFields(a: ObjectReference, b: ObjectReference): boolean {
  return (
    a.name === b.name &&
    a.uid === b.uid &&
    a.namespace === b.namespace &&
    a.kind === b.kind &&
    a.apiVersion === b.apiVersion &&
    a.resourceVersion === b.resourceVersion &&
    a.fieldPath === b.fieldPath
  );
}

/**
 * Whether `getReference(object)` would have the fields of `last`, judged without calling it: each field
 * `getReference` takes, read once, equal to `last`'s (a non-empty string, or unset). Anything else (an empty or
 * `null` field, a field of another type, metadata that is not an object) is not the same and takes the full way, so
 * `getReference` decides it. The reads are fewer than `getReference`'s and in another order, which only getters
 * can tell: one whose value changes from read to read, or two that throw (the other's error is reported). Objects
 * passed to a recorder are data; this is accepted.
 */
function hasFields(object: unknown, last: ObjectReference): boolean {
  if (typeof object !== 'object' || object === null) return false;
  const { metadata } = object as KubernetesObject;
  if (metadata === undefined) {
    // A reference, as getReference takes one only with a name or a uid; it copies all seven fields.
    return (last.name !== undefined || last.uid !== undefined) && sameFields(object, last);
  }
  const { kind, apiVersion } = object as KubernetesObject;
  const meta: unknown = metadata;
  return (
    typeof meta === 'object' &&
    meta !== null &&
    !Array.isArray(meta) &&
    last.kind !== undefined &&
    last.apiVersion !== undefined &&
    last.fieldPath === undefined &&
    kind === last.kind &&
    apiVersion === last.apiVersion &&
    metadata.name === last.name &&
    metadata.namespace === last.namespace &&
    metadata.uid === last.uid &&
    metadata.resourceVersion === last.resourceVersion
  );
}
