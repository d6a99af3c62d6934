import { asyncScheduler, Observable } from 'rxjs';
import type { MonoTypeOperatorFunction, OperatorFunction, SchedulerLike } from 'rxjs';
import type { CoreV1Event, EventsV1Event } from '../meta/types.js';
import { KeyedWriter } from './internal/keyed-writer.js';
import { clientGoCompatible } from './retry-policy.js';
import type { RetryOptions } from './retry-policy.js';
import { retryWrite } from './retry-write.js';
import type { EventSink, WriteRequest, WriteResult } from './types.js';

/** Options of {@link writeToSink}, for events of type `E` (core/v1 by default). */
export interface WriteToSinkOptions<E extends CoreV1Event | EventsV1Event = CoreV1Event> {
  /**
   * When and how often to retry a failed write: a policy (made into `retryWrite(policy)` on this writer's
   * `scheduler` and `random`), or the retry operator itself, applied to each write's attempt (see {@link retryWrite}).
   * @defaultValue retry transport errors, 429 and 5xx up to 12 attempts, 1 s doubling to 30 s, ±20 % jitter
   */
  retry?: RetryOptions | MonoTypeOperatorFunction<E> | undefined;
  /**
   * Sink calls in flight at once, each for a different key.
   * @defaultValue 4
   */
  concurrency?: number | undefined;
  /**
   * Keys with a write queued, waiting to retry or in flight. A result for a new key beyond it is `dropped`; a result
   * for a pending key is always coalesced into it.
   * @defaultValue 4096 (the correlator's LRU size)
   */
  maxPending?: number | undefined;
  /**
   * The correlator whose results are written: after a successful write it is given the server's copy
   * (client-go's `UpdateState`), unless a newer result for the key is already waiting.
   */
  correlator?: { updateState(event: E): void } | undefined;
  /**
   * What a create does when it falls back from a patch answered 404 and is answered `AlreadyExists` (the event was
   * created meanwhile, e.g. by the first occurrence's own create): `'fail'`, as client-go's `tools/record` does; or
   * `'patch'`, patching it after all, as client-go's `tools/events` retries a series.
   * @defaultValue `'fail'`
   */
  recreateConflict?: 'fail' | 'patch' | undefined;
  /** Aborting ends every pending write as `abandoned` at once and completes. */
  signal?: AbortSignal | undefined;
  /**
   * Where retry delays are waited.
   * @defaultValue `asyncScheduler`
   */
  scheduler?: SchedulerLike | undefined;
  /**
   * Source of jitter, in `[0, 1)`.
   * @defaultValue `Math.random`
   */
  random?: (() => number) | undefined;
}

/**
 * Writes correlator results to an event sink: creates new events, patches repeated ones, retries what may succeed
 * later, and coalesces a burst per key so that only the newest count is sent.
 *
 * It writes core/v1 events by default, and events.k8s.io/v1 events given an `EventSink<EventsV1Event>` (the
 * requests are then an `EventsV1Broadcaster`'s series steps, or your own {@link WriteRequest}s).
 *
 * - A result without `patch` is created (`sink.create`, `metadata.resourceVersion` cleared on a copy); a result with
 *   a `patch` (count > 1) is patched (`sink.patch`); a patch answered 404 (the server expired the event) is created
 *   instead, in the same attempt.
 * - **One pending write per key.** A newer result for a key whose write is waiting (for a slot or a retry delay)
 *   replaces its body and keeps its place; a waiting create stays a create with the newest body. Results for a key
 *   in flight gather into one follow-up write sent after it returns: the newest patch, or a create when the write
 *   in flight was a create that failed (other than `AlreadyExists`). Writes of one key stay in order; different keys
 *   run `concurrency` at a time, oldest first, a key whose retry delay ended ahead of new ones.
 * - **One `WriteResult` per write**, with `events` = the results it stands for, so that the `events` of all results
 *   add up to the non-skipped inputs. Results with `skip: true` are ignored: not written, not counted, not emitted.
 * - **Bounded.** With `maxPending` keys pending, a result for a new key is emitted at once as `dropped` (attempts 0,
 *   events 1). Back-pressure belongs to the broadcaster's per-watcher queue in front of this operator.
 * - **Errors.** A sink rejection or throw that is not a `SinkError` is wrapped as a `'transport'` `SinkError` (with
 *   `cause`) and retried like client-go does. `AlreadyExists` and `NamespaceTerminating` are final: their `failed`
 *   results can be told apart with `isBenignSinkError(result.error)`.
 * - **Retry** is an operator (`retry`, by default {@link retryWrite} of the policy) applied to each write's attempt;
 *   every retry subscribes the attempt again, which waits for a slot and sends the newest body the key holds by then:
 *   results that arrived during the failed call are newer than the write's own and are merged into it, so a key never
 *   sends an older body after a newer one. A create answered `AlreadyExists` after an earlier create of the write
 *   failed without a clear answer (no answer, or 5xx) was ours: the newest count is patched instead.
 * - **End.** When the input completes, every pending write is finished (retries included), then the output completes;
 *   when the input errors, the same, then the output errors with it. Aborting `signal` ends every pending write as
 *   `abandoned` at once (with its last error), aborting the `signal` given to the sink calls in flight, and completes.
 *   Unsubscribing does the same without emitting. A `retry` or `random` callback that throws, or a sink answering
 *   something that is not an event, fails that one write (a `'request'` `SinkError` with the cause); a throwing
 *   `correlator.updateState` leaves the write written, with the error in `WriteResult.error`.
 *
 * ```text
 * input:   (a1 a2 a3 b1)|        key a counts 1..3, key b count 1, all at 0 ms; concurrency 1, sink latency 5 ms
 * sink:    create a1 ---- create b1 ---- patch a (count 3)     a2 and a3 coalesce into one follow-up patch
 * output:  -----A----B----(C|)   A: a created (events 1), B: b created (events 1), C: a patched (events 2)
 * ```
 *
 * @param sink - where events are written
 * @param options - retry, concurrency, bound, correlator feedback, abort, scheduler and jitter source
 * @returns an operator from correlator results to write results
 * @throws TypeError when `sink` lacks `create` or `patch`, or `random`, `scheduler`, `signal`, `correlator` or a retry
 *   callback is not what it should be
 * @throws RangeError when `concurrency` or `maxPending` is not a positive integer, or a retry option is out of range
 * @example
 * ```ts
 * import { correlate, writeToSink, EventCorrelator } from 'rx-kube-events';
 * import { filter } from 'rxjs';
 *
 * const correlator = new EventCorrelator();
 * events$
 *   .pipe(correlate(correlator), filter((r) => !r.skip), writeToSink(sink, { correlator }))
 *   .subscribe((r) => { if (r.outcome === 'failed') logger.warn(r.key, r.error?.message); });
 * ```
 */
export function writeToSink<E extends CoreV1Event | EventsV1Event = CoreV1Event>(
  sink: EventSink<E>,
  options: WriteToSinkOptions<E> = {},
): OperatorFunction<WriteRequest<E>, WriteResult<E>> {
  checkSink(sink);
  const {
    retry,
    concurrency = 4,
    maxPending = 4096,
    correlator,
    signal,
    scheduler = asyncScheduler,
    random = Math.random,
    recreateConflict = 'fail',
  } = options;
  checkPositiveInteger('concurrency', concurrency);
  checkPositiveInteger('maxPending', maxPending);
  if (correlator !== undefined && typeof (correlator as Partial<typeof correlator>).updateState !== 'function') {
    throw new TypeError('correlator must have an updateState(event) method, e.g. an EventCorrelator');
  }
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError('signal must be an AbortSignal');
  // Checked at run time for JavaScript callers, whom the types do not stop.
  if (!(['fail', 'patch'] as unknown[]).includes(recreateConflict)) {
    throw new TypeError(`recreateConflict must be 'fail' or 'patch', got ${JSON.stringify(recreateConflict)}`);
  }
  const config = {
    sink,
    retry: typeof retry === 'function' ? retry : retryWrite<E>({ ...retry, scheduler, random }),
    concurrency,
    maxPending,
    correlator,
    patchAfterRecreateConflict: recreateConflict === 'patch',
  };

  return (source) =>
    new Observable<WriteResult<E>>((subscriber) => {
      if (signal?.aborted === true) {
        subscriber.complete();
        return undefined;
      }
      const writer = new KeyedWriter(config, subscriber);
      const onAbort = (): void => {
        writer.abort();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const input = source.subscribe({
        next: (result) => {
          writer.accept(result);
        },
        error: (error: unknown) => {
          writer.endInput({ error });
        },
        complete: () => {
          writer.endInput({});
        },
      });
      return () => {
        signal?.removeEventListener('abort', onAbort);
        input.unsubscribe();
        writer.dispose();
      };
    });
}

/**
 * `writeToSink()` options that write like client-go: {@link clientGoCompatible} retries and one write at a time.
 * Per-key coalescing and the `maxPending` bound stay on (client-go instead drops what its 1000-slot queue cannot
 * hold); a key waiting to retry does not hold up other keys.
 *
 * @example
 * ```ts
 * import { clientGoWriteOptions, writeToSink } from 'rx-kube-events';
 * const write = writeToSink(sink, { ...clientGoWriteOptions, correlator });
 * ```
 */
export const clientGoWriteOptions: Readonly<{ retry: RetryOptions; concurrency: number }> = Object.freeze({
  retry: clientGoCompatible,
  concurrency: 1,
});

function checkPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be an integer of at least 1, got ${String(value)}`);
  }
}

function checkSink(sink: EventSink<CoreV1Event | EventsV1Event>): void {
  // Checked at run time for JavaScript callers, whom the types do not stop.
  const candidate = sink as Partial<EventSink> | null | undefined;
  if (typeof candidate?.create !== 'function' || typeof candidate.patch !== 'function') {
    throw new TypeError('writeToSink() needs an EventSink with create() and patch(), e.g. a CoreV1EventSink');
  }
}
