import { describe, expect, it } from 'vitest';
import { resolveRetrySchedule } from '../../src/sink/internal/retry-schedule.js';
import {
  clientGoCompatible,
  defaultSleepDuration,
  isBenignSinkError,
  isRetryableSinkError,
  maxTriesPerEvent,
} from '../../src/sink/retry-policy.js';
import type { RetryOptions } from '../../src/sink/retry-policy.js';
import { SinkError } from '../../src/sink/sink-error.js';
import { statusError, transportError } from './helpers/fake-sink.js';

const requestError = new SinkError('event has no namespace', { kind: 'request' });
const alreadyExists = statusError(409, 'AlreadyExists');
const namespaceTerminating = statusError(403, 'Forbidden', { causes: [{ type: 'NamespaceTerminating' }] });

/** The waits before retries 1…n under `options`, with `random` fixed. */
function waits(options: RetryOptions, random: number, retries = 11, error: SinkError = transportError()): number[] {
  const schedule = resolveRetrySchedule(options);
  return Array.from({ length: retries }, (_, i) => schedule.delayMs(i + 1, error, () => random));
}

describe('retry policy', () => {
  it("keeps client-go's constants", () => {
    expect(maxTriesPerEvent).toBe(12);
    expect(defaultSleepDuration).toBe(10_000);
  });

  describe('classification', () => {
    for (const { error, retryable, clientGo, benign } of [
      { error: transportError(), retryable: true, clientGo: true, benign: false },
      { error: requestError, retryable: false, clientGo: false, benign: false },
      { error: statusError(429, 'TooManyRequests'), retryable: true, clientGo: false, benign: false },
      { error: statusError(500, 'InternalError'), retryable: true, clientGo: false, benign: false },
      { error: statusError(503, 'ServiceUnavailable'), retryable: true, clientGo: false, benign: false },
      { error: statusError(400, 'BadRequest'), retryable: false, clientGo: false, benign: false },
      { error: statusError(404, 'NotFound'), retryable: false, clientGo: false, benign: false },
      { error: statusError(422, 'Invalid'), retryable: false, clientGo: false, benign: false },
      { error: alreadyExists, retryable: false, clientGo: false, benign: true },
      { error: namespaceTerminating, retryable: false, clientGo: false, benign: true },
    ]) {
      const what = error.kind === 'status' ? `${error.status} ${error.reason ?? ''}` : error.kind;
      it(`classifies ${what}: retryable ${retryable}, by client-go ${clientGo}, benign ${benign}`, () => {
        expect(isRetryableSinkError(error)).toBe(retryable);
        expect(clientGoCompatible.retryable?.(error)).toBe(clientGo);
        expect(isBenignSinkError(error)).toBe(benign);
      });
    }

    it('retries while attempts remain, and never a benign rejection whatever retryable() says', () => {
      const schedule = resolveRetrySchedule({ maxAttempts: 3, retryable: () => true });
      expect([1, 2, 3].map((attempts) => schedule.shouldRetry(transportError(), attempts))).toEqual([
        true,
        true,
        false,
      ]);
      expect(schedule.shouldRetry(alreadyExists, 1)).toBe(false);
      expect(schedule.shouldRetry(namespaceTerminating, 1)).toBe(false);
    });
  });

  describe('backoff', () => {
    it('doubles from 1 s to a 30 s cap by default', () => {
      expect(waits({}, 0.5)).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000, 30_000, 30_000, 30_000]);
    });

    it('spreads every wait by ±20 % by default', () => {
      expect(waits({}, 0, 6)).toEqual([800, 1600, 3200, 6400, 12_800, 24_000]);
      expect(waits({}, 0.99, 6)).toEqual([1196, 2392, 4784, 9568, 19_136, 35_880]);
    });

    it('follows initialDelayMs, multiplier, maxDelayMs and jitter', () => {
      const options = { initialDelayMs: 100, multiplier: 3, maxDelayMs: 1000, jitter: 0 };
      expect(waits(options, 0.9, 5)).toEqual([100, 300, 900, 1000, 1000]);
    });

    it('uses a custom backoff instead, given the random source', () => {
      expect(waits({ backoff: (retry, random) => retry * 100 + random() }, 0.5, 3)).toEqual([100, 200, 300]);
    });

    it('waits at least the Retry-After, up to maxRetryAfterMs, unless told not to', () => {
      const tooMany = statusError(429, 'TooManyRequests', { retryAfterMs: 7000 });
      expect(waits({}, 0.5, 4, tooMany)).toEqual([7000, 7000, 7000, 8000]);
      expect(waits({ maxRetryAfterMs: 1500 }, 0.5, 2, tooMany)).toEqual([1500, 2000]);
      expect(waits({ honourRetryAfter: false }, 0.5, 2, tooMany)).toEqual([1000, 2000]);
    });

    for (const random of [0, 0.25, 0.9999]) {
      it(`reproduces client-go under clientGoCompatible: 10 s × ${random}, then 10 s ten times`, () => {
        const first = Math.floor(10_000 * random);
        expect(waits(clientGoCompatible, random)).toEqual([first, ...Array.from({ length: 10 }, () => 10_000)]);
        const schedule = resolveRetrySchedule(clientGoCompatible);
        expect(schedule.shouldRetry(transportError(), 11)).toBe(true);
        expect(schedule.shouldRetry(transportError(), 12)).toBe(false);
      });
    }

    it('ignores Retry-After under clientGoCompatible', () => {
      const tooMany = statusError(429, 'TooManyRequests', { retryAfterMs: 60_000 });
      expect(waits(clientGoCompatible, 0.5, 2, tooMany)).toEqual([5000, 10_000]);
    });
  });

  describe('options', () => {
    for (const options of [
      { maxAttempts: 0 },
      { maxAttempts: 2.5 },
      { initialDelayMs: -1 },
      { initialDelayMs: Number.POSITIVE_INFINITY },
      { initialDelayMs: 2 ** 31 },
      { maxDelayMs: 2 ** 31 },
      { maxRetryAfterMs: 2 ** 31 },
      { maxRetryAfterMs: Number.NaN },
      { multiplier: 0.5 },
      { jitter: -0.1 },
      { jitter: 1.5 },
    ]) {
      it(`throws RangeError for ${JSON.stringify(options, (_key, value: unknown) => (typeof value === 'number' ? String(value) : value))}`, () => {
        expect(() => resolveRetrySchedule(options)).toThrow(RangeError);
      });
    }

    it('takes Infinity as no cap for maxDelayMs and maxRetryAfterMs, and never waits past what a timer keeps', () => {
      const tooMany = statusError(429, 'TooManyRequests', { retryAfterMs: 2 ** 40 });
      const schedule = resolveRetrySchedule({ maxDelayMs: Infinity, maxRetryAfterMs: Infinity, jitter: 0 });
      expect(schedule.delayMs(1, tooMany, () => 0.5)).toBe(2 ** 31 - 1);
      expect(schedule.delayMs(60, statusError(503), () => 0.5)).toBe(2 ** 31 - 1);
    });

    it('throws TypeError for a backoff or retryable that is not a function', () => {
      expect(() => resolveRetrySchedule({ backoff: 5 as never })).toThrow(TypeError);
      expect(() => resolveRetrySchedule({ retryable: 'yes' as never })).toThrow(TypeError);
    });

    it('throws RangeError when a custom backoff returns a negative or non-finite wait', () => {
      for (const wait of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
        expect(() => waits({ backoff: () => wait }, 0.5, 1)).toThrow(RangeError);
      }
    });
  });
});
