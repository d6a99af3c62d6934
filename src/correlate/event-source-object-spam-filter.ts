import type { SchedulerLike } from 'rxjs';
import type { CoreV1Event } from '../meta/index.js';
import { getSpamKey } from './get-spam-key.js';
import { CacheKey } from './internal/cache-key.js';
import { Lru } from './internal/lru.js';
import { resolveSpamFilterOptions } from './internal/resolve-options.js';
import { fullBucket, tryAccept } from './internal/token-bucket.js';
import type { TokenBucket } from './internal/token-bucket.js';
import type { EventSourceObjectSpamFilterOptions, EventSpamKeyFunc } from './types.js';

/**
 * The spam filter (client-go's `EventSourceObjectSpamFilter`): a token bucket per spam key (by default source,
 * involved object without fieldPath, and type: {@link getSpamKey}).
 *
 * Each bucket starts full with `burstSize` tokens and refills continuously at `qps` tokens per second, up to
 * `burstSize`. An event that finds a whole token takes it and passes; one that does not is rejected, takes nothing
 * and leaves the refill clock where it was. Time going backwards refills nothing. Each call reads the clock once.
 * Buckets live in an LRU of `lruCacheSize` keys, refreshed on every call; an evicted key comes back full.
 *
 * With the defaults: 25 events per key at once, then one more every 300 s.
 *
 * ```
 * time:    0 s                    250 s   300 s
 * events:  e1 e2 … e25 e26        e27     e28
 * filter:  pass ×25     skip      skip    pass   (0.83 of a token at 250 s, 1 at 300 s)
 * ```
 *
 * @example
 * ```ts
 * import { EventSourceObjectSpamFilter } from 'rx-kube-events';
 * const spam = new EventSourceObjectSpamFilter({ burstSize: 5, qps: 1 / 60 });
 * if (!spam.filter(event)) write(event);
 * ```
 */
export class EventSourceObjectSpamFilter {
  readonly #cache: Lru<TokenBucket>;
  readonly #burst: number;
  readonly #qps: number;
  /** The spam key of each lookup: the default key's fields, or the key function's string. */
  readonly #key: CacheKey;
  /** The key function given, or `undefined` for the default one (whose key is looked up by its fields). */
  readonly #spamKeyFunc: EventSpamKeyFunc | undefined;
  readonly #scheduler: SchedulerLike;
  #skipped = 0;

  /**
   * @param options - the spam-filter options; each `undefined` one takes client-go's default
   * @throws RangeError when `lruCacheSize` is not a positive integer, `burstSize` not an integer ≥ 0, or `qps` not a
   *   finite number ≥ 0
   * @throws TypeError when `spamKeyFunc` is not a function
   */
  constructor(options: EventSourceObjectSpamFilterOptions = {}) {
    const { lruCacheSize, burstSize, qps, spamKeyFunc, scheduler } = resolveSpamFilterOptions(options);
    this.#spamKeyFunc = spamKeyFunc === getSpamKey ? undefined : spamKeyFunc;
    this.#key = new CacheKey(this.#spamKeyFunc === undefined ? 8 : 1);
    this.#cache = new Lru(lruCacheSize, this.#key.fields.length);
    this.#burst = burstSize;
    this.#qps = qps;
    this.#scheduler = scheduler;
  }

  /** Events rejected so far. */
  get skipped(): number {
    return this.#skipped;
  }

  /**
   * Decides whether an event is spam (client-go's `Filter`).
   *
   * @param event - the event; not mutated
   * @returns `true` when the event must be skipped, `false` when it may be written
   * @throws whatever `spamKeyFunc` throws
   */
  filter(event: CoreV1Event): boolean {
    const key = this.#key;
    if (this.#spamKeyFunc === undefined) key.ofFields(event, getSpamKey, event.type);
    else key.text(this.#spamKeyFunc(event));
    const now = this.#scheduler.now();
    let bucket = this.#cache.get(key.fields, key.hash);
    if (bucket === undefined) {
      bucket = fullBucket(this.#burst, now);
      this.#cache.add(key.fields, key.hash, bucket);
    }
    if (tryAccept(bucket, now, this.#burst, this.#qps)) return false;
    this.#skipped++;
    return true;
  }
}
