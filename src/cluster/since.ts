import { isValid, sub } from 'date-fns';
import type { Duration } from 'date-fns';
import { asyncScheduler } from 'rxjs';
import type { SchedulerLike } from 'rxjs';
import type { EventFilter } from './event-filter.js';
import { lastSeenOf } from './internal/event-fields.js';
import { eventFilter } from './internal/event-filter.js';

/** Options of {@link since}. */
export interface SinceOptions {
  /** The clock a duration is measured back from. @defaultValue `asyncScheduler` */
  scheduler?: SchedulerLike | undefined;
}

const durationUnits = ['years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds'] as const;

/**
 * Keeps the Events last seen at or after a time: a fixed `Date`, or a date-fns `Duration` measured back from the
 * scheduler's now as each Event arrives (so `{ minutes: 10 }` keeps what happened in the ten minutes before it came).
 * "Last seen" is the newest of `series.lastObservedTime`, `lastTimestamp` (`deprecatedLastTimestamp`) and
 * `eventTime`, else the first timestamp or the creation time; an Event with no time at all is kept.
 *
 * ```
 * source:  -o-n-o-n-|        (o: last seen 20 min before arriving, n: just now)
 * since({ minutes: 10 })
 * result:  ---n---n-|
 * ```
 *
 * @param from - the earliest last-seen time kept, or how far back from now
 * @param options - see {@link SinceOptions}
 * @returns an {@link EventFilter}, for Events or changes, of either API
 * @throws TypeError for an invalid `Date`; RangeError for a duration with a negative or non-finite part
 * @example
 * ```ts
 * import { EventBroadcaster, since } from 'rx-kube-events';
 * const broadcaster = new EventBroadcaster();
 * broadcaster.events$.pipe(since({ minutes: 10 })).subscribe((e) => {
 *   console.log(e.reason);
 * });
 * ```
 */
export function since(from: Date | Duration, options: SinceOptions = {}): EventFilter {
  const { scheduler = asyncScheduler } = options;
  if (from instanceof Date) {
    if (!isValid(from)) throw new TypeError('since: invalid Date');
  } else {
    for (const unit of durationUnits) {
      const value = from[unit];
      if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
        throw new RangeError(`since: ${unit} must be a finite number ≥ 0, got ${value}`);
      }
    }
  }
  const cutoff = (): number => (from instanceof Date ? from : sub(scheduler.now(), from)).getTime();
  return eventFilter((event) => {
    const seen = lastSeenOf(event);
    return seen === undefined || seen.getTime() >= cutoff();
  });
}
