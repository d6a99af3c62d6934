import type { SchedulerLike } from 'rxjs';
import type { CoreV1Event, EventsV1Event } from '../meta/types.js';
import type { WatchEventsError } from './watch-events-error.js';

/** The two Event APIs: core/v1 (`/api/v1/…/events`) and events.k8s.io/v1 (`/apis/events.k8s.io/v1/…/events`). */
export type EventsApiVersion = 'v1' | 'events.k8s.io/v1';

/** An Event of either API. */
export type ClusterEvent = CoreV1Event | EventsV1Event;

/** The changes {@link watchEvents} emits: bookmarks and errors are handled inside it, never emitted. */
export type ClusterWatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/**
 * One change to the cluster's Events, as the subscriber sees it: `ADDED` for an Event it has not seen, `MODIFIED` for
 * a newer version of one it has, `DELETED` (with the last state it saw) for one that is gone. Assignable to the
 * package's `WatchEvent<E>`.
 */
export interface ClusterWatchEvent<E extends ClusterEvent = ClusterEvent> {
  readonly type: ClusterWatchEventType;
  readonly object: E;
}

/** An Event, or a change carrying one: what the filter operators accept. */
export type EventOrChange = ClusterEvent | { readonly type: string; readonly object: ClusterEvent };

/** Retry delays of {@link watchEvents}: exponential from `initialDelayMs`, capped at `maxDelayMs`, with jitter. */
export interface WatchBackoff {
  /** @defaultValue 800 (client-go's reflector) */
  initialDelayMs?: number | undefined;
  /** @defaultValue 30000 (client-go's reflector) */
  maxDelayMs?: number | undefined;
  /**
   * Each delay is shortened by a random fraction of up to `jitter` of it, so clients that lost the same server do
   * not come back in step. `0` makes the delays exact.
   * @defaultValue 0.5
   */
  jitter?: number | undefined;
}

/** What a {@link watchEvents} subscription is doing, for progress and "reconnecting" messages. */
export type WatchEventsStatus =
  | {
      /** A list answered: the subscriber's view now matches the cluster at `resourceVersion`. */
      readonly state: 'listed';
      readonly api: EventsApiVersion;
      readonly resourceVersion: string;
      readonly count: number;
    }
  | {
      /** A watch connection is open, streaming changes after `resourceVersion`. */
      readonly state: 'watching';
      readonly api: EventsApiVersion;
      readonly resourceVersion: string;
    }
  | {
      /** A bookmark moved the resourceVersion a resumed watch starts from (nothing changed for the subscriber). */
      readonly state: 'bookmark';
      readonly api: EventsApiVersion;
      readonly resourceVersion: string;
    }
  | {
      /** A request failed in a way retrying may fix; the next try starts after `delayMs`. */
      readonly state: 'retrying';
      readonly error: WatchEventsError;
      /** 1 for the first retry after a success. */
      readonly attempt: number;
      readonly delayMs: number;
      /** True when the next try lists again (after `410 Gone`), false when it resumes the watch. */
      readonly relist: boolean;
    };

/** Options of {@link watchEvents}. */
export interface WatchEventsOptions<A extends EventsApiVersion | undefined = EventsApiVersion | undefined> {
  /**
   * Which Event API to read.
   * @defaultValue chosen by discovery: events.k8s.io/v1 when the cluster serves it, core/v1 otherwise
   */
  api?: A;
  /** One namespace. @defaultValue every namespace */
  namespace?: string | undefined;
  /** A field selector, e.g. `type=Warning,reason=BackOff` (the API's selectable fields). @defaultValue none */
  fieldSelector?: string | undefined;
  /** A label selector. @defaultValue none */
  labelSelector?: string | undefined;
  /**
   * `'skip'`: the Events that exist when the subscription starts are the baseline and are not emitted; only changes
   * after it are. `'emit'`: they are emitted first, as `ADDED`, like an informer's initial sync.
   * @defaultValue 'skip'
   */
  initialEvents?: 'skip' | 'emit' | undefined;
  /**
   * `timeoutSeconds` asked of the server for each watch request; the server then ends the watch cleanly and it is
   * resumed. A watch silent for 30 s longer than this is taken as stalled, ended and resumed.
   * @defaultValue 300
   */
  timeoutSeconds?: number | undefined;
  /** Delays between retries. @defaultValue see {@link WatchBackoff} */
  backoff?: WatchBackoff | undefined;
  /** Called as the subscription lists, watches and retries; a throw errors the stream. @defaultValue none */
  onStatus?: ((status: WatchEventsStatus) => void) | undefined;
  /** Clock of the backoff, the short-watch rule and the stall timeout. @defaultValue `asyncScheduler` */
  scheduler?: SchedulerLike | undefined;
}
