import type { OperatorFunction } from 'rxjs';
import type { CoreV1Event } from '../meta/index.js';
import { EventAggregator } from './event-aggregator.js';
import { resolveAggregatorOptions } from './internal/resolve-options.js';
import { stageOperator } from './internal/stage-operator.js';
import type { AggregateResult, EventAggregatorOptions } from './types.js';

/**
 * The aggregation stage as an operator: each event comes out as itself under its event key, or, from the
 * `maxEvents`-th distinct message of similar events within the window, as a new aggregate event under the aggregate
 * key (see {@link EventAggregator}). Follow it with {@link dedupe}.
 *
 * Given options, every subscription gets a fresh aggregator; given an {@link EventAggregator}, all share it. Errors
 * and completion pass through; a key or message function that throws errors the stream.
 *
 * ```
 * source:     m1 m2 m3 m4 m2 m5   (maxEvents: 4)
 * aggregate:  m1 m2 m3 A  m2 A    (A: "(combined from similar events): m4", then "…: m5")
 * ```
 *
 * @param aggregator - the aggregator to use, or the options of one to make per subscription
 * @returns an operator from events to `{ event, key }`
 * @throws RangeError or TypeError, at once, for invalid options (as {@link EventAggregator})
 * @example
 * ```ts
 * import { aggregate, dedupe, spamFilter } from 'rx-kube-events';
 * events$.pipe(aggregate({ maxEvents: 5 }), dedupe(), spamFilter({ burstSize: 100 }));
 * ```
 */
export function aggregate(
  aggregator: EventAggregator | EventAggregatorOptions = {},
): OperatorFunction<CoreV1Event, AggregateResult> {
  return stageOperator(aggregator, EventAggregator, resolveAggregatorOptions, (stage, event: CoreV1Event) =>
    stage.aggregate(event),
  );
}
