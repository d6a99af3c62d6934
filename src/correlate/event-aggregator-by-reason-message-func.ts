import type { CoreV1Event } from '../meta/index.js';

/**
 * The default aggregate message (client-go's `EventAggregatorByReasonMessageFunc`):
 * `"(combined from similar events): "` followed by the message of the event that triggered it. Mind the space after
 * the colon, kept as client-go has it.
 *
 * @param event - the event that went out as the aggregate event
 * @returns the aggregate event's message
 * @example
 * ```ts
 * import { eventAggregatorByReasonMessageFunc } from 'rx-kube-events';
 * eventAggregatorByReasonMessageFunc(event); // '(combined from similar events): Back-off pulling image "web:1"'
 * ```
 */
export function eventAggregatorByReasonMessageFunc(event: CoreV1Event): string {
  return `(combined from similar events): ${event.message ?? ''}`;
}
