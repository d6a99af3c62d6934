import { isBenignSinkError, isRetryableSinkError, maxTriesPerEvent } from '../retry-policy.js';
import type { RetryOptions } from '../retry-policy.js';
import type { SinkError } from '../sink-error.js';

/** {@link RetryOptions} with the defaults applied and checked: what the writer asks after a failed attempt. */
export interface RetrySchedule {
  /** Whether to try again after `attempts` tries, the last of which failed with `error`. */
  shouldRetry(error: SinkError, attempts: number): boolean;
  /** Whole milliseconds to wait before retry number `retry` (1 for the first) after `error`. */
  delayMs(retry: number, error: SinkError, random: () => number): number;
}

/**
 * Applies the defaults of `options` and checks them.
 *
 * @throws RangeError when a number is out of range (attempts below 1 or fractional, negative delays, a multiplier
 *   below 1, jitter outside `[0, 1]`)
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
    throw new RangeError(`retry.maxAttempts must be an integer of at least 1, got ${maxAttempts}`);
  }
  checkDelay('initialDelayMs', initialDelayMs);
  checkDelay('maxDelayMs', maxDelayMs);
  checkDelay('maxRetryAfterMs', maxRetryAfterMs);
  if (!(multiplier >= 1 && Number.isFinite(multiplier))) {
    throw new RangeError(`retry.multiplier must be a finite number of at least 1, got ${multiplier}`);
  }
  if (!(jitter >= 0 && jitter <= 1)) {
    throw new RangeError(`retry.jitter must be a fraction in [0, 1], got ${jitter}`);
  }
  const exponential = (retry: number, random: () => number): number =>
    Math.min(maxDelayMs, initialDelayMs * multiplier ** (retry - 1)) * (1 - jitter + 2 * jitter * random());
  const wait = backoff ?? exponential;

  return {
    shouldRetry: (error, attempts) => attempts < maxAttempts && !isBenignSinkError(error) && retryable(error),
    delayMs: (retry, error, random) => {
      const backedOff = wait(retry, random);
      if (!(backedOff >= 0 && Number.isFinite(backedOff))) {
        throw new RangeError(`retry.backoff must return a finite number of milliseconds ≥ 0, got ${backedOff}`);
      }
      const serverAsked =
        honourRetryAfter && error.retryAfterMs !== undefined ? Math.min(error.retryAfterMs, maxRetryAfterMs) : 0;
      return Math.floor(Math.max(backedOff, serverAsked));
    },
  };
}

function checkDelay(name: string, value: number): void {
  if (!(value >= 0 && Number.isFinite(value))) {
    throw new RangeError(`retry.${name} must be a finite number of milliseconds ≥ 0, got ${value}`);
  }
}
