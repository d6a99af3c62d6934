import type { CoreV1Event, EventsV1Event } from '../meta/types.js';
import type { SinkError } from './sink-error.js';

/**
 * Where recorded events are written: client-go's `record.EventSink` for core/v1 events (the default), and its
 * `events.EventSink` as `EventSink<EventsV1Event>`. Implementations must respect the namespace in the event
 * (`event.metadata.namespace`) and reject with a {@link SinkError}.
 *
 * Every call takes an optional last `signal`: the writer aborts it when it abandons the write (a shutdown deadline,
 * an aborted `writeToSink` signal, an unsubscription), so that the request stops and holds no socket or timer; a
 * sink may ignore it. Answers are `PromiseLike`, so a test sink may answer with a thenable that settles on a virtual
 * clock (see `InMemoryEventSink` in `rx-kube-events/testing`).
 */
export interface EventSink<E extends CoreV1Event | EventsV1Event = CoreV1Event> {
  /** Creates the event (`POST`), with `metadata.resourceVersion` cleared; resolves to the server's copy. */
  create(event: E, signal?: AbortSignal): PromiseLike<E>;
  /** Replaces the event (`PUT`). The recorder never calls it; it is here for parity and for users. */
  update(event: E, signal?: AbortSignal): PromiseLike<E>;
  /**
   * Applies `patch` (a strategic-merge patch body, as JSON text) to the event named `oldEvent.metadata.name` in
   * `oldEvent.metadata.namespace`; resolves to the server's copy.
   */
  patch(oldEvent: E, patch: string, signal?: AbortSignal): PromiseLike<E>;
}

/** How a write ended. */
export type WriteOutcome = 'created' | 'patched' | 'failed' | 'dropped' | 'abandoned';

/**
 * One write asked of `writeToSink()`: a correlator result (`CorrelateResult`) for core/v1, a series step for
 * events.k8s.io/v1. Requests with the same `key` describe the same server-side event.
 */
export interface WriteRequest<E extends CoreV1Event | EventsV1Event = CoreV1Event> {
  /** The event's key: writes of one key stay in order and coalesce. */
  readonly key: string;
  /** The body to create, or the event whose name and namespace the patch addresses (created when it answers 404). */
  readonly event: E;
  /** A strategic-merge patch body (exact bytes) to send instead of creating. */
  readonly patch?: string | undefined;
  /** `true`: not written, not counted, not emitted (the spam filter's verdict). */
  readonly skip?: boolean | undefined;
}

/**
 * One finished write. Every non-skipped request handed to a writer ends in exactly one `WriteResult`, alone or
 * coalesced with newer requests for the same key (`events` counts them).
 */
export interface WriteResult<E extends CoreV1Event | EventsV1Event = CoreV1Event> {
  /** The correlation key written. */
  readonly key: string;
  readonly outcome: WriteOutcome;
  /** The server's copy when written; otherwise the newest event the writer held for the key. */
  readonly event: E;
  /** Sink calls made for this write (0 for `dropped`, and for `abandoned` before the first call). */
  readonly attempts: number;
  /** Correlator results this write stands for: 1, plus the newer results coalesced into it. */
  readonly events: number;
  /**
   * Why it failed, for `failed` (and for `abandoned` when the last attempt had failed). For `created` and `patched`,
   * set only when feeding the server's copy back to the `correlator` threw: the write itself succeeded.
   */
  readonly error?: SinkError | undefined;
}
