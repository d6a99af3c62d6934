import { concat, defer, EMPTY, from, mergeMap, of, repeat, retry, tap, throwError, timeout, timer } from 'rxjs';
import type { SchedulerLike, Observable } from 'rxjs';
import type { ClusterWatchEvent, EventsApiVersion, WatchEventsStatus } from '../types.js';
import { decodeEvent } from './decode-event.js';
import type { EventClient, EventQuery } from './event-client.js';
import { EventMirror } from './event-mirror.js';
import { classify, ShortWatchError, toWatchEventsError, WatchStatusEvent } from './request-errors.js';
import type { RequestTarget } from './request-errors.js';

/** {@link watchEvents}' options, checked and with their defaults. */
export interface WatchLoopOptions {
  readonly api: EventsApiVersion | undefined;
  readonly query: EventQuery;
  readonly emitInitial: boolean;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly jitter: number;
  readonly onStatus: ((status: WatchEventsStatus) => void) | undefined;
  readonly scheduler: SchedulerLike;
}

/** A watch that ends cleanly sooner than this without delivering anything is retried with backoff. */
const shortWatchMs = 1000;
/** How much longer than its `timeoutSeconds` a silent watch may stay open before it is taken as stalled. */
export const stallGraceMs = 30_000;

const isChange = (type: string): type is ClusterWatchEvent['type'] =>
  type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED';

const resourceVersionOf = (object: unknown): string | undefined => {
  const rv = (object as { metadata?: { resourceVersion?: unknown } } | null)?.metadata?.resourceVersion;
  return typeof rv === 'string' && rv !== '' ? rv : undefined;
};

/**
 * client-go's reflector as one cold observable: discover (when no API is given), list, watch from the list's
 * resourceVersion; resume a dropped or ended watch from the last resourceVersion seen (events and bookmarks); relist
 * after `410 Gone` and emit only the differences; back off on the scheduler between failed tries; end with a
 * `WatchEventsError` on a failure retrying cannot fix. All state is per subscription.
 */
export function watchLoop(client: EventClient, options: WatchLoopOptions): Observable<ClusterWatchEvent> {
  const { query, emitInitial, initialDelayMs, maxDelayMs, jitter, onStatus, scheduler } = options;
  return defer(() => {
    const mirror = new EventMirror(emitInitial);
    let api = options.api;
    /** Undefined until listed, and again after a 410: the next try lists. */
    let resourceVersion: string | undefined;
    let failures = 0;
    const target = (verb: RequestTarget['verb']): RequestTarget => ({ verb, api, namespace: query.namespace });

    const watch$ = (chosen: EventsApiVersion, from: string): Observable<ClusterWatchEvent> =>
      defer(() => {
        const started = scheduler.now();
        let delivered = false;
        return concat(
          client.watch(chosen, query, from).pipe(
            // A watch the server should have ended by now and that says nothing is stalled: end it and resume.
            timeout({ each: query.timeoutSeconds * 1000 + stallGraceMs, with: () => EMPTY, scheduler }),
            mergeMap((note) => {
              if (note.kind === 'open') {
                onStatus?.({ state: 'watching', api: chosen, resourceVersion: resourceVersion ?? from });
                return EMPTY;
              }
              if (note.type === 'ERROR') return throwError(() => new WatchStatusEvent(note.object));
              delivered = true;
              failures = 0;
              const rv = resourceVersionOf(note.object);
              if (note.type === 'BOOKMARK' && rv !== undefined) {
                resourceVersion = rv;
                onStatus?.({ state: 'bookmark', api: chosen, resourceVersion: rv });
              }
              if (!isChange(note.type)) return EMPTY;
              const event = decodeEvent(chosen, note.object);
              if (event === undefined) return EMPTY;
              if (rv !== undefined) resourceVersion = rv;
              const change = mirror.apply(note.type, event);
              return change === undefined ? EMPTY : of(change);
            }),
          ),
          defer(() =>
            !delivered && scheduler.now() - started < shortWatchMs ? throwError(() => new ShortWatchError()) : EMPTY,
          ),
        );
      });

    const listThenWatch$ = (chosen: EventsApiVersion): Observable<ClusterWatchEvent> =>
      client.list(chosen, query).pipe(
        mergeMap((list) => {
          failures = 0;
          resourceVersion = list.resourceVersion;
          onStatus?.({ state: 'listed', api: chosen, resourceVersion: list.resourceVersion, count: list.items.length });
          return concat(from(mirror.replace(list.items)), watch$(chosen, list.resourceVersion));
        }),
      );

    const cycle$ = defer(() =>
      (api === undefined ? client.discover().pipe(tap((found) => (api = found))) : of(api)).pipe(
        mergeMap((chosen) =>
          resourceVersion === undefined ? listThenWatch$(chosen) : watch$(chosen, resourceVersion),
        ),
      ),
    );

    return cycle$.pipe(
      // A clean end (the server's timeoutSeconds, client-node 2.0.0's 30 s abort, a stall) resumes at once.
      repeat(),
      retry({
        delay: (err: unknown) => {
          const verb = api === undefined ? 'discover' : resourceVersion === undefined ? 'list' : 'watch';
          const kind = classify(err);
          const error = toWatchEventsError(err, target(verb));
          if (kind === 'final') return throwError(() => error);
          if (kind === 'gone') resourceVersion = undefined;
          const step = Math.min(maxDelayMs, initialDelayMs * 2 ** failures);
          const delayMs = Math.round(step * (1 - jitter * Math.random()));
          failures++;
          onStatus?.({ state: 'retrying', error, attempt: failures, delayMs, relist: resourceVersion === undefined });
          return timer(delayMs, scheduler);
        },
      }),
    );
  });
}
