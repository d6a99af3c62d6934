import type { EventFilter } from './event-filter.js';
import { componentsOf } from './internal/event-fields.js';
import { eventFilter, nameSet } from './internal/event-filter.js';

/**
 * Keeps the Events reported by one of the given components: core/v1's `source.component` or `reportingComponent`,
 * events.k8s.io/v1's `reportingController` or `deprecatedSource.component` (`kubelet`, `default-scheduler`,
 * `example.com/my-operator`, …).
 *
 * ```
 * source:  -k-s-k-|          (components)
 * fromComponent('kubelet')
 * result:  -k---k-|
 * ```
 *
 * @param components - one or more component or reporting-controller names
 * @returns an {@link EventFilter}, for Events or changes, of either API
 * @throws TypeError when no component is given or one is not a non-empty string
 * @example
 * ```ts
 * import { EventBroadcaster, fromComponent } from 'rx-kube-events';
 * const broadcaster = new EventBroadcaster();
 * broadcaster.events$.pipe(fromComponent('my-operator')).subscribe((e) => {
 *   console.log(e.reason);
 * });
 * ```
 */
export function fromComponent(...components: string[]): EventFilter {
  const wanted = nameSet('fromComponent', components);
  return eventFilter((event) => componentsOf(event).some((c) => c !== undefined && wanted.has(c)));
}
