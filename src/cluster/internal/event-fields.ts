import type { ObjectReference } from '../../meta/types.js';
import type { ClusterEvent, EventOrChange } from '../types.js';

/** The Event itself, whether it came alone (a recorder's `events$`) or inside a change (a cluster stream). */
export function eventOf(item: EventOrChange): ClusterEvent {
  return 'metadata' in item ? item : item.object;
}

/** The object the Event is about: `involvedObject` (core/v1) or `regarding` (events.k8s.io/v1). */
export function regardingOf(event: ClusterEvent): ObjectReference | undefined {
  return 'involvedObject' in event ? event.involvedObject : event.regarding;
}

/** Every name the Event gives its reporter: the source component and the reporting controller, of either API. */
export function componentsOf(event: ClusterEvent): (string | undefined)[] {
  return 'involvedObject' in event
    ? [event.source?.component, event.reportingComponent]
    : [event.reportingController, event.deprecatedSource?.component];
}

/** How many times the Event has happened: `series.count`, else the (deprecated) count, else 1. */
export function countOf(event: ClusterEvent): number {
  return event.series?.count ?? ('involvedObject' in event ? event.count : event.deprecatedCount) ?? 1;
}

/** When the Event was last seen: the newest of its series, last and event times, else its first time or creation. */
export function lastSeenOf(event: ClusterEvent): Date | undefined {
  const [last, first] =
    'involvedObject' in event
      ? [event.lastTimestamp, event.firstTimestamp]
      : [event.deprecatedLastTimestamp, event.deprecatedFirstTimestamp];
  const times = [event.series?.lastObservedTime, last, event.eventTime].filter((t): t is Date => t instanceof Date);
  if (times.length === 0) return first ?? event.metadata.creationTimestamp;
  return times.reduce((a, b) => (b.getTime() > a.getTime() ? b : a));
}

/** The Event's message: `message` (core/v1) or `note` (events.k8s.io/v1). */
export function messageOf(event: ClusterEvent): string | undefined {
  return 'involvedObject' in event ? event.message : event.note;
}

/** `namespace/name`: what identifies an Event in a store. */
export function eventKey(event: ClusterEvent): string {
  return `${event.metadata.namespace ?? ''}/${event.metadata.name ?? ''}`;
}
