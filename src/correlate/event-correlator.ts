import type { CoreV1Event } from '../meta/index.js';
import { EventAggregator } from './event-aggregator.js';
import { EventDedupLog } from './event-dedup-log.js';
import { EventSourceObjectSpamFilter } from './event-source-object-spam-filter.js';
import type { CorrelateResult, CorrelatorOptions, CorrelatorStats } from './types.js';

/**
 * Correlates events before they are written (client-go's `EventCorrelator`): aggregation, then dedup, then the spam
 * filter, each with its own LRU of `lruCacheSize` entries and one shared clock.
 *
 * 1. {@link EventAggregator}: the `maxEvents`-th distinct message of similar events within `maxIntervalInSeconds`
 *    goes out as an aggregate event, `(combined from similar events): <message>`.
 * 2. {@link EventDedupLog}: a repeat of a cached event becomes a patch of it (count + 1).
 * 3. {@link EventSourceObjectSpamFilter}: a token bucket per source and object; a rejected event is returned with
 *    `skip: true` and must not be written.
 *
 * The order is client-go's: a skipped event has already raised the cached count and been remembered by the
 * aggregator, so the next event that passes patches a count of every occurrence seen, not only those written.
 * Each call reads `scheduler.now()` exactly twice (aggregator, then spam filter). Inputs are never mutated.
 *
 * ```
 * time:     0 s: e ×25  e ×5     300 s: e
 * result:   create, patch 2…25   skip (count 26…30)    patch count 31
 * ```
 *
 * @example
 * ```ts
 * import { EventCorrelator } from 'rx-kube-events';
 * const correlator = new EventCorrelator({ burstSize: 50 });
 * const { event, patch, skip } = correlator.correlate(recordedEvent);
 * if (!skip) {
 *   const written = patch === undefined ? await sink.create(event) : await sink.patch(event, patch);
 *   correlator.updateState(written);
 * }
 * ```
 */
export class EventCorrelator {
  readonly #aggregator: EventAggregator;
  readonly #log: EventDedupLog;
  readonly #spamFilter: EventSourceObjectSpamFilter;
  #correlated = 0;

  /**
   * @param options - the correlator options; each `undefined` one takes client-go's default (see
   *   {@link CorrelatorOptions} for what `0` means)
   * @throws RangeError when a size, count, rate or interval is out of range (negative, `NaN`, fractional counts,
   *   `lruCacheSize` or `maxEvents` of 0)
   * @throws TypeError when a key or message function is not a function
   */
  constructor(options: CorrelatorOptions = {}) {
    this.#aggregator = new EventAggregator(options);
    this.#log = new EventDedupLog(options);
    this.#spamFilter = new EventSourceObjectSpamFilter(options);
  }

  /** Counters since the correlator was made: a fresh snapshot on every read. */
  get stats(): CorrelatorStats {
    return {
      correlated: this.#correlated,
      aggregated: this.#aggregator.aggregated,
      deduplicated: this.#log.deduplicated,
      skipped: this.#spamFilter.skipped,
    };
  }

  /**
   * Correlates one event (client-go's `EventCorrelate`).
   *
   * @param event - the event as recorded; not mutated
   * @returns what to write: the event to create, or (with `patch`) the cached event to patch; `skip: true` when the
   *   spam filter rejected it
   * @throws whatever a user key or message function throws
   */
  correlate(event: CoreV1Event): CorrelateResult {
    this.#correlated++;
    const observed = this.#log.observe(this.#aggregator.aggregate(event));
    return this.#spamFilter.filter(observed.event) ? { ...observed, skip: true } : observed;
  }

  /**
   * Records what the server returned after a successful create or patch (client-go's `UpdateState`), so the next
   * duplicate patches that event with its name and resourceVersion. See {@link EventDedupLog.updateState}.
   *
   * @param event - the event as the server returned it; not mutated
   */
  updateState(event: CoreV1Event): void {
    this.#log.updateState(event);
  }
}
