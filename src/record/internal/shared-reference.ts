import type { ObjectReference } from '../../meta/types.js';

/**
 * The involved object of a recorder's events, frozen, and shared by consecutive events about the same object: a
 * controller records several events in a row for one object (pulled, created, started), and a freeze is a fair part
 * of what a call costs. The reference is compared field by field on every call, so an object that changed in between
 * (a new `resourceVersion`) gets a reference of its own.
 */
export class SharedReference {
  private last: ObjectReference | undefined;

  /**
   * @param reference - a fresh copy (`getReference`'s), only the fields it has set
   * @returns the last reference returned, when it has the same fields; else `reference`, frozen
   */
  frozen(reference: ObjectReference): ObjectReference {
    const last = this.last;
    if (
      last !== undefined &&
      last.name === reference.name &&
      last.uid === reference.uid &&
      last.namespace === reference.namespace &&
      last.kind === reference.kind &&
      last.apiVersion === reference.apiVersion &&
      last.resourceVersion === reference.resourceVersion &&
      last.fieldPath === reference.fieldPath
    ) {
      return last;
    }
    this.last = Object.freeze(reference);
    return reference;
  }
}
