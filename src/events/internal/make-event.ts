import { eventName } from '../../meta/internal/event-name.js';
import { eventNanos } from '../../meta/internal/unique-nanos.js';
import type { EventsV1Event } from '../../meta/types.js';
import type { CheckedEventsV1Call } from './check-call.js';

/** Who reports: the recorder's `reportingController` and `reportingInstance`. */
export interface Reporting {
  readonly controller: string;
  readonly instance: string;
}

/**
 * A new events.k8s.io/v1 event as client-go's `tools/events` `makeEvent` builds it, at `now` (the scheduler's
 * clock, for the name and `eventTime` both; client-go takes `eventTime` from the wall clock): named
 * `<regarding>.<hex unix nanos>`, in the regarding object's namespace or `default`, no series, no `deprecated*`
 * field (the API refuses them on create).
 *
 * @param eventTime - a `Date` of `now`: the recorder's, shared by its events of one millisecond (`SharedDate`)
 */
export function makeEventsV1Event(
  call: CheckedEventsV1Call,
  reporting: Reporting,
  now: number,
  eventTime: Date,
): EventsV1Event {
  const { regarding, related, type, reason, action, note, annotations } = call;
  const { namespace } = regarding;
  const metadata: EventsV1Event['metadata'] = {
    name: eventName(regarding.name ?? '', eventNanos.nextHex(now)),
    namespace: namespace === undefined || namespace === '' ? 'default' : namespace,
  };
  if (annotations !== undefined && Object.keys(annotations).length > 0) metadata.annotations = annotations;
  const event: EventsV1Event = {
    metadata,
    eventTime,
    reportingController: reporting.controller,
    reportingInstance: reporting.instance,
    action,
    reason,
    regarding,
    note,
    type,
  };
  if (related !== undefined) event.related = related;
  return event;
}

/**
 * Freezes an event and the objects inside it: one event object is delivered to every watcher, and the series
 * cache keeps it. `Date`s cannot be frozen; watchers must not call their setters. `regarding` comes frozen: the
 * recorder's `SharedReference`, one for its consecutive events about one object.
 */
export function freezeEventsV1Event(event: EventsV1Event): EventsV1Event {
  const { metadata, related } = event;
  if (metadata.annotations !== undefined) Object.freeze(metadata.annotations);
  Object.freeze(metadata);
  if (related !== undefined) Object.freeze(related);
  return Object.freeze(event);
}

/** `Warning/BackOff (Pull) about Pod shop/web-0`, for diagnostics. */
export function describeEventsV1Event(event: EventsV1Event): string {
  const { type = '', reason = '', action = '', regarding = {} } = event;
  const { kind = 'object', namespace, name = '' } = regarding;
  return `${type}/${reason} (${action}) about ${kind} ${namespace === undefined ? name : `${namespace}/${name}`}`;
}
