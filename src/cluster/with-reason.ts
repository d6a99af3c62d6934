import type { EventFilter } from './event-filter.js';
import { eventFilter, nameSet } from './internal/event-filter.js';

/**
 * Keeps the Events whose `reason` is one of those given (exact, case-sensitive, as the API stores it).
 *
 * ```
 * source:  -a-b-c-a-|        (reasons)
 * withReason('a', 'c')
 * result:  -a---c-a-|
 * ```
 *
 * @param reasons - one or more reasons, e.g. `'FailedScheduling'`, `'BackOff'`
 * @returns an {@link EventFilter}, for Events or changes, of either API
 * @throws TypeError when no reason is given or one is not a non-empty string
 * @example
 * ```ts
 * import { EventBroadcaster, withReason } from 'rx-kube-events';
 * const broadcaster = new EventBroadcaster();
 * broadcaster.events$.pipe(withReason('BackOff', 'Unhealthy')).subscribe((e) => {
 *   console.log(e.involvedObject.name, e.message);
 * });
 * ```
 */
export function withReason(...reasons: string[]): EventFilter {
  const wanted = nameSet('withReason', reasons);
  return eventFilter((event) => event.reason !== undefined && wanted.has(event.reason));
}
