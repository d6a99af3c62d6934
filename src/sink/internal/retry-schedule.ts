import { checkTimeOption, maxTimerMs } from '../../meta/internal/time-option.js';
import { isBenignSinkError, isRetryableSinkError, maxTriesPerEvent } from '../retry-policy.js';
import type { RetryOptions } from '../retry-policy.js';
import type { SinkError } from '../sink-error.js';

/** {@link RetryOptions} with the defaults applied and checked: what the writer asks after a failed attempt. */
export interface RetrySchedule {
  /** Tries per write, the first included. */
  readonly maxAttempts: number;
  /** Whether to try again after `attempts` tries, the last of which failed with `error`. */
  shouldRetry(error: SinkError, attempts: number): boolean;
  /** Whole milliseconds to wait before retry number `retry` (1 for the first) after `error`. */
  delayMs(retry: number, error: SinkError, random: () => number): number;
}

/**
 * Applies the defaults of `options` and checks them.
 *
 * @throws RangeError when a number is out of range (attempts below 1 or fractional, negative delays or delays of
 *   2³¹ ms or more, a multiplier below 1, jitter outside `[0, 1]`)
 * @throws TypeError when `backoff` or `retryable` is not a function, or `honourRetryAfter` not a boolean
 */
export function resolveRetrySchedule(options: RetryOptions = {}): RetrySchedule {
  const {
    maxAttempts = maxTriesPerEvent,
    initialDelayMs = 1000,
    multiplier = 2,
    maxDelayMs = 30_000,
    jitter = 0.2,
    backoff,
    retryable = isRetryableSinkError,
    honourRetryAfter = true,
    maxRetryAfterMs = 60_000,
  } = options;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError(`retry.maxAttempts must be an integer of at least 1, got ${String(maxAttempts)}`);
  }
  checkTimeOption('retry.initialDelayMs', initialDelayMs, 'refuse');
  checkTimeOption('retry.maxDelayMs', maxDelayMs, 'no-limit');
  checkTimeOption('retry.maxRetryAfterMs', maxRetryAfterMs, 'no-limit');
  if (!(typeof multiplier === 'number' && multiplier >= 1 && Number.isFinite(multiplier))) {
    throw new RangeError(`retry.multiplier must be a finite number of at least 1, got ${String(multiplier)}`);
  }
  if (!(typeof jitter === 'number' && jitter >= 0 && jitter <= 1)) {
    throw new RangeError(`retry.jitter must be a fraction in [0, 1], got ${String(jitter)}`);
  }
  if (backoff !== undefined && typeof backoff !== 'function') {
    throw new TypeError('retry.backoff must be a function (retry, random) => milliseconds');
  }
  if (typeof retryable !== 'function') throw new TypeError('retry.retryable must be a function (error) => boolean');
  if (typeof honourRetryAfter !== 'boolean') throw new TypeError('retry.honourRetryAfter must be a boolean');
  const exponential = (retry: number, random: () => number): number =>
    Math.min(maxDelayMs, maxTimerMs, initialDelayMs * multiplier ** (retry - 1)) * (1 - jitter + 2 * jitter * random());
  const wait = backoff ?? exponential;

  return {
    maxAttempts,
    shouldRetry: (error, attempts) => {
      if (attempts >= maxAttempts || isBenignSinkError(error)) return false;
      const verdict: unknown = retryable(error);
      if (typeof verdict !== 'boolean') {
        throw new TypeError(`retry.retryable must return a boolean, got ${typeof verdict}`);
      }
      return verdict;
    },
    delayMs: (retry, error, random) => {
      const backedOff: unknown = wait(retry, random);
      if (!(typeof backedOff === 'number' && backedOff >= 0 && Number.isFinite(backedOff))) {
        throw new RangeError(
          `${backoff === undefined ? 'random' : 'retry.backoff'} gave a wait that is not a finite number of ` +
            `milliseconds ≥ 0 (${String(backedOff)}); random must return a number in [0, 1)`,
        );
      }
      const serverAsked =
        honourRetryAfter && error.retryAfterMs !== undefined ? Math.min(error.retryAfterMs, maxRetryAfterMs) : 0;
      // A wait past what a timer keeps would fire at once; the longest timer is already about 24.8 days.
      return Math.min(maxTimerMs, Math.floor(Math.max(backedOff, serverAsked)));
    },
  };
}
