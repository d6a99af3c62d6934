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

/**
 * A watch handle made by a {@link Broadcaster}: a {@link Watch} with the id its counters are reported under.
 */
export interface BroadcasterWatch<T> extends Watch<T> {
  /** The watcher's id: numbers from 0 upward in creation order, never reused; the key of `stats.droppedPerWatcher`. */
  readonly id: number;
}

/** Options of {@link Broadcaster.watch} and {@link Broadcaster.watchWithPrefix}. */
export interface WatchOptions<T> {
  /**
   * A consumer called once per event, after the event is emitted on `events$`.
   *
   * If it returns a thenable, the watcher delivers nothing more (neither to the handler nor on `events$`) until
   * that thenable settles; meanwhile new events wait in this watcher's queue, bounded by `queueLength`, then the
   * broadcaster's `fullQueue` policy applies. A handler that throws or rejects is reported on `diagnostics$` as
   * `'watcher-handler-error'` and delivery continues with the next event.
   */
  handler?: ((event: WatchEvent<T>) => void | PromiseLike<void>) | undefined;
  /**
   * Capacity of this watcher's queue, overriding the broadcaster's `queueLength`.
   * @defaultValue the broadcaster's `queueLength`
   */
  queueLength?: number | undefined;
}

/** Options of {@link Broadcaster}. */
export interface BroadcasterOptions {
  /**
   * Capacity of each watcher's queue between the broadcaster and its (possibly slow) consumer; 0 means an event is
   * delivered only if the consumer can take it at once.
   * @defaultValue 1000
   */
  queueLength?: number | undefined;
  /**
   * Policy when a watcher's queue is full.
   * @defaultValue `'drop'`
   */
  fullQueue?: FullQueueBehavior | undefined;
  /**
   * Capacity (at least 1) of the incoming queue in front of distribution; `actionOrDrop` returns `false` when it
   * is full. Without a `scheduler` it only fills while distribution is busy: during re-entrant actions, or while
   * stalled in `'wait'` mode.
   * @defaultValue `queueLength`, at least 1 (client-go's long-queue broadcaster)
   */
  incomingQueueLength?: number | undefined;
  /**
   * Scheduler on which queued actions are distributed, one task draining everything queued. Without it, an action
   * on an idle broadcaster is distributed at once on the caller's stack, and one made during distribution is
   * queued behind the current one (trampolined, like RxJS `queueScheduler`).
   * @defaultValue none: synchronous, trampolined distribution
   */
  scheduler?: SchedulerLike | undefined;
  /** Aborting it calls `shutdown()`. */
  signal?: AbortSignal | undefined;
}

/** Counters of a broadcaster. Every action is either delivered to each watcher, or counted as dropped. */
export interface BroadcasterStats {
  /** Actions accepted for distribution, by `action()` or `actionOrDrop()`. */
  readonly accepted: number;
  /** Deliveries made: one per event per watcher that received it (however many subscribers its `events$` has). */
  readonly delivered: number;
  /** Actions refused by `actionOrDrop` because the incoming queue was full. */
  readonly droppedIncoming: number;
  /** Actions refused because the broadcaster had shut down. */
  readonly droppedStopped: number;
  /** Events dropped for a watcher because its queue was full, summed over watchers. */
  readonly droppedWatcher: number;
  /** Events dropped per watcher id (`'drop'` mode), for the watchers still attached. */
  readonly droppedPerWatcher: ReadonlyMap<number, number>;
  /** Events discarded from a watcher's queue, undelivered, because the watcher was stopped. */
  readonly droppedOnStop: number;
  /** Accepted actions not yet distributed to every watcher (waiting in the incoming queue, or stalled in `'wait'`). */
  readonly pending: number;
  /** Watchers currently attached. */
  readonly watchers: number;
}

/** A problem the library reports instead of throwing into the caller's code. */
export interface Diagnostic {
  /** `'error'` for a failure that lost or abandoned something; `'warning'` for one that was handled. */
  readonly level: 'warning' | 'error';
  /** A stable machine-readable code, e.g. `'watcher-handler-error'`, `'incoming-queue-full'`. */
  readonly code: string;
  /** A sentence for people: what happened and what to do about it. */
  readonly message: string;
  /** The underlying error, when there is one. */
  readonly cause?: unknown;
}

/**
 * A minimal structured logger, compatible with pino (and with bunyan-style loggers): each method takes the fields
 * first and the message second. A logger that throws is ignored rather than allowed to break recording.
 */
export interface Logger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
  debug?(fields: object, message: string): void;
}
