import { EventsV1Api } from '@kubernetes/client-node';
import type { EventsV1Event as ClientNodeEventsV1Event, KubeConfig } from '@kubernetes/client-node';
import type { EventsV1Event } from '../meta/types.js';
import type { CoreV1EventSinkOptions } from './core-v1-event-sink.js';
import {
  clientNodeEventsV1EventFromJson,
  fromClientNodeEventsV1Event,
  toClientNodeEventsV1Event,
} from './internal/client-node-event.js';
import { clientNodeEventWrites } from './internal/client-node-sink.js';
import type { ClientNodeEventWrites } from './internal/client-node-sink.js';
import type { EventSink } from './types.js';

/**
 * Options for {@link EventsV1EventSink}: the same as {@link CoreV1EventSinkOptions} (`namespace`, `fieldManager`,
 * `timeoutMs`, `scheduler`).
 */
export type EventsV1EventSinkOptions = CoreV1EventSinkOptions;

/**
 * The events.k8s.io/v1 {@link EventSink} over `@kubernetes/client-node`'s `EventsV1Api` (1.4+ or 2.x): client-go's
 * `events.EventSinkImpl` (`POST`, strategic-merge `PATCH`, `PUT` to the event's own namespace under
 * `/apis/events.k8s.io/v1`), built and behaving as {@link CoreV1EventSink}: made from a `KubeConfig`, it sends its
 * own requests over one keep-alive pool with the KubeConfig's credentials, TLS settings and proxy; made from an
 * `EventsV1Api`, it calls that client's methods. `timeoutMs` and the call's `signal` abort the request, every failure
 * is a {@link SinkError}, `eventTime` and `series.lastObservedTime` are written with six fractional digits, and the
 * input is never mutated.
 *
 * **An event without `metadata.namespace` is refused** before any I/O with a `'request'` `SinkError` saying what to
 * set, which the writer never retries. client-go refuses it too (`"can't create an event with empty namespace"`), but
 * as a plain error that its recorder retries twelve times, about two minutes, before it gives up on an event that
 * can never be written.
 *
 * @example
 * ```ts
 * import { KubeConfig } from '@kubernetes/client-node';
 * import { EventsV1Broadcaster, EventsV1EventSink } from 'rx-kube-events';
 *
 * const kc = new KubeConfig();
 * kc.loadFromDefault();
 * const broadcaster = new EventsV1Broadcaster();
 * broadcaster.startRecordingToSink(new EventsV1EventSink(kc));
 * ```
 */
export class EventsV1EventSink implements EventSink<EventsV1Event> {
  private readonly writes: ClientNodeEventWrites<EventsV1Event, ClientNodeEventsV1Event>;

  /**
   * @param client - a `KubeConfig` with a current cluster (the sink sends its requests itself), or an `EventsV1Api`.
   * @param options - see {@link EventsV1EventSinkOptions}.
   * @throws TypeError when `client` is neither, the `KubeConfig` has no current cluster or its server is not an
   *   http(s) URL, or `options` is not an object.
   * @throws RangeError when `timeoutMs` is negative, not a number, or 2³¹ ms or more (other than `Infinity`).
   */
  constructor(client: KubeConfig | EventsV1Api, options: EventsV1EventSinkOptions = {}) {
    const kind = { name: 'EventsV1EventSink', api: EventsV1Api, apiName: 'an EventsV1Api' };
    this.writes = clientNodeEventWrites(kind, client, options, {
      apiPath: '/apis/events.k8s.io/v1',
      toModel: toClientNodeEventsV1Event,
      fromModel: fromClientNodeEventsV1Event,
      fromJson: clientNodeEventsV1EventFromJson,
    });
  }

  /**
   * `POST /apis/events.k8s.io/v1/namespaces/{event.metadata.namespace}/events`, with `metadata.resourceVersion`
   * cleared.
   *
   * @param event - the event to create, in its own namespace (an empty one is refused, final).
   * @param signal - aborts the request (it rejects with a `'transport'` {@link SinkError}).
   * @returns the created event as the server stored it.
   * @throws SinkError (as a rejection) — e.g. `isAlreadyExists` for a name already taken, `'request'` without a
   *   namespace.
   */
  create(event: EventsV1Event, signal?: AbortSignal): Promise<EventsV1Event> {
    return this.writes.create(event, signal);
  }

  /**
   * `PATCH /apis/events.k8s.io/v1/namespaces/{ns}/events/{oldEvent.metadata.name}` with a strategic-merge patch
   * (`application/strategic-merge-patch+json`).
   *
   * @param oldEvent - the event to patch; only its namespace and name are used.
   * @param patch - the patch body as JSON text (an object), e.g.
   *   `{"series":{"count":2,"lastObservedTime":"2023-01-01T12:00:00.000000Z"}}`.
   * @param signal - aborts the request (it rejects with a `'transport'` {@link SinkError}).
   * @returns the patched event as the server stored it.
   * @throws SinkError (as a rejection) — `isNotFound` when the server no longer has the event.
   */
  patch(oldEvent: EventsV1Event, patch: string, signal?: AbortSignal): Promise<EventsV1Event> {
    return this.writes.patch(oldEvent, patch, signal);
  }

  /**
   * `PUT /apis/events.k8s.io/v1/namespaces/{ns}/events/{name}`: replaces the event (the API allows changing only
   * `series` and metadata).
   *
   * @param event - the event to store, addressed by its namespace and name.
   * @param signal - aborts the request (it rejects with a `'transport'` {@link SinkError}).
   * @returns the event as the server stored it.
   * @throws SinkError (as a rejection).
   */
  update(event: EventsV1Event, signal?: AbortSignal): Promise<EventsV1Event> {
    return this.writes.update(event, signal);
  }
}
