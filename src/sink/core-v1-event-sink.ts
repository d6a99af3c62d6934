import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import type { CoreV1Event as ClientNodeEvent } from '@kubernetes/client-node';
import { asyncScheduler } from 'rxjs';
import type { SchedulerLike } from 'rxjs';
import { checkOptions } from '../meta/internal/check-options.js';
import { checkTimeOption } from '../meta/internal/time-option.js';
import type { CoreV1Event } from '../meta/types.js';
import { describeWrite, toSinkError } from './internal/client-node-errors.js';
import type { WriteTarget } from './internal/client-node-errors.js';
import { coreV1EventCallsOverHttp, coreV1EventCallsThroughApi } from './internal/core-v1-event-calls.js';
import type { CoreV1EventCalls } from './internal/core-v1-event-calls.js';
import { fromClientNodeEvent, toClientNodeEvent } from './internal/client-node-event.js';
import { redactUrls } from '../meta/internal/redact-url.js';
import { SinkError } from './sink-error.js';
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
 * or the cluster change (a rotated exec-plugin certificate, another current context). The sink needs no shutdown:
 * idle sockets do not keep the process alive and close after 4 s unused, and an aborted or timed-out request
 * destroys its socket. Made from a `CoreV1Api`, the sink calls that client's methods, with its agents and middleware
 * as they are (slower, and a 401 comes without its `Status` body, as client-node drops it).
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
  private readonly calls: CoreV1EventCalls;
  private readonly namespace: string;
  private readonly scheduler: SchedulerLike;
  private readonly timeoutMs: number;

  /**
   * @param client - a `KubeConfig` with a current cluster (the sink sends its requests itself), or a `CoreV1Api`.
   * @param options - see {@link CoreV1EventSinkOptions}.
   * @throws TypeError when `client` is neither, the `KubeConfig` has no current cluster or its server is not an
   *   http(s) URL, or `options` is not an object.
   * @throws RangeError when `timeoutMs` is negative, not a number, or 2³¹ ms or more (other than `Infinity`).
   */
  constructor(client: KubeConfig | CoreV1Api, options: CoreV1EventSinkOptions = {}) {
    checkOptions(options, 'CoreV1EventSink');
    const { namespace = '', fieldManager, scheduler = asyncScheduler, timeoutMs = 30_000 } = options;
    checkTimeOption('CoreV1EventSink: timeoutMs', timeoutMs, 'no-limit');
    if (client instanceof KubeConfig) {
      checkServerUrl(client.getCurrentCluster()?.server);
      this.calls = coreV1EventCallsOverHttp(client, fieldManager);
    } else if (client instanceof CoreV1Api) {
      this.calls = coreV1EventCallsThroughApi(client, fieldManager);
    } else {
      throw new TypeError('CoreV1EventSink: expected a KubeConfig or a CoreV1Api from @kubernetes/client-node');
    }
    this.namespace = namespace;
    this.scheduler = scheduler;
    this.timeoutMs = timeoutMs === Infinity ? 0 : timeoutMs;
  }

  /**
   * `POST /api/v1/namespaces/{event.metadata.namespace}/events`, with `metadata.resourceVersion` cleared.
   *
   * @param event - the event to create, in its own namespace.
   * @param signal - aborts the request (it rejects with a `'transport'` {@link SinkError}).
   * @returns the created event as the server stored it.
   * @throws SinkError (as a rejection) — e.g. `isAlreadyExists` for a name already taken.
   */
  async create(event: CoreV1Event, signal?: AbortSignal): Promise<CoreV1Event> {
    const target = this.target('create', event);
    return this.send(target, signal, (requestSignal) =>
      this.calls.create(target.namespace, toClientNodeEvent(event, true), requestSignal),
    );
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
  async patch(oldEvent: CoreV1Event, patch: string, signal?: AbortSignal): Promise<CoreV1Event> {
    const target = this.target('patch', oldEvent);
    return this.send(target, signal, (requestSignal) => {
      const body: unknown = JSON.parse(patch);
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new TypeError('a strategic-merge patch must be a JSON object');
      }
      return this.calls.patch(target.namespace, target.name, patch, body, requestSignal);
    });
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
  async update(event: CoreV1Event, signal?: AbortSignal): Promise<CoreV1Event> {
    const target = this.target('update', event);
    return this.send(target, signal, (requestSignal) =>
      this.calls.replace(target.namespace, target.name, toClientNodeEvent(event, false), requestSignal),
    );
  }

  /**
   * Makes one call with the timeout armed and the caller's `signal` attached, and turns what it returns or throws
   * into an event or a `SinkError`.
   */
  private async send(
    target: WriteTarget,
    signal: AbortSignal | undefined,
    call: (signal: AbortSignal) => Promise<ClientNodeEvent>,
  ): Promise<CoreV1Event> {
    // One controller per request, following the caller's signal through a listener removed when the call ends: the
    // writer hands the same long-lived signal to every call, which must not keep each request's signal reachable.
    const controller = new AbortController();
    const onAbort = (): void => {
      controller.abort();
    };
    if (signal?.aborted === true) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    const timeout =
      this.timeoutMs > 0
        ? this.scheduler.schedule(() => {
            controller.abort();
          }, this.timeoutMs)
        : undefined;
    try {
      return fromClientNodeEvent(await call(controller.signal));
    } catch (err) {
      if (signal?.aborted === true) {
        throw new SinkError(
          `${describeWrite(target)} was aborted by the caller's signal; it may or may not have been applied.`,
          { kind: 'transport', cause: err },
        );
      }
      if (controller.signal.aborted) {
        throw new SinkError(
          `${describeWrite(target)} got no answer within ${String(this.timeoutMs)} ms (timeoutMs): the request was ` +
            'aborted, and may or may not have been applied. Check that the API server is reachable; the write may be retried.',
          { kind: 'transport', cause: err },
        );
      }
      throw toSinkError(err, target, () => this.scheduler.now());
    } finally {
      timeout?.unsubscribe();
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Where the write goes; refuses, as client-go does, an event outside the sink's namespace or without one. */
  private target(verb: WriteTarget['verb'], event: CoreV1Event): WriteTarget & { readonly name: string } {
    const namespace = event.metadata.namespace ?? '';
    const name = event.metadata.name ?? '';
    const target = { verb, namespace, name };
    if (this.namespace !== '' && namespace !== this.namespace) {
      throw new SinkError(
        `can't ${verb} an event with namespace '${namespace}' in namespace '${this.namespace}' (this sink is bound ` +
          `to namespace '${this.namespace}'; use a sink without a namespace to write anywhere)`,
        { kind: 'request' },
      );
    }
    if (namespace === '') {
      throw new SinkError(
        `can't ${verb} an event without metadata.namespace; set it to the involved object's namespace ` +
          "(or 'default' for cluster-scoped objects)",
        { kind: 'request' },
      );
    }
    // A create may rely on generateName; a patch or update addresses the event by name.
    if (name === '' && verb !== 'create') {
      throw new SinkError(`can't ${verb} an event without metadata.name; it names the event to ${verb}`, {
        kind: 'request',
      });
    }
    return target;
  }
}

/** client-node accepts any text as the server and fails every request later; say so at construction instead. */
function checkServerUrl(server: string | undefined): void {
  if (server === undefined) {
    throw new TypeError(
      'CoreV1EventSink: the KubeConfig has no current cluster; load a config with a current context first ' +
        '(loadFromDefault, loadFromOptions)',
    );
  }
  const protocol = URL.canParse(server) ? new URL(server).protocol : undefined;
  if (protocol !== 'https:' && protocol !== 'http:') {
    throw new TypeError(
      redactUrls(
        `CoreV1EventSink: the KubeConfig's cluster server ${JSON.stringify(server)} is not an http(s) URL; set the cluster's server to the API server's URL, e.g. https://10.0.0.1:6443`,
      ),
    );
  }
}
