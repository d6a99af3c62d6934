import { Observable } from 'rxjs';
import type { OperatorFunction } from 'rxjs';
import type { ClusterEvent, EventOrChange } from './types.js';
import { countOf, eventKey, eventOf } from './internal/event-fields.js';

/** The Event type inside a stream item: the item itself, or the `object` of a change. */
export type EventOf<T extends EventOrChange> = T extends { readonly object: infer E } ? E : T;

/** An Event seen again: its count (or `series.count`) went up since the last time it came by. */
export interface EventRecurrence<E extends ClusterEvent = ClusterEvent> {
  /** The Event as it is now. */
  readonly event: E;
  /** Its count now. */
  readonly count: number;
  /** Its count the last time it came by. */
  readonly previousCount: number;
  /** How many times it happened since then: `count - previousCount`, at least 1. */
  readonly occurrences: number;
}

/** Options of {@link recurrences}. */
export interface RecurrencesOptions {
  /**
   * How many Events' counts are remembered; past it the least recently seen is forgotten (and is a new baseline when
   * it comes back).
   * @defaultValue 10000
   */
  maxTracked?: number | undefined;
}

/**
 * Turns an Event's count going up into a "seen again" notification. Events are told apart by namespace and name;
 * the count is `series.count` when there is a series, else `count` (`deprecatedCount`). The first time an Event
 * comes by is its baseline and emits nothing (subscribe `watchEvents` with `initialEvents: 'emit'` to make existing
 * Events the baseline); a count that goes down (a new series) is a new baseline; a `DELETED` change forgets it.
 *
 * ```
 * source:  -a1-b1-a2-a5-b1-|   (name and count)
 * recurrences()
 * result:  -------x--y-----|   x: a, 2 since 1 (1 time); y: a, 5 since 2 (3 times)
 * ```
 *
 * @param options - see {@link RecurrencesOptions}
 * @returns an operator from Events or changes, of either API, to {@link EventRecurrence}s
 * @throws RangeError for a `maxTracked` that is not a whole number ≥ 1
 * @example
 * ```ts
 * import { KubeConfig } from '@kubernetes/client-node';
 * import { recurrences, watchEvents } from 'rx-kube-events';
 *
 * const kubeConfig = new KubeConfig();
 * kubeConfig.loadFromDefault();
 * watchEvents(kubeConfig, { api: 'v1', initialEvents: 'emit' })
 *   .pipe(recurrences())
 *   .subscribe(({ event, occurrences, count }) => {
 *     console.log(`${event.reason} again: ${occurrences} more, ${count} in all`);
 *   });
 * ```
 */
export function recurrences<T extends EventOrChange>(
  options: RecurrencesOptions = {},
): OperatorFunction<T, EventRecurrence<EventOf<T>>> {
  const { maxTracked = 10_000 } = options;
  if (!(Number.isInteger(maxTracked) && maxTracked >= 1)) {
    throw new RangeError(`recurrences: maxTracked must be a whole number ≥ 1, got ${maxTracked}`);
  }
  return (source) =>
    new Observable<EventRecurrence<EventOf<T>>>((subscriber) => {
      // Insertion order is recency order: a key is re-inserted each time it comes by, the oldest evicted first.
      const counts = new Map<string, number>();
      const subscription = source.subscribe({
        next: (item) => {
          const event = eventOf(item) as EventOf<T>;
          const key = eventKey(event);
          const previous = counts.get(key);
          counts.delete(key);
          if (!('metadata' in item) && item.type === 'DELETED') return;
          const count = countOf(event);
          counts.set(key, count);
          if (counts.size > maxTracked) {
            const oldest = counts.keys().next();
            if (oldest.done !== true) counts.delete(oldest.value);
          }
          if (previous !== undefined && count > previous) {
            subscriber.next({ event, count, previousCount: previous, occurrences: count - previous });
          }
        },
        error: (err: unknown) => {
          subscriber.error(err);
        },
        complete: () => {
          subscriber.complete();
        },
      });
      return () => {
        subscription.unsubscribe();
        counts.clear();
      };
    });
}
