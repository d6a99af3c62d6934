import type { EventFilter } from './event-filter.js';
import { eventFilter, nameSet } from './internal/event-filter.js';

/**
 * Keeps the Events that live in one of the given namespaces (the Event's own `metadata.namespace`, which is the
 * namespace of the object it is about, or `default` for cluster-scoped objects).
 *
 * ```
 * source:  -a-b-a-c-|        (namespaces)
 * inNamespace('a')
 * result:  -a---a---|
 * ```
 *
 * @param namespaces - one or more namespace names
 * @returns an {@link EventFilter}, for Events or changes, of either API
 * @throws TypeError when no namespace is given or one is not a non-empty string
 * @example
 * ```ts
 * import { EventBroadcaster, inNamespace } from 'rx-kube-events';
 * const broadcaster = new EventBroadcaster();
 * broadcaster.events$.pipe(inNamespace('payments', 'billing')).subscribe((e) => {
 *   console.log(e.metadata.namespace, e.reason);
 * });
 * ```
 */
export function inNamespace(...namespaces: string[]): EventFilter {
  const wanted = nameSet('inNamespace', namespaces);
  return eventFilter((event) => event.metadata.namespace !== undefined && wanted.has(event.metadata.namespace));
}
