/**
 * The field an object lacked when a reference to it was asked for, or had with a value of the wrong type (`kind: 5`,
 * `metadata: null`, a `name` that is not a string).
 */
export type MissingReferenceField =
  'object' | 'metadata' | 'kind' | 'apiVersion' | 'name' | 'namespace' | 'uid' | 'resourceVersion' | 'fieldPath';

/**
 * An object could not be turned into an `ObjectReference`, because it lacks a field the reference needs or has one
 * that is not a string (the API server would refuse the event, or it would be written about no kind or no name).
 *
 * Objects returned inside client-node list results usually have no `kind` and `apiVersion` (the API sets them on the
 * list only): set them on the object, or pass a reference instead.
 *
 * @example
 * ```ts
 * import { getReference, ObjectReferenceError } from 'rx-kube-events';
 * try {
 *   getReference(pod);
 * } catch (e) {
 *   if (e instanceof ObjectReferenceError) console.error(`pod lacks ${e.field}`);
 * }
 * ```
 */
export class ObjectReferenceError extends Error {
  override readonly name = 'ObjectReferenceError';
  /** The field the object lacks, or has with the wrong type. */
  readonly field: MissingReferenceField;

  constructor(field: MissingReferenceField, message: string) {
    super(message);
    this.field = field;
  }
}
