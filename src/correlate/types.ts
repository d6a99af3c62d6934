import type { SchedulerLike } from 'rxjs';
import type { CoreV1Event } from '../meta/types.js';

/**
 * The outcome of correlating one event (client-go's `EventCorrelateResult`).
 *
 * - `skip: true`: the spam filter rejected it; it must not be written (it still raised the cached count). `event`
 *   and `patch` are what would have been written.
 * - `patch` set: a duplicate of an event already written; send `patch` (a strategic-merge patch body, exact bytes)
 *   to the event named `event.metadata.name`. Otherwise create `event`.
 */
export interface CorrelateResult {
  readonly event: CoreV1Event;
  readonly patch?: string | undefined;
  readonly skip: boolean;
  /**
   * The cache key the event was observed under (the event key, or the aggregate key for an aggregate event).
   * Results with the same key describe the same server-side event: writers keep their order per key.
   */
  readonly key: string;
}

/**
 * The outcome of the aggregation stage: the event to observe (the input itself, or a new aggregate event) and the
 * cache key the dedup stage keeps it under (its event key, or the aggregate key for an aggregate event).
 */
export interface AggregateResult {
  readonly event: CoreV1Event;
  readonly key: string;
}

/** Counters of an {@link EventCorrelator}'s work since it was made; every skipped event is counted here. */
export interface CorrelatorStats {
  /** Events given to `correlate()`. */
  readonly correlated: number;
  /** Events that went out as (a new occurrence of) an aggregate event instead of as themselves. */
  readonly aggregated: number;
  /** Events found to repeat a cached event: they carry a patch for it. */
  readonly deduplicated: number;
  /** Events the spam filter rejected (`skip: true`); they must not be written. */
  readonly skipped: number;
}

/** Splits an event into its aggregate key (what groups similar events) and local key (what tells them apart). */
export type EventAggregatorKeyFunc = (event: CoreV1Event) => readonly [aggregateKey: string, localKey: string];
/** Builds the message of an aggregate event from the event that triggered it. */
export type EventAggregatorMessageFunc = (event: CoreV1Event) => string;
/** Builds the key the spam filter's token buckets are kept under. */
export type EventSpamKeyFunc = (event: CoreV1Event) => string;

/**
 * Options of {@link EventCorrelator} and the `correlate()` operator. An option left `undefined` takes client-go's
 * default. Unlike client-go, `0` is not "use the default": it means what it says where that makes sense
 * (`burstSize: 0` rejects every event, `qps: 0` never refills, `maxIntervalInSeconds: 0` groups only events of the
 * same millisecond) and is a `RangeError` where it does not (`lruCacheSize`, `maxEvents`). Negative, fractional (for
 * counts) and `NaN` values are a `RangeError`, a key or message function that is not a function a `TypeError`, all
 * thrown at construction. See `docs/correlation.md`.
 */
export interface CorrelatorOptions {
  /** Entries in each of the three LRU caches (aggregation, dedup, spam); a positive integer. @defaultValue 4096 */
  lruCacheSize?: number | undefined;
  /**
   * Token-bucket size of the spam filter: events let through at once per spam key; an integer ≥ 0, and `0` rejects
   * every event. @defaultValue 25
   */
  burstSize?: number | undefined;
  /**
   * Token refill rate of the spam filter, tokens per second; finite and ≥ 0, and `0` never refills (each spam key
   * gets `burstSize` events until it leaves the LRU). @defaultValue 1/300
   */
  qps?: number | undefined;
  /** Aggregation key function. @defaultValue by source, object, type, reason and reporting fields; local key = message */
  keyFunc?: EventAggregatorKeyFunc | undefined;
  /** Aggregate message. @defaultValue `(combined from similar events): <message>` */
  messageFunc?: EventAggregatorMessageFunc | undefined;
  /**
   * Distinct local keys within the window at which events start to be aggregated; a positive integer (`1`
   * aggregates every event). @defaultValue 10
   */
  maxEvents?: number | undefined;
  /**
   * Aggregation window in seconds, measured from the last similar event (sliding, strict `>`); ≥ 0, `Infinity`
   * never expires. @defaultValue 600
   */
  maxIntervalInSeconds?: number | undefined;
  /** Spam-filter key function. @defaultValue source + object (without fieldPath) + type */
  spamKeyFunc?: EventSpamKeyFunc | undefined;
  /** Clock of all three stages; read only through `now()`, twice per event. @defaultValue `asyncScheduler` */
  scheduler?: SchedulerLike | undefined;
}

/** Options of {@link EventAggregator} and the `aggregate()` operator: the aggregation part of {@link CorrelatorOptions}. */
export type EventAggregatorOptions = Pick<
  CorrelatorOptions,
  'lruCacheSize' | 'keyFunc' | 'messageFunc' | 'maxEvents' | 'maxIntervalInSeconds' | 'scheduler'
>;

/** Options of {@link EventDedupLog} and the `dedupe()` operator; the dedup stage reads no clock. */
export type EventDedupLogOptions = Pick<CorrelatorOptions, 'lruCacheSize'>;

/** Options of {@link EventSourceObjectSpamFilter} and the `spamFilter()` operator: the spam part of {@link CorrelatorOptions}. */
export type EventSourceObjectSpamFilterOptions = Pick<
  CorrelatorOptions,
  'lruCacheSize' | 'burstSize' | 'qps' | 'spamKeyFunc' | 'scheduler'
>;
