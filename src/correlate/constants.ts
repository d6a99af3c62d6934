/**
 * Entries in each of the correlator's LRU caches (client-go's `maxLruCacheEntries`).
 *
 * @example
 * ```ts
 * import { EventCorrelator, maxLruCacheEntries } from 'rx-kube-events';
 * new EventCorrelator({ lruCacheSize: maxLruCacheEntries / 4 });
 * ```
 */
export const maxLruCacheEntries = 4096;

/**
 * Distinct messages of similar events within the window at which aggregation starts (`defaultAggregateMaxEvents`).
 *
 * @example
 * ```ts
 * import { defaultAggregateMaxEvents } from 'rx-kube-events';
 * defaultAggregateMaxEvents; // 10: the 10th distinct message goes out as the aggregate event
 * ```
 */
export const defaultAggregateMaxEvents = 10;

/**
 * The aggregation window in seconds, measured from the last similar event (`defaultAggregateIntervalInSeconds`).
 *
 * @example
 * ```ts
 * import { defaultAggregateIntervalInSeconds } from 'rx-kube-events';
 * defaultAggregateIntervalInSeconds; // 600: ten minutes of quiet forget the messages seen
 * ```
 */
export const defaultAggregateIntervalInSeconds = 600;

/**
 * Events the spam filter lets through at once per spam key: the token bucket's size (`defaultSpamBurst`).
 *
 * @example
 * ```ts
 * import { defaultSpamBurst } from 'rx-kube-events';
 * defaultSpamBurst; // 25
 * ```
 */
export const defaultSpamBurst = 25;

/**
 * The spam filter's refill rate in tokens per second: one token every five minutes (`defaultSpamQPS`).
 *
 * client-go keeps it as a `float32`, so a token there takes 299.99999 s; here it is the `number` 1/300 and a token
 * takes exactly 300 s.
 *
 * @example
 * ```ts
 * import { defaultSpamQPS } from 'rx-kube-events';
 * 1 / defaultSpamQPS; // 300 seconds per token
 * ```
 */
export const defaultSpamQPS = 1 / 300;
