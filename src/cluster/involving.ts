import type { KubernetesObject, ObjectReference } from '../meta/types.js';
import type { EventFilter } from './event-filter.js';
import { regardingOf } from './internal/event-fields.js';
import { eventFilter } from './internal/event-filter.js';

/**
 * Keeps the Events about one object: its `involvedObject` (core/v1) or `regarding` (events.k8s.io/v1) has the same
 * name, and the same kind (compared without case, so `pod` finds `Pod`), namespace and UID wherever the target gives
 * them. `related` is not looked at.
 *
 * ```
 * source:  -p-q-p-|          (regarding pod/p, pod/q)
 * involving({ kind: 'Pod', name: 'p' })
 * result:  -p---p-|
 * ```
 *
 * @param target - the object itself (`kind`, `metadata.name`, `metadata.namespace`, `metadata.uid`) or a reference
 * @returns an {@link EventFilter}, for Events or changes, of either API
 * @throws TypeError when the target has no name
 * @example
 * ```ts
 * import { EventBroadcaster, involving } from 'rx-kube-events';
 * const broadcaster = new EventBroadcaster();
 * const pod = { kind: 'Pod', metadata: { name: 'web-0', namespace: 'default', uid: 'c0ffee' } };
 * broadcaster.events$.pipe(involving(pod)).subscribe((e) => {
 *   console.log(e.reason);
 * });
 * ```
 */
export function involving(target: KubernetesObject | ObjectReference): EventFilter {
  const meta = 'metadata' in target ? (target.metadata ?? {}) : undefined;
  const ref: ObjectReference =
    meta === undefined
      ? target
      : {
          ...(target.kind === undefined ? {} : { kind: target.kind }),
          ...(meta.name === undefined ? {} : { name: meta.name }),
          ...(meta.namespace === undefined ? {} : { namespace: meta.namespace }),
          ...(meta.uid === undefined ? {} : { uid: meta.uid }),
        };
  const { name, namespace, uid } = ref;
  if (typeof name !== 'string' || name === '') throw new TypeError('involving: the target has no name');
  const kind = ref.kind?.toLowerCase();
  return eventFilter((event) => {
    const about = regardingOf(event);
    return (
      about?.name === name &&
      (kind === undefined || kind === '' || about.kind?.toLowerCase() === kind) &&
      (namespace === undefined || namespace === '' || about.namespace === namespace) &&
      (uid === undefined || uid === '' || about.uid === uid)
    );
  });
}
