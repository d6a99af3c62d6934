import type { EventsV1Event, ObjectReference } from '../../meta/types.js';

/** The fields of a reference in the key, in client-go's struct order; the resourceVersion only when asked. */
function referenceFields(ref: ObjectReference | undefined, keyResourceVersion: boolean): (string | undefined)[] {
  if (ref === undefined) return [];
  const { kind, namespace, name, uid, apiVersion, resourceVersion, fieldPath } = ref;
  return [kind, namespace, name, uid, apiVersion, keyResourceVersion ? resourceVersion : undefined, fieldPath];
}

/**
 * The series key of an event, client-go's `eventKey`: type, action, reason, reporting controller and instance, and
 * the `regarding` and `related` references (compared field by field; a missing `related` is the zero reference).
 * `note` is deliberately not in it, nor are annotations; the references' `resourceVersion` only with
 * `keyResourceVersion`.
 *
 * @param event - the event
 * @param keyResourceVersion - whether the references' `resourceVersion` counts
 * @returns a string equal for two events exactly when their keys are
 */
export function seriesKey(event: EventsV1Event, keyResourceVersion: boolean): string {
  const { type, action, reason, reportingController, reportingInstance, regarding, related } = event;
  return JSON.stringify([
    type,
    action,
    reason,
    reportingController,
    reportingInstance,
    referenceFields(regarding, keyResourceVersion),
    referenceFields(related, keyResourceVersion),
  ]);
}
