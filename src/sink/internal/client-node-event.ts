import { CoreV1Event as ClientNodeEvent, V1MicroTime } from '@kubernetes/client-node';
import type { CoreV1Event, EventSeries } from '../../meta/types.js';

/**
 * A `MicroTime` value client-node will write with six fractional digits. A plain `Date` would go out as
 * `toISOString()` (three digits), which the apiserver's MicroTime parser rejects with a 400.
 */
function toMicroTime(value: Date): Date {
  return value instanceof V1MicroTime || !(value instanceof Date) ? value : new V1MicroTime(value.getTime());
}

/** client-node 1.4 returns `MicroTime` fields as raw strings (not in its serializer's type map) and unset times as null. */
function fromWireTime(value: unknown): V1MicroTime | undefined {
  if (value instanceof Date) return new V1MicroTime(value.getTime());
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new V1MicroTime(ms);
}

/**
 * The request body for an event: a copy (the caller's object is never touched), `metadata.resourceVersion` dropped when
 * creating, MicroTime fields as `V1MicroTime`.
 */
export function toClientNodeEvent(event: CoreV1Event, forCreate: boolean): ClientNodeEvent {
  const { resourceVersion, ...metaWithoutVersion } = event.metadata;
  const body: CoreV1Event = {
    ...event,
    metadata:
      forCreate || resourceVersion === undefined ? metaWithoutVersion : { ...metaWithoutVersion, resourceVersion },
  };
  if (event.eventTime !== undefined) body.eventTime = toMicroTime(event.eventTime);
  if (event.series?.lastObservedTime !== undefined) {
    body.series = { ...event.series, lastObservedTime: toMicroTime(event.series.lastObservedTime) };
  }
  return Object.assign(new ClientNodeEvent(), body);
}

/**
 * The server's copy as a {@link CoreV1Event}: `null` times (Go's zero time) left out, MicroTime strings turned back
 * into `V1MicroTime` dates (millisecond precision).
 */
export function fromClientNodeEvent(model: ClientNodeEvent): CoreV1Event {
  const { eventTime, firstTimestamp, lastTimestamp, series, metadata, ...rest } = model;
  const { creationTimestamp, ...meta } = metadata;
  // `rest` and `meta` are fresh objects already: complete them instead of copying them again (once per write).
  const event: CoreV1Event = Object.assign(rest, {
    metadata: creationTimestamp == null ? meta : Object.assign(meta, { creationTimestamp }),
  });
  const micro = fromWireTime(eventTime);
  if (micro !== undefined) event.eventTime = micro;
  if (firstTimestamp != null) event.firstTimestamp = firstTimestamp;
  if (lastTimestamp != null) event.lastTimestamp = lastTimestamp;
  if (series != null) {
    const { lastObservedTime, ...seriesRest } = series;
    const observed = fromWireTime(lastObservedTime);
    const copy: EventSeries = { ...seriesRest };
    if (observed !== undefined) copy.lastObservedTime = observed;
    event.series = copy;
  }
  return event;
}

/**
 * The server's JSON of an event (a create, patch or update answer) as client-node's serializer would deserialize it:
 * the `Date`-typed fields of its models (`firstTimestamp`, `lastTimestamp`, `metadata.creationTimestamp`,
 * `metadata.deletionTimestamp`, `metadata.managedFields[].time`) made dates, `MicroTime` strings left for
 * {@link fromClientNodeEvent}. Nested objects are the parsed JSON's own, not fresh copies.
 */
export function clientNodeEventFromJson(json: unknown): ClientNodeEvent {
  const event = json as ClientNodeEvent;
  reviveDates(event, 'firstTimestamp', 'lastTimestamp');
  // A server's event always has metadata; without it, fromClientNodeEvent fails as it does for client-node's model.
  const metadata = event.metadata as ClientNodeEvent['metadata'] | undefined;
  if (metadata != null) {
    reviveDates(metadata, 'creationTimestamp', 'deletionTimestamp');
    for (const entry of metadata.managedFields ?? []) reviveDates(entry, 'time');
  }
  return event;
}

/** As client-node's serializer reads a `Date` field: absent and `null` stay as they are, anything else `new Date()`. */
function reviveDates<T extends object>(object: T, ...keys: (keyof T)[]): void {
  for (const key of keys) {
    const value = object[key];
    if (value != null) object[key] = new Date(value as unknown as string) as T[keyof T];
  }
}
