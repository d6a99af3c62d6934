import type { SinkError } from './sink-error.js';

/**
 * Attempts client-go makes to write one event before giving up (`maxTriesPerEvent` in `tools/record`).
 *
 * @example
 * ```ts
 * import { maxTriesPerEvent, writeToSink } from 'rx-kube-events';
 * const write = writeToSink(sink, { retry: { maxAttempts: maxTriesPerEvent * 2 } });
 * ```
 */
export const maxTriesPerEvent = 12;

/**
 * client-go's sleep between two attempts, in milliseconds (`defaultSleepDuration` in `tools/record`, 10 s).
 *
 * @example
 * ```ts
 * import { defaultSleepDuration, writeToSink } from 'rx-kube-events';
 * const write = writeToSink(sink, { retry: { initialDelayMs: defaultSleepDuration, multiplier: 1 } });
 * ```
 */
export const defaultSleepDuration = 10_000;

/**
 * How `writeToSink()` retries a failed write. Every field is optional; the defaults retry what HTTP says may succeed
 * later, with exponential backoff and jitter on every retry:
 *
 * ```text
 * attempt:   1    2        3            4                    …  12
 * wait:        1s     2s          4s            8s  16s 30s 30s …   (each ±20 %, at least Retry-After when sent)
 * ```
 *
 * An attempt is one try at the write: a create, or a patch plus the create it falls back to when the server answers
 * the patch with 404. A write ends `failed` when an error is not retryable or when `maxAttempts` tries all failed.
 *
 * @example
 * ```ts
 * import { writeToSink } from 'rx-kube-events';
 * const write = writeToSink(sink, { retry: { maxAttempts: 5, initialDelayMs: 500, maxDelayMs: 5_000 } });
 * ```
 */
export interface RetryOptions {
  /**
   * Tries per write, the first included (client-go's `maxTriesPerEvent`); `1` never retries.
   * @defaultValue 12
   */
  maxAttempts?: number | undefined;
  /**
   * Wait before the first retry, in milliseconds, before jitter.
   * @defaultValue 1000
   */
  initialDelayMs?: number | undefined;
  /**
   * Factor applied to the wait after each retry (`1` waits the same every time).
   * @defaultValue 2
   */
  multiplier?: number | undefined;
  /**
   * Cap on the wait before jitter, in milliseconds: the jittered wait lies within `jitter` of it.
   * @defaultValue 30000
   */
  maxDelayMs?: number | undefined;
  /**
   * Spread of every wait as a fraction of it: the wait is `d × (1 − jitter + 2 × jitter × random())`, uniform in
   * `[d × (1 − jitter), d × (1 + jitter))`. `0` waits exactly; `1` waits anywhere in `[0, 2d)`.
   * @defaultValue 0.2
   */
  jitter?: number | undefined;
  /**
   * Replaces `initialDelayMs`, `multiplier`, `maxDelayMs` and `jitter` with your own schedule: the wait in
   * milliseconds before retry number `retry` (1 for the first retry), given the writer's `random`.
   * @defaultValue exponential backoff from the four fields above
   */
  backoff?: ((retry: number, random: () => number) => number) | undefined;
  /**
   * Whether an error may succeed if tried again. `AlreadyExists` and `NamespaceTerminating` are final whatever it
   * says (they cannot succeed later; see {@link isBenignSinkError}).
   * @defaultValue {@link isRetryableSinkError}
   */
  retryable?: ((error: SinkError) => boolean) | undefined;
  /**
   * Wait at least the server's `Retry-After` (`SinkError.retryAfterMs`, capped at `maxRetryAfterMs`) when it sent one.
   * @defaultValue true
   */
  honourRetryAfter?: boolean | undefined;
  /**
   * Cap on a `Retry-After` honoured, in milliseconds, so that a server asking for hours does not park a write.
   * @defaultValue 60000
   */
  maxRetryAfterMs?: number | undefined;
}

/**
 * The default retry classification: transport errors (no answer), 429 Too Many Requests and 5xx are retryable;
 * every other status (4xx: invalid, forbidden, not found, conflict…) and every `'request'` error (the request could
 * not be built) is final.
 *
 * client-go instead treats every status error as final (see {@link clientGoCompatible}).
 *
 * @param error - the failed sink call
 * @returns true when trying again may succeed
 * @example
 * ```ts
 * import { isRetryableSinkError, writeToSink } from 'rx-kube-events';
 * // Also retry 409 Conflict:
 * const write = writeToSink(sink, { retry: { retryable: (e) => isRetryableSinkError(e) || e.status === 409 } });
 * ```
 */
export function isRetryableSinkError(error: SinkError): boolean {
  switch (error.kind) {
    case 'transport':
      return true;
    case 'request':
      return false;
    case 'status':
      return error.status === 429 || (error.status !== undefined && error.status >= 500);
  }
}

/**
 * True for the rejections that are an expected part of recording, which client-go logs only at verbosity 5:
 * the event already exists (`AlreadyExists`, e.g. a create retried after its answer was lost) or its namespace is
 * being deleted (`NamespaceTerminating`). `writeToSink()` never retries them; log their `failed` results quietly.
 *
 * @param error - the failed sink call
 * @returns true when the failure is expected and needs no attention
 * @example
 * ```ts
 * import { isBenignSinkError } from 'rx-kube-events';
 * results$.subscribe((r) => {
 *   if (r.outcome === 'failed') (r.error && isBenignSinkError(r.error) ? log.debug : log.error)(r.error?.message);
 * });
 * ```
 */
export function isBenignSinkError(error: SinkError): boolean {
  return error.isAlreadyExists || error.isNamespaceTerminating;
}

/**
 * Retry options that reproduce client-go's `tools/record` exactly: {@link maxTriesPerEvent} (12) attempts; the first
 * wait uniform in `[0, 10 s)` (`10 s × random()`), the next ten exactly {@link defaultSleepDuration} (10 s); only
 * errors without an answer (`'transport'`, including unknown errors) are retried, every status error (even 429 and
 * 503) and every `'request'` error is final; `Retry-After` is ignored.
 *
 * ```text
 * attempt: 1        2      3      4            12
 * wait:      [0,10s)   10s    10s   …    10s          (11 waits, 100–110 s in all)
 * ```
 *
 * client-go writes serially; pair this preset with `concurrency: 1` (`clientGoWriteOptions` does both).
 *
 * @example
 * ```ts
 * import { clientGoCompatible, writeToSink } from 'rx-kube-events';
 * const write = writeToSink(sink, { retry: clientGoCompatible, concurrency: 1 });
 * ```
 */
export const clientGoCompatible: Readonly<RetryOptions> = Object.freeze({
  maxAttempts: maxTriesPerEvent,
  // client-go jitters only the first sleep, and only downwards, so that clients do not retry in lock-step.
  backoff: (retry: number, random: () => number) =>
    retry === 1 ? defaultSleepDuration * random() : defaultSleepDuration,
  retryable: (error: SinkError) => error.kind === 'transport',
  honourRetryAfter: false,
});

/**
 * Retry options that reproduce client-go's `tools/events` (events.k8s.io/v1) recorder: {@link maxTriesPerEvent} (12)
 * attempts, **every** wait jittered upwards, uniform in `[10 s, 12.5 s)` (`wait.Jitter(10 s, 0.25)`); only errors
 * without an answer are retried, every status error and every `'request'` error is final; `Retry-After` is ignored.
 * (An AlreadyExists met by a series' create is retried by the writer itself, within the try.)
 *
 * ```text
 * attempt: 1           2           3          12
 * wait:      [10,12.5)s  [10,12.5)s  …              (11 waits, 110–137.5 s in all)
 * ```
 *
 * @example
 * ```ts
 * import { clientGoEventsCompatible, EventsV1Broadcaster, EventsV1EventSink } from 'rx-kube-events';
 * new EventsV1Broadcaster().startRecordingToSink(new EventsV1EventSink(kubeConfig), {
 *   retry: clientGoEventsCompatible,
 *   concurrency: 1,
 * });
 * ```
 */
export const clientGoEventsCompatible: Readonly<RetryOptions> = Object.freeze({
  maxAttempts: maxTriesPerEvent,
  backoff: (_retry: number, random: () => number) => defaultSleepDuration * (1 + 0.25 * random()),
  retryable: (error: SinkError) => error.kind === 'transport',
  honourRetryAfter: false,
});
