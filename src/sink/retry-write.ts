import { asyncScheduler, retry, throwError, timer } from 'rxjs';
import type { MonoTypeOperatorFunction, SchedulerLike } from 'rxjs';
import { resolveRetrySchedule } from './internal/retry-schedule.js';
import type { RetryOptions } from './retry-policy.js';
import { SinkError } from './sink-error.js';

/** Options of {@link retryWrite}: a retry policy, and where its waits run. */
export interface RetryWriteOptions extends RetryOptions {
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
 * The retry stage of the write path as an operator: RxJS's own `retry({ count, delay })`, with the count and the
 * delay taken from a {@link RetryOptions} policy. An error that is a retryable {@link SinkError} (see
 * `isRetryableSinkError`, or the policy's `retryable`) is retried after the policy's wait (backoff with jitter, at
 * least the server's `Retry-After` when honoured); any other error, and the last failure after `maxAttempts` tries,
 * passes through.
 *
 * `writeToSink()` applies it to every write's attempt (the observable of one sink call, subscribed again for each
 * retry, which sends the newest body the key holds then): pass `retry: retryWrite(…)` or your own operator, e.g. one
 * that wraps it with a `tap` to log each failure. A policy callback that throws errors the stream with what it threw.
 *
 * ```text
 * attempt:  --#            503                     (jitter 0, initialDelayMs 1000, multiplier 2)
 * retry:      1000ms --#   503 again
 * retry:             2000ms --a|   written
 * ```
 *
 * @param options - the retry policy, its scheduler and its jitter source
 * @returns an operator that retries the source as the policy says
 * @throws RangeError when a number of the policy is out of range (see {@link RetryOptions})
 * @throws TypeError when `random`, `backoff` or `retryable` is not a function
 * @example
 * ```ts
 * import { retryWrite, writeToSink } from 'rx-kube-events';
 * import { tap } from 'rxjs';
 *
 * const policy = retryWrite({ maxAttempts: 5, initialDelayMs: 500 });
 * const write = writeToSink(sink, {
 *   retry: (attempt$) => attempt$.pipe(tap({ error: (e: unknown) => console.warn('write failed', e) }), policy),
 * });
 * ```
 */
export function retryWrite<T>(options: RetryWriteOptions = {}): MonoTypeOperatorFunction<T> {
  const { scheduler = asyncScheduler, random = Math.random, ...policy } = options;
  if (typeof random !== 'function') throw new TypeError('random must be a function returning a number in [0, 1)');
  if (typeof (scheduler as Partial<SchedulerLike> | null)?.schedule !== 'function') {
    throw new TypeError('scheduler must be an RxJS SchedulerLike');
  }
  const schedule = resolveRetrySchedule(policy);
  return retry({
    count: schedule.maxAttempts - 1,
    // `tries` counts the failed tries so far: 1 at the first failure.
    delay: (error: unknown, tries: number) =>
      error instanceof SinkError && schedule.shouldRetry(error, tries)
        ? timer(schedule.delayMs(tries, error, random), scheduler)
        : throwError(() => error),
  });
}
