import type { OperatorFunction } from 'rxjs';
import { EventDedupLog } from './event-dedup-log.js';
import { resolveDedupLogOptions } from './internal/resolve-options.js';
import { stageOperator } from './internal/stage-operator.js';
import type { AggregateResult, CorrelateResult, EventDedupLogOptions } from './types.js';

/**
 * The dedup stage as an operator: a repeat of a cached event (same key) comes out as a patch of it, with its name,
 * resourceVersion and first timestamp and the count raised by one; anything else comes out to be created (see
 * {@link EventDedupLog}). Every result has `skip: false`. It reads no clock.
 *
 * Given options, every subscription gets a fresh log; given an {@link EventDedupLog}, all share it and its owner can
 * feed it `updateState`. Errors and completion pass through.
 *
 * ```
 * source:  a   a         a         b
 * dedupe:  a¹  a²{patch} a³{patch} b¹   (the count as a superscript)
 * ```
 *
 * @param log - the dedup log to use, or the options of one to make per subscription
 * @returns an operator from `{ event, key }` (as {@link aggregate} emits) to correlation results
 * @throws RangeError, at once, when `lruCacheSize` is not a positive integer
 * @example
 * ```ts
 * import { map } from 'rxjs';
 * import { dedupe, getEventKey } from 'rx-kube-events';
 * events$.pipe(map((event) => ({ event, key: getEventKey(event) })), dedupe()); // dedup only
 * ```
 */
export function dedupe(
  log: EventDedupLog | EventDedupLogOptions = {},
): OperatorFunction<AggregateResult, CorrelateResult> {
  return stageOperator(log, EventDedupLog, resolveDedupLogOptions, (stage, result: AggregateResult) =>
    stage.observe(result),
  );
}
