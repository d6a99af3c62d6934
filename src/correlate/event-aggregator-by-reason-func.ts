import type { CoreV1Event } from '../meta/index.js';
import { LastKey } from './internal/json-key.js';

const last = new LastKey(4);

/**
 * The default aggregation key function (client-go's `EventAggregatorByReasonFunc`): events are similar when they
 * share source, involved object (without fieldPath), type, reason, `reportingComponent` and `reportingInstance`; the
 * message tells them apart.
 *
 * The aggregate key is the JSON array of those fields (client-go joins them with no separator, which can collide).
 *
 * @param event - the event
 * @returns `[aggregateKey, localKey]`, the local key being the message (`""` when unset)
 * @example
 * ```ts
 * import { EventCorrelator, eventAggregatorByReasonFunc } from 'rx-kube-events';
 * // aggregate per object and reason, whatever the source
 * new EventCorrelator({
 *   keyFunc: (event) => [JSON.stringify([event.involvedObject.uid, event.reason]), eventAggregatorByReasonFunc(event)[1]],
 * });
 * ```
 */
export function eventAggregatorByReasonFunc(event: CoreV1Event): readonly [aggregateKey: string, localKey: string] {
  const { type, reason, reportingComponent, reportingInstance, message } = event;
  const aggregateKey = last.of(event, type, reason, reportingComponent, reportingInstance);
  return [aggregateKey, message ?? ''];
}
