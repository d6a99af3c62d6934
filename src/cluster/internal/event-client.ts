import { ApisApi, CoreV1Api, EventsV1Api, Observable as PromiseObservable, Watch } from '@kubernetes/client-node';
import type { ConfigurationOptions, KubeConfig } from '@kubernetes/client-node';
import { map, Observable } from 'rxjs';
import type { ClusterEvent, EventsApiVersion } from '../types.js';
import { decodeEvent } from './decode-event.js';

/** Which Events a request selects. */
export interface EventSelection {
  readonly namespace: string | undefined;
  readonly fieldSelector: string | undefined;
  readonly labelSelector: string | undefined;
}

/** What one watch subscription asks for. */
export interface EventQuery extends EventSelection {
  readonly timeoutSeconds: number;
}

/** A list answer, items already decoded. */
export interface EventList {
  readonly items: readonly ClusterEvent[];
  readonly resourceVersion: string;
}

/** What a watch connection delivers: that it is open, then one raw `{type, object}` line at a time. */
export type WatchNotification =
  { readonly kind: 'open' } | { readonly kind: 'event'; readonly type: string; readonly object: unknown };

/**
 * The three requests {@link watchEvents} makes, each a cold observable that aborts its HTTP request on unsubscribe.
 * `watch` completes when the server ends the stream cleanly and errors when the connection fails.
 */
export interface EventClient {
  discover(): Observable<EventsApiVersion>;
  list(api: EventsApiVersion, query: EventSelection): Observable<EventList>;
  watch(api: EventsApiVersion, query: EventQuery, resourceVersion: string): Observable<WatchNotification>;
}

/** Per-call options that give the request an abort signal (both client-node majors pass it to `fetch`). */
function abortable(signal: AbortSignal): ConfigurationOptions {
  return {
    middlewareMergeStrategy: 'append',
    middleware: [
      {
        pre: (context) => {
          context.setSignal(signal);
          return new PromiseObservable(Promise.resolve(context));
        },
        post: (response) => new PromiseObservable(Promise.resolve(response)),
      },
    ],
  };
}

/** A client-node promise as a cold observable that aborts the request when unsubscribed. */
function fromRequest<T>(call: (options: ConfigurationOptions) => Promise<T>): Observable<T> {
  return new Observable<T>((subscriber) => {
    const controller = new AbortController();
    call(abortable(controller.signal)).then(
      (value) => {
        subscriber.next(value);
        subscriber.complete();
      },
      (err: unknown) => {
        subscriber.error(err);
      },
    );
    return () => {
      controller.abort();
    };
  });
}

function collectionPath(api: EventsApiVersion, namespace: string | undefined): string {
  const base = api === 'v1' ? '/api/v1' : '/apis/events.k8s.io/v1';
  return namespace === undefined ? `${base}/events` : `${base}/namespaces/${encodeURIComponent(namespace)}/events`;
}

/**
 * The {@link EventClient} over client-node, using only what 1.x and 2.x share: `ApisApi.getAPIVersions` for
 * discovery, the generated `listNamespacedEvent` / `listEventForAllNamespaces` of `CoreV1Api` and `EventsV1Api`, and
 * `Watch.watch`. Its 2.0.0 habit of aborting every watch after 30 s (client-node #3020) arrives as a `TimeoutError`,
 * which completes the watch like a clean end, so the caller resumes it without backoff.
 */
export function clientNodeEventClient(kubeConfig: KubeConfig): EventClient {
  // Made at the first request, not at the call: a kubeconfig without a cluster makes makeApiClient throw, and that
  // must reach the subscriber as an error notification.
  let clients: { apis: ApisApi; core: CoreV1Api; events: EventsV1Api; watcher: Watch } | undefined;
  const client = () =>
    (clients ??= {
      apis: kubeConfig.makeApiClient(ApisApi),
      core: kubeConfig.makeApiClient(CoreV1Api),
      events: kubeConfig.makeApiClient(EventsV1Api),
      watcher: new Watch(kubeConfig),
    });
  const listCall = (
    api: EventsApiVersion,
    query: EventSelection,
    options: ConfigurationOptions,
  ): Promise<{ items: unknown[]; metadata?: { resourceVersion?: string } }> => {
    const { namespace, fieldSelector, labelSelector } = query;
    const { core, events } = client();
    // Unset selectors are left out, not sent as undefined (the generated request types are exact).
    const selectors = {
      ...(fieldSelector === undefined ? {} : { fieldSelector }),
      ...(labelSelector === undefined ? {} : { labelSelector }),
    };
    if (api === 'v1') {
      return namespace === undefined
        ? core.listEventForAllNamespaces(selectors, options)
        : core.listNamespacedEvent({ namespace, ...selectors }, options);
    }
    return namespace === undefined
      ? events.listEventForAllNamespaces(selectors, options)
      : events.listNamespacedEvent({ namespace, ...selectors }, options);
  };
  return {
    discover: () =>
      fromRequest((options) => client().apis.getAPIVersions({}, options)).pipe(
        map(({ groups }) =>
          groups.some((g) => g.name === 'events.k8s.io' && g.versions.some((v) => v.version === 'v1'))
            ? 'events.k8s.io/v1'
            : 'v1',
        ),
      ),
    list: (api, query) =>
      fromRequest((options) => listCall(api, query, options)).pipe(
        map((list) => ({
          items: list.items.map((item) => decodeEvent(api, item)).filter((e): e is ClusterEvent => e !== undefined),
          resourceVersion: list.metadata?.resourceVersion ?? '',
        })),
      ),
    watch: (api, query, resourceVersion) =>
      new Observable<WatchNotification>((subscriber) => {
        let controller: AbortController | undefined;
        const params = {
          resourceVersion,
          allowWatchBookmarks: true,
          timeoutSeconds: query.timeoutSeconds,
          fieldSelector: query.fieldSelector,
          labelSelector: query.labelSelector,
        };
        client()
          .watcher.watch(
            collectionPath(api, query.namespace),
            params,
            (type: string, object: unknown) => {
              subscriber.next({ kind: 'event', type, object });
            },
            (err: unknown) => {
              // client-node 2.0.0 aborts every watch after 30 s (#3020): that is an end, not a failure.
              if (err === null || err === undefined || (err instanceof Error && err.name === 'TimeoutError')) {
                subscriber.complete();
              } else {
                subscriber.error(err);
              }
            },
          )
          .then(
            (abort) => {
              // Watch resolves once the response has started: abort at once if the subscriber left meanwhile.
              if (subscriber.closed) abort.abort();
              else {
                controller = abort;
                subscriber.next({ kind: 'open' });
              }
            },
            (err: unknown) => {
              subscriber.error(err);
            },
          );
        return () => {
          controller?.abort();
        };
      }),
  };
}
