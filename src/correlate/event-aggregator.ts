import type { SchedulerLike } from 'rxjs';
import { eventName } from '../meta/internal/event-name.js';
import { eventNanos } from '../meta/internal/unique-nanos.js';
import type { CoreV1Event } from '../meta/index.js';
import { eventAggregatorByReasonFunc } from './event-aggregator-by-reason-func.js';
import { getEventKey } from './get-event-key.js';
import { CacheKey } from './internal/cache-key.js';
import { Lru } from './internal/lru.js';
import { resolveAggregatorOptions } from './internal/resolve-options.js';
import type {
  AggregateResult,
  EventAggregatorKeyFunc,
  EventAggregatorMessageFunc,
  EventAggregatorOptions,
} from './types.js';

interface AggregateRecord {
  /** The one local key seen in the window, while `localKeys` is unset. */
  localKey: string;
  /**
   * Distinct local keys seen in the window, in the order they were first inserted (a `Set` keeps it), from the second
   * one on: most aggregate keys never see a second message, and a `Set` for each would be most of the cache's memory
   * after its keys.
   */
  localKeys: Set<string> | undefined;
  /** When the last similar event was seen, `scheduler.now()` milliseconds. */
  lastSeen: number;
}

/**
 * The aggregation stage (client-go's `EventAggregator`): once similar events (same aggregate key) have come with
 * `maxEvents` distinct messages (local keys), each further distinct message goes out as one aggregate event instead.
 *
 * For each event it reads the clock once, and:
 * - forgets the messages of its aggregate key when the last similar event is more than `maxIntervalInSeconds` ago
 *   (strict `>`, so the window slides: it is measured from the last similar event, not the first);
 * - adds the event's local key and, while fewer than `maxEvents` are remembered, returns the event itself under its
 *   event key ({@link getEventKey});
 * - otherwise drops the **oldest inserted** local key (client-go drops a random one) and returns a new aggregate
 *   event under the aggregate key: named `<object>.<hex nanos>` (a UUID when that is not a valid name), count 1,
 *   first and last timestamp now, message from `messageFunc`, with the triggering event's namespace, involved
 *   object, type, reason, source, annotations, `reportingComponent` and `reportingInstance`.
 *
 * So with the defaults the first 9 distinct messages go out as themselves and the 10th onwards as the aggregate
 * event, which the dedup stage then counts. A message repeated while it is still remembered (one of the 9 most
 * recently first-seen) is not aggregated: it dedups against its own event.
 *
 * ```
 * messages:   m1 m2 … m9 m10   m11   m9  ─ 600 001 ms ─ m12
 * result:     m1 m2 … m9 agg   agg   m9                  m12   (agg: "(combined from similar events): m10", …)
 * remembered: m1…m9      m2…m10 m3…m11                   m12
 * ```
 *
 * The input event is never mutated. Entries are kept in an LRU of `lruCacheSize` aggregate keys.
 *
 * @example
 * ```ts
 * import { EventAggregator } from 'rx-kube-events';
 * const aggregator = new EventAggregator({ maxEvents: 5 });
 * const { event, key } = aggregator.aggregate(recordedEvent);
 * ```
 */
export class EventAggregator {
  readonly #cache: Lru<AggregateRecord>;
  /** The aggregate key of each lookup: the default key function's fields, or the key function's string. */
  readonly #key: CacheKey;
  /** The key function given, or `undefined` for the default one (whose key is looked up by its fields). */
  readonly #keyFunc: EventAggregatorKeyFunc | undefined;
  readonly #messageFunc: EventAggregatorMessageFunc;
  readonly #maxEvents: number;
  readonly #maxIntervalMs: number;
  readonly #scheduler: SchedulerLike;
  #aggregated = 0;

  /**
   * @param options - the aggregation options; each `undefined` one takes client-go's default
   * @throws RangeError when `lruCacheSize` or `maxEvents` is not a positive integer, or `maxIntervalInSeconds` is
   *   negative or `NaN`
   * @throws TypeError when `keyFunc` or `messageFunc` is not a function
   */
  constructor(options: EventAggregatorOptions = {}) {
    const { lruCacheSize, keyFunc, messageFunc, maxEvents, maxIntervalInSeconds, scheduler } =
      resolveAggregatorOptions(options);
    this.#keyFunc = keyFunc === eventAggregatorByReasonFunc ? undefined : keyFunc;
    this.#key = new CacheKey(this.#keyFunc === undefined ? 11 : 1);
    this.#cache = new Lru(lruCacheSize, this.#key.fields.length);
    this.#messageFunc = messageFunc;
    this.#maxEvents = maxEvents;
    this.#maxIntervalMs = maxIntervalInSeconds * 1000;
    this.#scheduler = scheduler;
  }

  /** Events that went out as an aggregate event so far. */
  get aggregated(): number {
    return this.#aggregated;
  }

  /**
   * Aggregates one event (client-go's `EventAggregate`).
   *
   * @param event - the event; not mutated
   * @returns the event itself under its event key, or a new aggregate event under the aggregate key
   * @throws whatever `keyFunc` or `messageFunc` throws
   */
  aggregate(event: CoreV1Event): AggregateResult {
    const now = this.#scheduler.now();
    let aggregateKey: string | undefined;
    let localKey: string;
    const key = this.#key;
    if (this.#keyFunc === undefined) {
      const { type, reason, reportingComponent, reportingInstance } = event;
      key.ofFields(event, aggregateKeyOf, type, reason, reportingComponent, reportingInstance);
      localKey = event.message ?? '';
    } else {
      [aggregateKey, localKey] = this.#keyFunc(event);
      key.text(aggregateKey);
    }
    let record = this.#cache.get(key.fields, key.hash);
    if (record === undefined) {
      record = { localKey, localKeys: undefined, lastSeen: now };
      this.#cache.add(key.fields, key.hash, record);
    } else if (now - record.lastSeen > this.#maxIntervalMs) {
      // The window has passed: its messages are forgotten, in place (the lookup already made it the newest).
      record.localKey = localKey;
      record.localKeys = undefined;
      record.lastSeen = now;
    } else {
      if (record.localKeys !== undefined) record.localKeys.add(localKey);
      else if (record.localKey !== localKey) record.localKeys = new Set([record.localKey, localKey]);
      record.lastSeen = now;
    }
    const { localKeys } = record;
    if ((localKeys?.size ?? 1) < this.#maxEvents) {
      return { event, key: getEventKey(event) };
    }

    // client-go pops an arbitrary (random) key; the oldest inserted one gives a rule that can be stated and tested.
    if (localKeys === undefined) {
      record.localKeys = new Set();
    } else {
      for (const oldest of localKeys) {
        localKeys.delete(oldest);
        break;
      }
    }
    this.#aggregated++;
    return { event: this.#aggregateEvent(event, now), key: aggregateKey ?? aggregateKeyOf(event) };
  }

  #aggregateEvent(event: CoreV1Event, now: number): CoreV1Event {
    const at = new Date(now);
    const { namespace, annotations } = event.metadata;
    const { involvedObject, reason, source, type, reportingComponent, reportingInstance } = event;
    // Set fields one by one, in the order the event is written: with `exactOptionalPropertyTypes` an unset field
    // stays absent rather than `undefined`.
    const metadata: CoreV1Event['metadata'] = {};
    if (namespace !== undefined) metadata.namespace = namespace;
    if (annotations !== undefined) metadata.annotations = annotations;
    // client-go names it without the DNS check of GenerateEventName; an invalid object name gets a UUID here.
    metadata.name = eventName(involvedObject.name ?? '', eventNanos.nextHex(now));
    const aggregate: CoreV1Event = { metadata, involvedObject };
    // The reporting fields are part of the aggregate key, so they hold for every event combined; client-go drops
    // them (and annotations). action, related, eventTime and series describe one occurrence and stay behind.
    if (reason !== undefined) aggregate.reason = reason;
    if (source !== undefined) aggregate.source = source;
    if (type !== undefined) aggregate.type = type;
    if (reportingComponent !== undefined) aggregate.reportingComponent = reportingComponent;
    if (reportingInstance !== undefined) aggregate.reportingInstance = reportingInstance;
    aggregate.message = this.#messageFunc(event);
    aggregate.count = 1;
    aggregate.firstTimestamp = at;
    aggregate.lastTimestamp = at;
    return aggregate;
  }
}

/** The default aggregate key's text. */
function aggregateKeyOf(event: CoreV1Event): string {
  return eventAggregatorByReasonFunc(event)[0];
}
