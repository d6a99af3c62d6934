import type { CoreV1Event, ObjectMeta } from '../meta/index.js';
import { getEventKey, lastEventKey } from './get-event-key.js';
import { CacheKey } from './internal/cache-key.js';
import { dedupPatch } from './internal/dedup-patch.js';
import { Lru } from './internal/lru.js';
import { resolveDedupLogOptions } from './internal/resolve-options.js';
import type { AggregateResult, CorrelateResult, EventDedupLogOptions } from './types.js';

interface EventLog {
  /** The cache key it is kept under. */
  key: string;
  count: number;
  firstTimestamp: Date | undefined;
  name: string | undefined;
  resourceVersion: string | undefined;
}

/**
 * The dedup stage (client-go's unexported `eventLogger`): it remembers, per cache key, the count, first timestamp,
 * name and resourceVersion of the last event observed (or written), and turns a repeat into a patch of that event.
 *
 * - {@link EventDedupLog.observe | observe} of an event whose key holds a count > 0 returns a copy named as the
 *   cached event, with its resourceVersion and first timestamp, `count` = cached count + 1, and the patch body
 *   `{"count":N,"lastTimestamp":"<RFC 3339 seconds>","message":"<message>"}` (keys in that order, `message` left out
 *   when empty). Otherwise the event goes through as it is, to be created. Either way the result's count is cached,
 *   so an input with count 0 is never a duplicate (as client-go).
 * - {@link EventDedupLog.updateState | updateState} stores what the server returned.
 *
 * It reads no clock: the times in the patch are the event's own. Entries are kept in an LRU of `lruCacheSize` keys;
 * `get` and `set` both count as use.
 *
 * @example
 * ```ts
 * import { EventAggregator, EventDedupLog } from 'rx-kube-events';
 * const log = new EventDedupLog();
 * const { event, patch } = log.observe(new EventAggregator().aggregate(recordedEvent));
 * // … write it, then: log.updateState(eventFromServer);
 * ```
 */
export class EventDedupLog {
  readonly #cache: Lru<EventLog>;
  readonly #key = new CacheKey(1);
  /**
   * The cache key of each cached event name observed under a key that is not its own event key (an aggregate event,
   * or a key of the caller's), so `updateState` finds its entry; it finds every other entry by its event key (see
   * `#ownKey`), which spares a new event a name in the index. Bounded by the LRU: an evicted entry takes its name
   * along.
   */
  readonly #keyByName = new Map<string, string>();
  #deduplicated = 0;

  /**
   * @param options - the dedup options; `lruCacheSize` defaults to 4096
   * @throws RangeError when `lruCacheSize` is not a positive integer
   */
  constructor(options: EventDedupLogOptions = {}) {
    const { lruCacheSize } = resolveDedupLogOptions(options);
    this.#cache = new Lru(lruCacheSize, 1, (log) => {
      this.#forgetName(log.name, log.key);
    });
  }

  /** Events observed as duplicates (given a patch) so far. */
  get deduplicated(): number {
    return this.#deduplicated;
  }

  /**
   * Observes one event under its cache key (client-go's `eventObserve`).
   *
   * @param result - the event and the key to count it under, as the aggregation stage returns them
   * @returns the event to write (`skip: false`), with `patch` set when it repeats a cached event
   */
  observe({ event, key }: AggregateResult): CorrelateResult {
    const last = this.#lookUp(key);
    if (last === undefined || last.count <= 0) {
      this.#store(key, last, event, event.count ?? 0);
      return { event, patch: undefined, skip: false, key };
    }
    // A fresh metadata object: the input's is left as it was.
    const metadata: ObjectMeta = { ...event.metadata };
    const observed: CoreV1Event = { ...event, metadata, count: last.count + 1 };
    if (last.name === undefined) delete metadata.name;
    else metadata.name = last.name;
    if (last.resourceVersion === undefined) delete metadata.resourceVersion;
    else metadata.resourceVersion = last.resourceVersion;
    if (last.firstTimestamp === undefined) delete observed.firstTimestamp;
    else observed.firstTimestamp = last.firstTimestamp;
    // Name, resourceVersion and first timestamp are the cached ones already: only the count moves.
    last.count++;
    this.#deduplicated++;
    return { event: observed, patch: dedupPatch(observed), skip: false, key };
  }

  /**
   * Stores the event the server returned after a create or patch (client-go's `updateState`): its name,
   * resourceVersion and first timestamp, so the next duplicate patches that event.
   *
   * It is stored under the key the event was observed under, found by its name; client-go uses the event's own
   * event key, which for an aggregate event is a key nothing reads. An unknown name (never observed, or evicted)
   * falls back to the event key. The count kept is the larger of the cached one and the server's: with writes in
   * flight while newer events are correlated, an older answer must not lower a count already handed out.
   *
   * @param event - the event as the server returned it; not mutated
   */
  updateState(event: CoreV1Event): void {
    const { name } = event.metadata;
    const key = (name === undefined ? undefined : this.#keyByName.get(name)) ?? this.#ownKey(event, name);
    const last = this.#lookUp(key);
    this.#store(key, last, event, Math.max(event.count ?? 0, last?.count ?? 0));
  }

  #store(key: string, log: EventLog | undefined, event: CoreV1Event, count: number): void {
    const { name, resourceVersion } = event.metadata;
    const { firstTimestamp } = event;
    if (log === undefined) {
      // `key` is the key of the lookup that just missed.
      this.#cache.add(this.#key.fields, this.#key.hash, { key, count, firstTimestamp, name, resourceVersion });
    } else {
      // Updated in place (the lookup already refreshed it): no dispose of a replaced value, no allocation.
      if (log.name !== name) this.#forgetName(log.name, key);
      log.count = count;
      log.firstTimestamp = firstTimestamp;
      log.name = name;
      log.resourceVersion = resourceVersion;
    }
    if (name === undefined) return;
    // The aggregation stage has just asked for the event key of an event it returns as it is; any other key (or an
    // event key that is not the last one asked for) is indexed, as an aggregate event's is.
    if (key !== lastEventKey(event)) this.#keyByName.set(name, key);
    else if (this.#keyByName.size !== 0) this.#keyByName.delete(name);
  }

  /**
   * The key of the entry named `name` that is kept under its own event key (the name index holds the others): its
   * event key as the server returned it, or, when the server changed a field of the key (a lone surrogate comes back
   * as U+FFFD), the entry of that name found by a walk over the cache. Neither refreshes an entry. An unknown name
   * falls back to the event key.
   */
  #ownKey(event: CoreV1Event, name: string | undefined): string {
    const key = getEventKey(event);
    if (name === undefined) return key;
    const lookup = this.#key.text(key);
    if (this.#cache.peek(lookup.fields, lookup.hash)?.name === name) return key;
    return this.#cache.search((log) => log.name === name)?.key ?? key;
  }

  #lookUp(key: string): EventLog | undefined {
    const lookup = this.#key.text(key);
    return this.#cache.get(lookup.fields, lookup.hash);
  }

  #forgetName(name: string | undefined, key: string): void {
    if (name !== undefined && this.#keyByName.size !== 0 && this.#keyByName.get(name) === key) {
      this.#keyByName.delete(name);
    }
  }
}
