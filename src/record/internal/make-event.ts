import { eventName } from '../../meta/internal/event-name.js';
import type { CoreV1Event, EventType, ObjectReference } from '../../meta/types.js';

/** A recorder's source as its events carry it: `host` is absent, never `undefined`. */
export interface RecorderSource {
  readonly component: string;
  readonly host?: string;
}

/** What one recording call contributes to its event: a checked call (`CheckedCall`) has these fields. */
export interface EventContent {
  /** Frozen (it becomes the event's `involvedObject`, maybe shared with the recorder's previous event). */
  readonly reference: ObjectReference;
  readonly type: EventType;
  readonly reason: string;
  readonly message: string;
  /**
   * The event's own copy (the recorder's check copies the caller's map, so that a caller reusing it for the next
   * event cannot change this one); an empty map sets none, as Go's `omitempty` leaves out an empty map.
   */
  readonly annotations: Readonly<Record<string, string>> | undefined;
}

/**
 * A new core/v1 event as client-go's `makeEvent` builds it: count 1, first = last timestamp, the namespace of the
 * object or `default` (for cluster-scoped objects), `source` and the reporting fields from the recorder.
 *
 * `source` is the recorder's own frozen copy (`{ component }` or `{ component, host }`), and becomes the event's
 * `source` as it is: every event of a recorder shares it, which saves an object and a freeze per event.
 *
 * @param content - the checked call, as it is (no object is made per event to pass it)
 * @param time - first and last timestamp: one `Date` for both, as the correlator's aggregate events have it
 * @param nanosHex - the name's time: unique Unix nanoseconds from the recorder's clock, in lower-case hex
 * @param source - the recorder's source
 */
export function makeEvent(content: EventContent, time: Date, nanosHex: string, source: RecorderSource): CoreV1Event {
  const { reference, type, reason, message, annotations } = content;
  const { component, host } = source;
  const metadata: CoreV1Event['metadata'] = {
    name: eventName(reference.name ?? '', nanosHex),
    namespace: reference.namespace ?? 'default',
  };
  if (annotations !== undefined && Object.keys(annotations).length > 0) metadata.annotations = annotations;
  return {
    metadata,
    involvedObject: reference,
    reason,
    message,
    source,
    firstTimestamp: time,
    lastTimestamp: time,
    count: 1,
    type,
    // No omitempty on either field: the wire form always carries them, an absent host as "".
    reportingComponent: component,
    reportingInstance: host ?? '',
  };
}

/**
 * Freezes an event and the objects inside it, because one event object is delivered to every watcher: a watcher
 * changing it would change it for the others. `Date`s cannot be frozen; watchers must not call their setters. The
 * source is the recorder's, frozen once (see {@link makeEvent}), and the involved object comes frozen: the recorder's
 * `SharedReference`, one for its consecutive events about one object.
 */
export function freezeEvent(event: CoreV1Event): CoreV1Event {
  const { metadata } = event;
  if (metadata.annotations !== undefined) Object.freeze(metadata.annotations);
  Object.freeze(metadata);
  return Object.freeze(event);
}
