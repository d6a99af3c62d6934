import type { OperatorFunction } from 'rxjs';
import { EventSourceObjectSpamFilter } from './event-source-object-spam-filter.js';
import { resolveSpamFilterOptions } from './internal/resolve-options.js';
import { stageOperator } from './internal/stage-operator.js';
import type { CorrelateResult, EventSourceObjectSpamFilterOptions } from './types.js';

/**
 * The spam filter as an operator: a result whose event finds no token in its spam key's bucket comes out with
 * `skip: true` (see {@link EventSourceObjectSpamFilter}); nothing is dropped, so a following `filter` or the writer
 * sees and counts every skipped event. A result that is already skipped passes unchanged and takes no token.
 *
 * Given options, every subscription gets a fresh filter; given an {@link EventSourceObjectSpamFilter}, all share it
 * (and its `skipped` counter). Errors and completion pass through; a key function that throws errors the stream.
 *
 * ```
 * source:      a b c   ── 300 s ──  d     (one object; burstSize: 2)
 * spamFilter:  a b c'                d     (c': skip: true)
 * ```
 *
 * @param filter - the spam filter to use, or the options of one to make per subscription
 * @returns an operator marking spam in correlation results
 * @throws RangeError or TypeError, at once, for invalid options (as {@link EventSourceObjectSpamFilter})
 * @example
 * ```ts
 * import { aggregate, dedupe, spamFilter } from 'rx-kube-events';
 * events$.pipe(aggregate(), dedupe(), spamFilter({ burstSize: 100, qps: 1 }));
 * ```
 */
export function spamFilter(
  filter: EventSourceObjectSpamFilter | EventSourceObjectSpamFilterOptions = {},
): OperatorFunction<CorrelateResult, CorrelateResult> {
  return stageOperator(
    filter,
    EventSourceObjectSpamFilter,
    resolveSpamFilterOptions,
    (stage, result: CorrelateResult) =>
      result.skip || !stage.filter(result.event) ? result : { ...result, skip: true },
  );
}
