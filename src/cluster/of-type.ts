import { isEventType } from '../meta/is-event-type.js';
import type { EventType } from '../meta/types.js';
import type { EventFilter } from './event-filter.js';
import { eventFilter } from './internal/event-filter.js';

/**
 * Keeps the Events of one type, `'Normal'` or `'Warning'`; the argument is typed, so `'Warnin'` does not compile.
 *
 * ```
 * source:  -n-w-n-w-|
 * ofType('Warning')
 * result:  ---w---w-|
 * ```
 *
 * @param type - `'Normal'` or `'Warning'`
 * @returns an {@link EventFilter}, for Events or changes, of either API
 * @throws TypeError for any other value (from untyped callers)
 * @example
 * ```ts
 * import { EventBroadcaster, ofType } from 'rx-kube-events';
 * const broadcaster = new EventBroadcaster();
 * broadcaster.events$.pipe(ofType('Warning')).subscribe((e) => {
 *   console.log(e.reason, e.message);
 * });
 * ```
 */
export function ofType(type: EventType): EventFilter {
  if (!isEventType(type)) throw new TypeError(`ofType: expected 'Normal' or 'Warning', got ${JSON.stringify(type)}`);
  return eventFilter((event) => event.type === type);
}
