import type { KubeConfig } from '@kubernetes/client-node';
import { catchError, defer, map, mergeMap, of, throwError } from 'rxjs';
import type { Observable } from 'rxjs';
import { checkOptions } from '../meta/internal/check-options.js';
import type { CoreV1Event, EventsV1Event } from '../meta/types.js';
import { checkSelection } from './internal/check-selection.js';
import { clientNodeEventClient } from './internal/event-client.js';
import { toWatchEventsError } from './internal/request-errors.js';
import type { ClusterEvent, EventsApiVersion, WatchEventsOptions } from './types.js';

/** Options of {@link listEvents}: the selection part of {@link WatchEventsOptions}. */
export type ListEventsOptions<A extends EventsApiVersion | undefined = EventsApiVersion | undefined> = Pick<
  WatchEventsOptions<A>,
  'api' | 'namespace' | 'fieldSelector' | 'labelSelector'
>;

/**
 * The cluster's Events now, in one list request (after discovery when no `api` is given), as a cold observable that
 * emits the array once and completes; unsubscribing aborts the request. Nothing is retried: a failure is a
 * {@link WatchEventsError} error notification. For a stream of changes, see {@link watchEvents}.
 *
 * @param kubeConfig - the cluster and credentials
 * @param options - see {@link ListEventsOptions}
 * @returns the Events, typed by the API asked for
 * @throws TypeError for an unknown `api` or an empty `namespace`
 * @example
 * ```ts
 * import { KubeConfig } from '@kubernetes/client-node';
 * import { listEvents } from 'rx-kube-events';
 *
 * const kubeConfig = new KubeConfig();
 * kubeConfig.loadFromDefault();
 * listEvents(kubeConfig, { api: 'v1', namespace: 'default', fieldSelector: 'type=Warning' }).subscribe((events) => {
 *   console.log(`${events.length} warnings`);
 * });
 * ```
 */
export function listEvents(
  kubeConfig: KubeConfig,
  options: ListEventsOptions<'v1'> & { api: 'v1' },
): Observable<CoreV1Event[]>;
export function listEvents(
  kubeConfig: KubeConfig,
  options: ListEventsOptions<'events.k8s.io/v1'> & { api: 'events.k8s.io/v1' },
): Observable<EventsV1Event[]>;
export function listEvents(kubeConfig: KubeConfig, options?: ListEventsOptions): Observable<ClusterEvent[]>;
export function listEvents(kubeConfig: KubeConfig, options: ListEventsOptions = {}): Observable<ClusterEvent[]> {
  const { api, namespace, fieldSelector, labelSelector } = checkOptions(options, 'listEvents()');
  checkSelection(api, namespace);
  return defer(() => {
    const client = clientNodeEventClient(kubeConfig);
    let chosen = api;
    const query = { namespace, fieldSelector, labelSelector };
    return (api === undefined ? client.discover() : of(api)).pipe(
      mergeMap((found) => {
        chosen = found;
        return client.list(found, query);
      }),
      map((list) => [...list.items]),
      catchError((err: unknown) =>
        throwError(() =>
          toWatchEventsError(err, { verb: chosen === undefined ? 'discover' : 'list', api: chosen, namespace }),
        ),
      ),
    );
  });
}
