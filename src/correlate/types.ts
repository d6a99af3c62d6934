import type { SchedulerLike } from 'rxjs';
import type { CoreV1Event } from '../meta/types.js';

/**
 * The outcome of correlating one event (client-go's `EventCorrelateResult`).
 *
 * - `skip: true`: the spam filter rejected it; it must not be written (it still raised the cached count).
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

/** Splits an event into its aggregate key (what groups similar events) and local key (what tells them apart). */
export type EventAggregatorKeyFunc = (event: CoreV1Event) => readonly [aggregateKey: string, localKey: string];
/** Builds the message of an aggregate event from the event that triggered it. */
export type EventAggregatorMessageFunc = (event: CoreV1Event) => string;
/** Builds the key the spam filter's token buckets are kept under. */
export type EventSpamKeyFunc = (event: CoreV1Event) => string;

/**
 * Options of {@link EventCorrelator} and the `correlate()` operator. An option left `undefined` takes client-go's
 * default; see `docs/correlation.md` for what `0` means for each.
 */
export interface CorrelatorOptions {
  /** Entries in each of the three LRU caches (aggregation, dedup, spam). @defaultValue 4096 */
  lruCacheSize?: number | undefined;
  /** Token-bucket size of the spam filter: events let through at once per spam key. @defaultValue 25 */
  burstSize?: number | undefined;
  /** Token refill rate of the spam filter, tokens per second. @defaultValue 1/300 */
  qps?: number | undefined;
  /** Aggregation key function. @defaultValue by source, object, type, reason and reporting fields; local key = message */
  keyFunc?: EventAggregatorKeyFunc | undefined;
  /** Aggregate message. @defaultValue `(combined from similar events): <message>` */
  messageFunc?: EventAggregatorMessageFunc | undefined;
  /** Distinct local keys within the window before events are aggregated. @defaultValue 10 */
  maxEvents?: number | undefined;
  /** Aggregation window in seconds, measured from the last similar event (sliding). @defaultValue 600 */
  maxIntervalInSeconds?: number | undefined;
  /** Spam-filter key function. @defaultValue source + object (without fieldPath) + type */
  spamKeyFunc?: EventSpamKeyFunc | undefined;
  /** Clock of all three stages; read only through `now()`. @defaultValue `asyncScheduler` */
  scheduler?: SchedulerLike | undefined;
}
