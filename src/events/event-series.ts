import { asyncScheduler, Observable } from 'rxjs';
import type { OperatorFunction } from 'rxjs';
import { checkOptions } from '../meta/internal/check-options.js';
import { checkTimeOption } from '../meta/internal/time-option.js';
import type { EventsV1Event } from '../meta/types.js';
import { SeriesCache } from './internal/series-cache.js';
import type { SeriesSettings } from './internal/series-cache.js';
import type { EventSeriesOptions, SeriesStep } from './types.js';

/**
 * client-go's `finishTime`, in milliseconds (6 minutes): a series idle this long is finished, a singleton this old
 * forgotten, by a pass every `finishTime`.
 *
 * @example
 * ```ts
 * import { eventSeries, finishTime } from 'rx-kube-events';
 * const series = eventSeries({ finishTimeMs: finishTime / 2 });
 * ```
 */
export const finishTime = 6 * 60_000;

/**
 * client-go's `refreshTime`, in milliseconds (30 minutes): the period of the heartbeat that patches every open series
 * with its newest count.
 *
 * @example
 * ```ts
 * import { eventSeries, refreshTime } from 'rx-kube-events';
 * const series = eventSeries({ refreshTimeMs: refreshTime * 2 });
 * ```
 */
export const refreshTime = 30 * 60_000;

/**
 * The series stage of the events.k8s.io/v1 recorder as an operator: client-go's `tools/events` cache of
 * "isomorphic" events, from occurrences to the writes that keep the server's `series` up to date.
 *
 * - The **key** is type, action, reason, reporting controller and instance, and the `regarding` and `related`
 *   references; `note` is deliberately not in it (the server keeps the first note). The references'
 *   `resourceVersion` is left out unless `keyResourceVersion` (client-go keeps it, so that an object that changes
 *   between events never forms a series).
 * - The **first** occurrence of a key is created (`'create'`). The **second** starts the series: the first event is
 *   patched with exactly `{"series":{"count":2,"lastObservedTime":"…"}}` (`'series'`; its `event` carries the
 *   series, so that a patch answered 404 creates the event with it). **Later** ones only count in the cache
 *   (`'observed'`, skipped): the server learns the newest count from the heartbeat, the finish, an eviction or the
 *   flush at the end.
 * - The **heartbeat** (every `refreshTimeMs`, 30 min) patches every open series with its newest count
 *   (`'heartbeat'`); the **finish** pass (every `finishTimeMs`, 6 min) ends every series not observed for
 *   `finishTimeMs` with its final count (`'finish'`; skipped when the server has that count already) and forgets
 *   every singleton older than that (`'forget'`). Both run on `scheduler`, one period after subscription and every
 *   period after that (client-go's `wait.Until` also runs a first pass at once, on an empty cache, which does
 *   nothing), and stop when the input ends or the subscriber leaves. A repeat after an end starts a new event.
 * - The cache holds at most `maxSeries` events: one more evicts the least recently observed (`'evict'`, patching
 *   its newest count first when the server does not have it).
 * - When the input **completes** (or errors), every open series whose newest count the server has not been sent is
 *   patched with it (`'flush'`), then the output completes (or errors).
 *
 * Every step is a `writeToSink()` request keyed by the server-side event (`namespace/name`): pipe the steps into
 * `writeToSink(sink, { recreateConflict: 'patch' })`. `EventsV1Broadcaster.startRecordingToSink()` does that.
 *
 * One key, a repeat every minute from 0, then nothing (finish 6 min; `c`: create, `s`: series count 2, `o`:
 * observed, `f`: finish with count 4):
 * ```text
 * input   a 59999ms a 59999ms a 59999ms a ------------------------------------------
 * steps   c ------- s ------- o ------- o ---- (6 min pass: observed at 3 min, kept)  f at 12 min
 * ```
 *
 * @param options - clock, key, bound and the two periods; see {@link EventSeriesOptions}
 * @returns an operator from recorded events to series steps
 * @throws TypeError when `options` is not an object, `scheduler` is not a SchedulerLike or `keyResourceVersion` not
 *   a boolean
 * @throws RangeError when `maxSeries` is not a positive integer, or a period not 1 ms – 2³¹ − 1 ms
 * @example
 * ```ts
 * import { eventSeries, EventsV1EventSink, writeToSink } from 'rx-kube-events';
 * import type { EventsV1Event } from 'rx-kube-events';
 * import type { Observable } from 'rxjs';
 *
 * declare const recorded$: Observable<EventsV1Event>;
 * recorded$
 *   .pipe(eventSeries(), writeToSink(new EventsV1EventSink(kubeConfig), { recreateConflict: 'patch' }))
 *   .subscribe((result) => console.log(result.outcome, result.key));
 * ```
 */
export function eventSeries(options: EventSeriesOptions = {}): OperatorFunction<EventsV1Event, SeriesStep> {
  const settings = seriesSettings(options);
  return (source) =>
    new Observable<SeriesStep>((subscriber) => new SeriesCache(settings).run(source, subscriber, true));
}

/**
 * `eventSeries()`'s options checked, with their defaults: for a {@link SeriesCache} of one's own (internal, not
 * exported by the package).
 *
 * @param options - as {@link eventSeries} takes them
 * @returns the settings of a series cache
 * @throws TypeError or RangeError as {@link eventSeries} does
 */
export function seriesSettings(options: EventSeriesOptions): SeriesSettings {
  checkOptions(options, 'eventSeries()');
  const {
    scheduler = asyncScheduler,
    keyResourceVersion = false,
    maxSeries = 4096,
    finishTimeMs = finishTime,
    refreshTimeMs = refreshTime,
  } = options;
  checkSeriesOptions({ scheduler, keyResourceVersion, maxSeries, finishTimeMs, refreshTimeMs });
  return { scheduler, keyResourceVersion, maxSeries, finishTimeMs, refreshTimeMs };
}

function checkSeriesOptions(options: Required<{ [K in keyof EventSeriesOptions]: unknown }>): void {
  const { scheduler, keyResourceVersion, maxSeries, finishTimeMs, refreshTimeMs } = options;
  const candidate = scheduler as { now?: unknown; schedule?: unknown } | null;
  if (typeof candidate?.now !== 'function' || typeof candidate.schedule !== 'function') {
    throw new TypeError('eventSeries(): scheduler must be an RxJS SchedulerLike with now() and schedule()');
  }
  if (typeof keyResourceVersion !== 'boolean') {
    throw new TypeError('eventSeries(): keyResourceVersion must be a boolean');
  }
  if (!Number.isInteger(maxSeries) || (maxSeries as number) < 1) {
    throw new RangeError(`eventSeries(): maxSeries must be an integer of at least 1, got ${String(maxSeries)}`);
  }
  for (const [name, value] of [
    ['finishTimeMs', finishTimeMs],
    ['refreshTimeMs', refreshTimeMs],
  ] as const) {
    if (checkTimeOption(`eventSeries(): ${name}`, value, 'refuse') < 1) {
      throw new RangeError(`eventSeries(): ${name} must be at least 1 ms, got ${String(value)}`);
    }
  }
}
