import type { KubeConfig } from '@kubernetes/client-node';
import type { Observable } from 'rxjs';
import { checkOptions } from '../meta/internal/check-options.js';
import type { CoreV1Event, EventsV1Event } from '../meta/types.js';
import { clientNodeEventClient } from './internal/event-client.js';
import { watchEventsWith } from './internal/watch-events-with.js';
import type { ClusterWatchEvent, WatchEventsOptions } from './types.js';

/**
 * The cluster's Events as a cold observable of changes: list, then watch from the list's resourceVersion, the way
 * client-go's reflector does it, for one namespace or all, with field and label selectors.
 *
 * - Each subscription is its own list and watch (`share()` it to fan out); unsubscribing aborts the HTTP request at
 *   once.
 * - It asks for bookmarks and keeps their resourceVersion, so a selective watch resumes from a recent version.
 * - A dropped connection is resumed from the last resourceVersion seen, after a backoff on the scheduler (800 ms
 *   doubling to 30 s, reset by the next success); a watch the server ends is resumed at once.
 * - After `410 Gone` it lists again and emits only the differences from what this subscriber has seen: nothing
 *   repeated, nothing missed (an Event created and deleted while disconnected is never seen, as with any informer).
 * - A failure retrying cannot fix (401, 403, 404, a bad selector, a bad kubeconfig) ends the stream with a
 *   {@link WatchEventsError}; the others are reported to `onStatus` and retried.
 * - With `initialEvents: 'emit'` the Events that exist at the start come first as `ADDED`; by default (`'skip'`)
 *   only what changes after the subscription is emitted.
 *
 * ```
 * cluster:    list(rv 5) --- e6 --- e7 ---X (dropped)        watch from 7 --- e8 ---
 * emitted:    (skip)     --- e6 --- e7 ------ backoff ------------------- e8 ---
 * ```
 *
 * Requests go through client-node: `ApisApi.getAPIVersions` (discovery), the generated `listNamespacedEvent` /
 * `listEventForAllNamespaces` of `CoreV1Api` or `EventsV1Api`, and `Watch`.
 *
 * @param kubeConfig - the cluster and credentials
 * @param options - see {@link WatchEventsOptions}
 * @returns changes to the Events, typed by the API asked for (either Event type when discovery chooses)
 * @throws TypeError for an unknown `api` or `initialEvents` or an empty `namespace`; RangeError for a bad
 * `timeoutSeconds` or backoff. Request failures arrive as a `WatchEventsError` error notification, never as a throw.
 * @example
 * ```ts
 * import { KubeConfig } from '@kubernetes/client-node';
 * import { ofType, watchEvents } from 'rx-kube-events';
 *
 * const kubeConfig = new KubeConfig();
 * kubeConfig.loadFromDefault();
 * const subscription = watchEvents(kubeConfig, { api: 'v1', namespace: 'default' })
 *   .pipe(ofType('Warning'))
 *   .subscribe(({ type, object }) => {
 *     console.log(type, object.reason, object.message);
 *   });
 * // later: subscription.unsubscribe() closes the watch
 * ```
 */
export function watchEvents(
  kubeConfig: KubeConfig,
  options: WatchEventsOptions<'v1'> & { api: 'v1' },
): Observable<ClusterWatchEvent<CoreV1Event>>;
export function watchEvents(
  kubeConfig: KubeConfig,
  options: WatchEventsOptions<'events.k8s.io/v1'> & { api: 'events.k8s.io/v1' },
): Observable<ClusterWatchEvent<EventsV1Event>>;
export function watchEvents(kubeConfig: KubeConfig, options?: WatchEventsOptions): Observable<ClusterWatchEvent>;
export function watchEvents(kubeConfig: KubeConfig, options: WatchEventsOptions = {}): Observable<ClusterWatchEvent> {
  return watchEventsWith(clientNodeEventClient(kubeConfig), checkOptions(options, 'watchEvents()'));
}
