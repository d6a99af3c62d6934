import type { OperatorFunction } from 'rxjs';
import type { CoreV1Event } from '../meta/index.js';
import { EventCorrelator } from './event-correlator.js';
import { resolveCorrelatorOptions } from './internal/resolve-options.js';
import { stageOperator } from './internal/stage-operator.js';
import type { CorrelateResult, CorrelatorOptions } from './types.js';

/**
 * Correlates each event as it arrives: aggregation, dedup, then the spam filter (see {@link EventCorrelator}); the
 * same as `pipe(aggregate(options), dedupe(options), spamFilter(options))`.
 *
 * Given options, every subscription gets a fresh correlator (its own caches and buckets); given an
 * {@link EventCorrelator}, every subscription uses that one, so its owner can feed it `updateState` and read its
 * `stats`. Skipped events are emitted with `skip: true`, not dropped: follow with `filter((r) => !r.skip)` or let
 * the writer count them. Errors and completion pass through; a key or message function that throws errors the
 * stream.
 *
 * ```
 * source:     a  a  …(25 in all)  a   ── 300 s ──  a
 * correlate:  c  p  …             s                p     (c: create, p: patch count + 1, s: skip)
 * ```
 *
 * @param correlator - the correlator to use, or the options of one to make per subscription
 * @returns an operator from recorded events to correlation results
 * @throws RangeError or TypeError, at once, for invalid options (as {@link EventCorrelator})
 * @example
 * ```ts
 * import { filter } from 'rxjs';
 * import { correlate } from 'rx-kube-events';
 * events$.pipe(correlate({ burstSize: 50 }), filter((result) => !result.skip)).subscribe(write);
 * ```
 */
export function correlate(
  correlator: EventCorrelator | CorrelatorOptions = {},
): OperatorFunction<CoreV1Event, CorrelateResult> {
  return stageOperator(correlator, EventCorrelator, resolveCorrelatorOptions, (stage, event: CoreV1Event) =>
    stage.correlate(event),
  );
}
