import { asyncScheduler } from 'rxjs';
import {
  defaultAggregateIntervalInSeconds,
  defaultAggregateMaxEvents,
  defaultSpamBurst,
  defaultSpamQPS,
  maxLruCacheEntries,
} from '../constants.js';
import { eventAggregatorByReasonFunc } from '../event-aggregator-by-reason-func.js';
import { eventAggregatorByReasonMessageFunc } from '../event-aggregator-by-reason-message-func.js';
import { getSpamKey } from '../get-spam-key.js';
import type {
  CorrelatorOptions,
  EventAggregatorOptions,
  EventDedupLogOptions,
  EventSourceObjectSpamFilterOptions,
} from '../types.js';

// Resolved once per stage (and eagerly by the operators, so a bad option throws where the operator is made, not on
// the first subscription). `undefined` takes client-go's default; `0` is never silently replaced by it.

/** Options with every default filled in. */
type Resolved<T> = { readonly [K in keyof T]-?: Exclude<T[K], undefined> };

export function resolveAggregatorOptions(options: EventAggregatorOptions): Resolved<EventAggregatorOptions> {
  const {
    lruCacheSize = maxLruCacheEntries,
    keyFunc = eventAggregatorByReasonFunc,
    messageFunc = eventAggregatorByReasonMessageFunc,
    maxEvents = defaultAggregateMaxEvents,
    maxIntervalInSeconds = defaultAggregateIntervalInSeconds,
    scheduler = asyncScheduler,
  } = options;
  return {
    lruCacheSize: positiveInteger('lruCacheSize', lruCacheSize),
    keyFunc: callable('keyFunc', keyFunc),
    messageFunc: callable('messageFunc', messageFunc),
    maxEvents: positiveInteger('maxEvents', maxEvents),
    maxIntervalInSeconds:
      typeof maxIntervalInSeconds === 'number' && maxIntervalInSeconds >= 0
        ? maxIntervalInSeconds
        : invalid('maxIntervalInSeconds', maxIntervalInSeconds, 'a number ≥ 0 (Infinity: never expires)'),
    scheduler,
  };
}

export function resolveDedupLogOptions(options: EventDedupLogOptions): Resolved<EventDedupLogOptions> {
  const { lruCacheSize = maxLruCacheEntries } = options;
  return { lruCacheSize: positiveInteger('lruCacheSize', lruCacheSize) };
}

export function resolveSpamFilterOptions(
  options: EventSourceObjectSpamFilterOptions,
): Resolved<EventSourceObjectSpamFilterOptions> {
  const {
    lruCacheSize = maxLruCacheEntries,
    burstSize = defaultSpamBurst,
    qps = defaultSpamQPS,
    spamKeyFunc = getSpamKey,
    scheduler = asyncScheduler,
  } = options;
  return {
    lruCacheSize: positiveInteger('lruCacheSize', lruCacheSize),
    burstSize:
      Number.isSafeInteger(burstSize) && burstSize >= 0 ? burstSize : invalid('burstSize', burstSize, 'an integer ≥ 0'),
    // An infinite rate would turn "no time passed" into Infinity × 0 = NaN tokens; a large burst is the way to let
    // everything through.
    qps: Number.isFinite(qps) && qps >= 0 ? qps : invalid('qps', qps, 'a finite number ≥ 0'),
    spamKeyFunc: callable('spamKeyFunc', spamKeyFunc),
    scheduler,
  };
}

export function resolveCorrelatorOptions(options: CorrelatorOptions): Resolved<CorrelatorOptions> {
  return { ...resolveAggregatorOptions(options), ...resolveSpamFilterOptions(options) };
}

function positiveInteger(name: string, value: number): number {
  return Number.isSafeInteger(value) && value > 0 ? value : invalid(name, value, 'an integer ≥ 1');
}

function invalid(name: string, value: unknown, expected: string): never {
  throw new RangeError(`correlator option ${name} must be ${expected}, got ${String(value)}`);
}

function callable<F>(name: string, value: F): F {
  if (typeof value !== 'function') throw new TypeError(`correlator option ${name} must be a function`);
  return value;
}
