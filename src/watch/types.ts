import type { Observable, SchedulerLike } from 'rxjs';

/** The kind of change a {@link WatchEvent} carries; the same strings as apimachinery's `watch.EventType`. */
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/** One change delivered to a watcher: its type and the object (the new state, or the last one for `DELETED`). */
export interface WatchEvent<T> {
  readonly type: WatchEventType;
  readonly object: T;
}

/**
 * A stoppable stream of watch events: the TypeScript face of Go's `watch.Interface`.
 *
 * `events$` completes when the watch is stopped or its producer shuts down. The consumer should always call
 * `stop()` when it is done, even if it never subscribed; `stop()` is idempotent.
 */
export interface Watch<T> {
  readonly events$: Observable<WatchEvent<T>>;
  stop(): void;
  readonly stopped: boolean;
}

/**
 * What a broadcaster does when a watcher's queue is full.
 * - `'drop'`: the newest event is dropped for that watcher only, and counted.
 * - `'wait'`: nothing is dropped; {@link Broadcaster.action} waits until every watcher's queue has room.
 */
export type FullQueueBehavior = 'wait' | 'drop';

/** Options of {@link Broadcaster}. */
export interface BroadcasterOptions {
  /**
   * Capacity of each watcher's queue between the broadcaster and its (possibly slow) consumer.
   * @defaultValue 1000
   */
  queueLength?: number | undefined;
  /**
   * Policy when a watcher's queue is full.
   * @defaultValue `'drop'`
   */
  fullQueue?: FullQueueBehavior | undefined;
  /**
   * Capacity of the incoming queue in front of distribution; `actionOrDrop` returns `false` when it is full.
   * @defaultValue `queueLength` (client-go's long-queue broadcaster)
   */
  incomingQueueLength?: number | undefined;
  /**
   * Scheduler on which queued actions are distributed.
   * @defaultValue `asyncScheduler`
   */
  scheduler?: SchedulerLike | undefined;
}

/** Counters of a broadcaster. Every action is either delivered to each watcher, or counted as dropped. */
export interface BroadcasterStats {
  /** Actions accepted into the incoming queue. */
  readonly accepted: number;
  /** Deliveries made: one per event per watcher that received it. */
  readonly delivered: number;
  /** Actions refused by `actionOrDrop` because the incoming queue was full. */
  readonly droppedIncoming: number;
  /** Actions refused because the broadcaster had shut down. */
  readonly droppedStopped: number;
  /** Events dropped for a watcher because its queue was full, summed over watchers. */
  readonly droppedWatcher: number;
  /** Events dropped per watcher id (`'drop'` mode), for the watchers still attached. */
  readonly droppedPerWatcher: ReadonlyMap<number, number>;
  /** Watchers currently attached. */
  readonly watchers: number;
}

/** A problem the library reports instead of throwing into the caller's code. */
export interface Diagnostic {
  /** `'error'` for a failure that lost or abandoned something; `'warning'` for one that was handled. */
  readonly level: 'warning' | 'error';
  /** A stable machine-readable code, e.g. `'watcher-error'`, `'incoming-queue-full'`. */
  readonly code: string;
  /** A sentence for people: what happened and what to do about it. */
  readonly message: string;
  /** The underlying error, when there is one. */
  readonly cause?: unknown;
}
