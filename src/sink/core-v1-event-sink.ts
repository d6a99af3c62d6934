import { CoreV1Api } from '@kubernetes/client-node';
import type { CoreV1Event as ClientNodeEvent, KubeConfig } from '@kubernetes/client-node';
import type { SchedulerLike } from 'rxjs';
import type { CoreV1Event } from '../meta/types.js';
import { clientNodeEventFromJson, fromClientNodeEvent, toClientNodeEvent } from './internal/client-node-event.js';
import { clientNodeEventWrites } from './internal/client-node-sink.js';
import type { ClientNodeEventWrites } from './internal/client-node-sink.js';
import type { EventSink } from './types.js';

/** Options for {@link CoreV1EventSink}. */
export interface CoreV1EventSinkOptions {
  /**
   * Bind the sink to one namespace, like client-go's `Events(ns)`: events of any other namespace are refused with a
   * `'request'` {@link SinkError} before any I/O. `''` means every namespace.
   * @defaultValue every namespace
   */
  namespace?: string | undefined;
  /** `fieldManager` sent with every write (server-side field ownership). @defaultValue none (the server's default) */
  fieldManager?: string | undefined;
  /**
   * Longest wait for an answer, in milliseconds; past it the request is aborted and the call rejects with a
   * `'transport'` {@link SinkError}, which the writer retries. client-node sets no timeout of its own for these calls
   * (neither 1.x nor 2.x), so without one a server that accepts the connection and never answers would hold a writer's
   * slot forever. `0` or `Infinity` waits forever.
   * @defaultValue 30000
   */
  timeoutMs?: number | undefined;
  /**
   * Clock of the request timeout, and of turning a `Retry-After` HTTP-date into milliseconds when the response has
   * no `Date` header.
   * @defaultValue `asyncScheduler`
   */
  scheduler?: SchedulerLike | undefined;
}

/**
 * The core/v1 {@link EventSink} over `@kubernetes/client-node` (1.4+ or 2.x, the peer dependency): client-go's
 * `EventSinkImpl` (`POST`, strategic-merge `PATCH`, `PUT` to the event's own namespace).
 *
 * - `create` sends a copy without `metadata.resourceVersion` (the apiserver refuses a create that has one).
 * - `patch` sends the patch text with `Content-Type: application/strategic-merge-patch+json`.
 * - `MicroTime` fields (`eventTime`, `series.lastObservedTime`) are written with six fractional digits, as the
 *   apiserver requires, and read back as dates.
 * - The input is never mutated; the result is the server's copy.
 * - Every failure rejects with a {@link SinkError}: `'status'` when the server answered (status, reason, causes and
 *   `Retry-After` parsed from client-node's raw-text body), `'transport'` when it did not (connection refused or
 *   reset, `timeoutMs` passed, the call's `signal` aborted), `'request'` when the call could not be made (namespace
 *   refused, missing name, a patch that is not JSON).
 * - Each call takes an optional `signal`: aborting it aborts the HTTP request (together with the `timeoutMs` timer).
 *
 * Made from a `KubeConfig`, the sink sends its requests itself, with Node's `http(s).request`, rather than through
 * client-node's generated `CoreV1Api` (its serializer, middleware chain and `fetch` cost more than the write itself
 * on a fast server), and takes from the KubeConfig, per request, everything client-node would: the credentials
 * (token, basic auth, client certificate, what an exec or auth-provider plugin returns, refreshed when it expires),
 * the TLS settings (CA, `insecure-skip-tls-verify`, `tls-server-name`) and `proxy-url`, through client-node's own
 * `applyToHTTPSOptions` and agent factory. Its requests share one keep-alive pool, made anew when those TLS settings
 * or the cluster change (a rotated exec-plugin certificate, another current context), and say who sends them
 * (`User-Agent: rx-kube-events/<version> (node <version>)`). The sink needs no shutdown: idle sockets do not keep
 * the process alive and close after 4 s unused, and an aborted or timed-out request destroys its socket. Made from a
 * `CoreV1Api`, the sink calls that client's methods, with its agents and middleware as they are (slower, and a 401
 * comes without its `Status` body, as client-node drops it).
 *
 * @example
 * ```ts
 * import { KubeConfig } from '@kubernetes/client-node';
 * import { CoreV1EventSink, SinkError } from 'rx-kube-events';
 *
 * const kc = new KubeConfig();
 * kc.loadFromDefault();
 * const sink = new CoreV1EventSink(kc);
 * try {
 *   await sink.create(event);
 * } catch (err) {
 *   if (err instanceof SinkError && err.isAlreadyExists) return;
 *   throw err;
 * }
 * ```
 */
export class CoreV1EventSink implements EventSink {
  private readonly writes: ClientNodeEventWrites<CoreV1Event, ClientNodeEvent>;

  /**
   * @param client - a `KubeConfig` with a current cluster (the sink sends its requests itself), or a `CoreV1Api`.
   * @param options - see {@link CoreV1EventSinkOptions}.
   * @throws TypeError when `client` is neither, the `KubeConfig` has no current cluster or its server is not an
   *   http(s) URL, or `options` is not an object.
   * @throws RangeError when `timeoutMs` is negative, not a number, or 2³¹ ms or more (other than `Infinity`).
   */
  constructor(client: KubeConfig | CoreV1Api, options: CoreV1EventSinkOptions = {}) {
    const kind = { name: 'CoreV1EventSink', api: CoreV1Api, apiName: 'a CoreV1Api' };
    this.writes = clientNodeEventWrites(kind, client, options, {
      apiPath: '/api/v1',
      toModel: toClientNodeEvent,
      fromModel: fromClientNodeEvent,
      fromJson: clientNodeEventFromJson,
    });
  }

  /**
   * `POST /api/v1/namespaces/{event.metadata.namespace}/events`, with `metadata.resourceVersion` cleared.
   *
   * @param event - the event to create, in its own namespace.
   * @param signal - aborts the request (it rejects with a `'transport'` {@link SinkError}).
   * @returns the created event as the server stored it.
   * @throws SinkError (as a rejection) — e.g. `isAlreadyExists` for a name already taken.
   */
  create(event: CoreV1Event, signal?: AbortSignal): Promise<CoreV1Event> {
    return this.writes.create(event, signal);
  }

  /**
   * `PATCH /api/v1/namespaces/{ns}/events/{oldEvent.metadata.name}` with a strategic-merge patch.
   *
   * @param oldEvent - the event to patch; only its namespace and name are used.
   * @param patch - the patch body as JSON text (an object), e.g. `{"count":2,"lastTimestamp":"…","message":"…"}`.
   * @param signal - aborts the request (it rejects with a `'transport'` {@link SinkError}).
   * @returns the patched event as the server stored it.
   * @throws SinkError (as a rejection) — `isNotFound` when the server no longer has the event.
   */
  patch(oldEvent: CoreV1Event, patch: string, signal?: AbortSignal): Promise<CoreV1Event> {
    return this.writes.patch(oldEvent, patch, signal);
  }

  /**
   * `PUT /api/v1/namespaces/{ns}/events/{name}`: replaces the event (unconditionally unless it carries a
   * `metadata.resourceVersion`, which makes a stale copy fail with 409 `Conflict`).
   *
   * @param event - the event to store, addressed by its namespace and name.
   * @param signal - aborts the request (it rejects with a `'transport'` {@link SinkError}).
   * @returns the event as the server stored it.
   * @throws SinkError (as a rejection).
   */
  update(event: CoreV1Event, signal?: AbortSignal): Promise<CoreV1Event> {
    return this.writes.update(event, signal);
  }
}
