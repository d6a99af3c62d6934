import {
  CoreV1Event as ClientNodeEvent,
  EventsV1Event as ClientNodeEventsV1Event,
  V1MicroTime,
} from '@kubernetes/client-node';
import type { CoreV1Event, EventSeries, EventsV1Event, ObjectMeta } from '../../meta/types.js';

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

/** The metadata of a request body: a copy, `resourceVersion` dropped when creating. */
function bodyMetadata(metadata: ObjectMeta, forCreate: boolean): ObjectMeta {
  const { resourceVersion, ...metaWithoutVersion } = metadata;
  return forCreate || resourceVersion === undefined ? metaWithoutVersion : { ...metaWithoutVersion, resourceVersion };
}

/** The MicroTime fields both APIs share (`eventTime`, `series.lastObservedTime`), set on `body` as `V1MicroTime`. */
function withMicroTimes<E extends CoreV1Event | EventsV1Event>(body: E, event: E): E {
  if (event.eventTime !== undefined) body.eventTime = toMicroTime(event.eventTime);
  if (event.series?.lastObservedTime !== undefined) {
    body.series = { ...event.series, lastObservedTime: toMicroTime(event.series.lastObservedTime) };
  }
  return body;
}

/**
 * The request body for an event: a copy (the caller's object is never touched), `metadata.resourceVersion` dropped when
 * creating, MicroTime fields as `V1MicroTime`.
 */
export function toClientNodeEvent(event: CoreV1Event, forCreate: boolean): ClientNodeEvent {
  const body = withMicroTimes({ ...event, metadata: bodyMetadata(event.metadata, forCreate) }, event);
  return Object.assign(new ClientNodeEvent(), body);
}

/** {@link toClientNodeEvent} for an events.k8s.io/v1 event. */
export function toClientNodeEventsV1Event(event: EventsV1Event, forCreate: boolean): ClientNodeEventsV1Event {
  const body = withMicroTimes({ ...event, metadata: bodyMetadata(event.metadata, forCreate) }, event);
  return Object.assign(new ClientNodeEventsV1Event(), body);
}

/** The server's `series` with its `lastObservedTime` as a `V1MicroTime` (1.4 hands it over as a string). */
function fromWireSeries(series: { count?: number; lastObservedTime?: unknown }): EventSeries {
  const { lastObservedTime, ...seriesRest } = series;
  const observed = fromWireTime(lastObservedTime);
  const copy: EventSeries = { ...seriesRest };
  if (observed !== undefined) copy.lastObservedTime = observed;
  return copy;
}

/** The server's metadata without a `null` creation timestamp; `meta` is a fresh object, completed in place. */
function fromWireMetadata(metadata: ObjectMeta & { creationTimestamp?: Date | null }): ObjectMeta {
  const { creationTimestamp, ...meta } = metadata;
  return creationTimestamp == null ? meta : Object.assign(meta, { creationTimestamp });
}

/**
 * The server's copy as a {@link CoreV1Event}: `null` times (Go's zero time) left out, MicroTime strings turned back
 * into `V1MicroTime` dates (millisecond precision).
 */
export function fromClientNodeEvent(model: ClientNodeEvent): CoreV1Event {
  const { eventTime, firstTimestamp, lastTimestamp, series, metadata, ...rest } = model;
  // `rest` is a fresh object already: complete it instead of copying it again (once per write).
  const event: CoreV1Event = Object.assign(rest, { metadata: fromWireMetadata(metadata) });
  const micro = fromWireTime(eventTime);
  if (micro !== undefined) event.eventTime = micro;
  if (firstTimestamp != null) event.firstTimestamp = firstTimestamp;
  if (lastTimestamp != null) event.lastTimestamp = lastTimestamp;
  if (series != null) event.series = fromWireSeries(series);
  return event;
}

/** {@link fromClientNodeEvent} for an events.k8s.io/v1 event (`deprecated*` times as core/v1's timestamps). */
export function fromClientNodeEventsV1Event(model: ClientNodeEventsV1Event): EventsV1Event {
  const { eventTime, deprecatedFirstTimestamp, deprecatedLastTimestamp, series, metadata, ...rest } = model;
  const event: EventsV1Event = Object.assign(rest, { metadata: fromWireMetadata(metadata ?? {}) });
  const micro = fromWireTime(eventTime);
  if (micro !== undefined) event.eventTime = micro;
  if (deprecatedFirstTimestamp != null) event.deprecatedFirstTimestamp = deprecatedFirstTimestamp;
  if (deprecatedLastTimestamp != null) event.deprecatedLastTimestamp = deprecatedLastTimestamp;
  if (series != null) event.series = fromWireSeries(series);
  return event;
}

/**
 * The server's JSON of a core/v1 event (a create, patch or update answer) as client-node's serializer would
 * deserialize it: the `Date`-typed fields of its models (`firstTimestamp`, `lastTimestamp`, `metadata.creationTimestamp`,
 * `metadata.deletionTimestamp`, `metadata.managedFields[].time`) made dates, `MicroTime` strings left for
 * {@link fromClientNodeEvent}. Nested objects are the parsed JSON's own, not fresh copies.
 */
export function clientNodeEventFromJson(json: unknown): ClientNodeEvent {
  return withDates(json as ClientNodeEvent, 'firstTimestamp', 'lastTimestamp');
}

/** {@link clientNodeEventFromJson} for events.k8s.io/v1 (`deprecatedFirstTimestamp`, `deprecatedLastTimestamp`). */
export function clientNodeEventsV1EventFromJson(json: unknown): ClientNodeEventsV1Event {
  return withDates(json as ClientNodeEventsV1Event, 'deprecatedFirstTimestamp', 'deprecatedLastTimestamp');
}

/** `event` with its `keys` and its metadata's `Date` fields revived in place. */
function withDates<T extends object>(event: T, ...keys: (keyof T)[]): T {
  reviveDates(event, ...keys);
  // A server's event always has metadata; without it, fromClientNodeEvent fails as it does for client-node's model.
  const { metadata } = event as { metadata?: ClientNodeEvent['metadata'] };
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
