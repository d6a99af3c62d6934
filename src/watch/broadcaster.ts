import type { Observable } from 'rxjs';
import { BroadcasterStoppedError } from './broadcaster-stopped-error.js';
import { Distributor } from './internal/distributor.js';
import type {
  BroadcasterOptions,
  BroadcasterStats,
  BroadcasterWatch,
  Diagnostic,
  FullQueueBehavior,
  WatchEvent,
  WatchEventType,
  WatchOptions,
} from './types.js';

const fullQueuePolicies: readonly unknown[] = ['drop', 'wait'] satisfies FullQueueBehavior[];

function checkQueueLength(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${name} must be an integer ≥ ${min}, got ${String(value)}`);
  }
  return value;
}

/**
 * Fans actions out to any number of watchers: apimachinery's `watch.Broadcaster` (mux.go) on RxJS, with no
 * Kubernetes types in it.
 *
 * The shape: every accepted action goes through one private `Subject`, of which each watcher is a subscription;
 * each watcher's backlog is a `ReplaySubject` of `queueLength` events behind a counted gate that applies the
 * full-queue policy; each watcher's `events$` is `share()`d.
 *
 * Semantics:
 * - **One FIFO of actions.** Every watcher sees events in broadcast order. Without a `scheduler`, an action on an
 *   idle broadcaster is distributed at once, on the caller's stack; one made while distributing (from a watcher's
 *   callback) is queued behind the current one and distributed after it, never depth-first (trampolined, like
 *   `queueScheduler`). With a `scheduler`, distribution runs in one scheduled task that drains everything queued.
 * - **Watch ordering.** A watcher added after an action never sees it; one added before always does, unless its
 *   queue drops it. Watchers are offered each event in creation order (Go uses random map order).
 * - **A queue per watcher** of `queueLength` events sits between the broadcaster and a slow consumer: one whose
 *   handler returned a pending thenable, or an `events$` with no subscriber yet. When it is full, `'drop'` drops
 *   the newest event for that watcher only (counted per watcher), and `'wait'` holds that event back from every
 *   watcher until all have room (all or none); later actions then wait in the incoming queue, which
 *   `actionOrDrop` refuses once it holds `incomingQueueLength` actions.
 * - **Stop and shutdown.** `watch.stop()` completes that watcher at once; nothing reaches it afterwards (stricter
 *   than Go, where an event queued before `Stop` can still arrive). `shutdown()` delivers everything already
 *   accepted, waits for handlers to settle, then completes every watcher and `diagnostics$`.
 * - **Failures are reported, not thrown**: a handler that throws or rejects appears on `diagnostics$` and delivery
 *   continues. Every event is counted in `stats` as delivered or dropped.
 *
 * Two watchers, queue length 1: `slow` has a handler taking 3 frames per event, `fast` is a plain subscriber.
 * ```
 * actionOrDrop  abc-----d
 * 'drop' slow   a--b----d       c found slow's queue full (b waiting): dropped for slow only
 *        fast   abc-----d
 * 'wait' slow   a--b--c--d      c waits until slow's queue has room…
 *        fast   ab-c----d       …for every watcher
 * ```
 *
 * @typeParam T - the objects carried by {@link WatchEvent}; the broadcaster never copies or inspects them.
 * @example
 * ```ts
 * import { Broadcaster } from 'rx-kube-events';
 *
 * const broadcaster = new Broadcaster<{ name: string }>({ queueLength: 100 });
 * const seen: string[] = [];
 * const watch = broadcaster.watch();
 * watch.events$.subscribe(({ type, object }) => seen.push(`${type} ${object.name}`));
 * broadcaster.actionOrDrop('ADDED', { name: 'pod-1' }); // seen is ['ADDED pod-1'] when this returns
 * watch.stop();
 * await broadcaster.shutdown();
 * ```
 */
export class Broadcaster<T> {
  /**
   * Problems reported instead of thrown, e.g. `'watcher-handler-error'` (a handler threw or rejected; `cause` holds
   * the error), `'watcher-queue-full'` and `'incoming-queue-full'` (a queue started dropping: reported once until
   * it has room again; every drop is counted in `stats`). Hot; completes when `shutdown()` finishes.
   */
  readonly diagnostics$: Observable<Diagnostic>;

  private readonly distributor: Distributor<T>;
  private readonly queueLength: number;
  private readonly signal: AbortSignal | undefined;
  private readonly onAbort = (): void => {
    void this.shutdown();
  };

  /**
   * @param opts - queue sizes, the full-queue policy, an optional scheduler and abort signal; see {@link BroadcasterOptions}.
   * @throws RangeError - when `queueLength` is not an integer ≥ 0 or `incomingQueueLength` not an integer ≥ 1.
   * @throws TypeError - when `fullQueue` is neither `'drop'` nor `'wait'`, or `scheduler` has no `schedule()`.
   */
  constructor(opts: BroadcasterOptions = {}) {
    const { queueLength = 1000, fullQueue = 'drop', incomingQueueLength, scheduler, signal } = opts;
    this.queueLength = checkQueueLength('queueLength', queueLength, 0);
    // Checked at run time for JavaScript callers, whom the union type does not stop.
    if (!fullQueuePolicies.includes(fullQueue)) {
      throw new TypeError(`fullQueue must be 'drop' or 'wait', got ${JSON.stringify(fullQueue)}`);
    }
    if (scheduler !== undefined && typeof scheduler.schedule !== 'function') {
      throw new TypeError('scheduler must be an RxJS SchedulerLike');
    }
    this.distributor = new Distributor<T>({
      queueLength,
      waitWhenFull: fullQueue === 'wait',
      incomingQueueLength: checkQueueLength('incomingQueueLength', incomingQueueLength ?? Math.max(queueLength, 1), 1),
      scheduler,
    });
    this.diagnostics$ = this.distributor.diagnostics.asObservable();
    this.signal = signal;
    if (signal?.aborted === true) void this.shutdown();
    else signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /**
   * A snapshot of the counters: accepted, delivered, dropped (incoming queue full, after shutdown, per watcher,
   * on stop), pending actions and attached watchers.
   */
  get stats(): BroadcasterStats {
    const { counters, watchers } = this.distributor;
    return {
      ...counters,
      droppedPerWatcher: new Map(Array.from(watchers, (watcher) => [watcher.id, watcher.dropped])),
      pending: this.distributor.pending,
      watchers: watchers.size,
    };
  }

  /**
   * Adds a watcher that sees every action accepted from now on.
   *
   * Its `events$` is hot and `share()`d: any number of subscribers share the one watcher, and events that arrive
   * while it has neither a subscriber nor a handler wait in its backlog (a `ReplaySubject` of `queueLength`) for
   * the subscribers present when the first one arrives. Unsubscribing does not stop the watcher: events keep
   * queueing (and, when full, dropping or, in `'wait'` mode, holding up the broadcaster) until the next subscriber
   * or `stop()`. Always call `stop()`.
   * `events$` completes, never errors, on `stop()` and after `shutdown()`.
   *
   * @param options - an optional `handler` (called per event; a returned thenable paces delivery) and `queueLength`.
   * @returns the watch handle, with `id` (0, 1, 2, … never reused).
   * @throws BroadcasterStoppedError - synchronously, once `shutdown()` has been called (Go returns an error value).
   * @throws RangeError - when `options.queueLength` is not an integer ≥ 0.
   * @throws TypeError - when `options.handler` is not a function.
   * @example
   * ```ts
   * import { Broadcaster } from 'rx-kube-events';
   *
   * const broadcaster = new Broadcaster<string>({ fullQueue: 'wait' });
   * const watch = broadcaster.watch({ handler: async (event) => { await save(event.object); } });
   * await broadcaster.action('ADDED', 'a'); // resolves once 'a' is with the handler or in its queue
   * ```
   */
  watch(options?: WatchOptions<T>): BroadcasterWatch<T> {
    return this.addWatcher('watch', [], options);
  }

  /**
   * Like {@link Broadcaster.watch}, and first delivers `prefix` to this watcher only, before any later action
   * (client-go uses it to replay recent events to a new watcher): the prefix seeds the watcher's backlog. The
   * prefix is not copied.
   *
   * The watcher's queue holds at least the whole prefix (`max(queueLength, prefix.length)`). With a `handler`, the
   * prefix is handed to it before this method returns; `events$` gets it on first subscription.
   *
   * @param prefix - events for this watcher only, in order.
   * @param options - as for {@link Broadcaster.watch}.
   * @returns the watch handle.
   * @throws BroadcasterStoppedError - synchronously, once `shutdown()` has been called.
   * @throws TypeError - when `prefix` is not an array, or `options.handler` is not a function.
   * @throws RangeError - when `options.queueLength` is not an integer ≥ 0.
   * @example
   * ```ts
   * import { Broadcaster } from 'rx-kube-events';
   *
   * const broadcaster = new Broadcaster<string>();
   * const watch = broadcaster.watchWithPrefix([{ type: 'ADDED', object: 'earlier' }]);
   * const seen: string[] = [];
   * watch.events$.subscribe((e) => seen.push(e.object)); // 'earlier', then later actions
   * ```
   */
  watchWithPrefix(prefix: readonly WatchEvent<T>[], options?: WatchOptions<T>): BroadcasterWatch<T> {
    if (!Array.isArray(prefix)) throw new TypeError('prefix must be an array of watch events');
    return this.addWatcher('watchWithPrefix', prefix, options);
  }

  /**
   * Broadcasts an action; never drops it.
   *
   * The promise resolves once the event has been handed to every watcher (delivered, or queued for it; in
   * `'drop'` mode possibly dropped for a full one). Without a `scheduler` and with room everywhere, that happens
   * before `action()` returns. In `'wait'` mode it stays pending while a watcher's queue is full, so a producer
   * that awaits it is held back. The incoming queue bound does not apply: the awaited promise is the back-pressure.
   *
   * @param type - the event type.
   * @param object - the object, passed to watchers as is.
   * @returns a promise of distribution; rejected with {@link BroadcasterStoppedError} once `shutdown()` was called.
   * @example
   * ```ts
   * import { Broadcaster } from 'rx-kube-events';
   *
   * const broadcaster = new Broadcaster<number>({ fullQueue: 'wait', queueLength: 10 });
   * for (let i = 0; i < 1000; i++) await broadcaster.action('ADDED', i); // paced by the slowest watcher
   * ```
   */
  action(type: WatchEventType, object: T): Promise<void> {
    if (this.distributor.stopping) return Promise.reject(new BroadcasterStoppedError('action'));
    return this.distributor.action({ type, object });
  }

  /**
   * Broadcasts an action unless the incoming queue is full; never blocks and never throws.
   *
   * The incoming queue fills only while distribution is busy: during re-entrant actions, while stalled on a full
   * watcher in `'wait'` mode, or until the task runs when a `scheduler` is set.
   *
   * @param type - the event type.
   * @param object - the object, passed to watchers as is.
   * @returns `true` if accepted; `false` if the incoming queue was full (`stats.droppedIncoming`) or `shutdown()`
   *   was called (`stats.droppedStopped`).
   * @example
   * ```ts
   * import { Broadcaster } from 'rx-kube-events';
   *
   * const broadcaster = new Broadcaster<string>();
   * const accepted = broadcaster.actionOrDrop('ADDED', 'pod-1'); // false: counted in stats, never thrown
   * ```
   */
  actionOrDrop(type: WatchEventType, object: T): boolean {
    return this.distributor.actionOrDrop({ type, object });
  }

  /**
   * Stops taking actions and watchers, delivers everything already accepted (waiting for handlers' thenables to
   * settle), then completes every watcher's `events$` and `diagnostics$`. Idempotent: every call returns the same
   * promise. Afterwards nothing is left running: no scheduled task, no subscription, no abort listener.
   *
   * A watcher with neither subscriber nor handler keeps its queued events for a later subscriber, which then gets
   * them and completion. Shutdown waits for what it delivers: a handler that never settles, or in `'wait'` mode a
   * full watcher that nobody consumes, keeps it pending; `stop()` such a watcher.
   *
   * @returns a promise that resolves when every watcher is complete.
   * @example
   * ```ts
   * import { Broadcaster } from 'rx-kube-events';
   *
   * const broadcaster = new Broadcaster<string>();
   * process.once('SIGTERM', () => void broadcaster.shutdown());
   * ```
   */
  shutdown(): Promise<void> {
    this.signal?.removeEventListener('abort', this.onAbort);
    return this.distributor.shutdown();
  }

  private addWatcher(
    operation: 'watch' | 'watchWithPrefix',
    prefix: readonly WatchEvent<T>[],
    options: WatchOptions<T> = {},
  ): BroadcasterWatch<T> {
    const { handler, queueLength = this.queueLength } = options;
    if (this.distributor.stopping) throw new BroadcasterStoppedError(operation);
    if (handler !== undefined && typeof handler !== 'function') throw new TypeError('handler must be a function');
    return this.distributor.addWatcher(prefix, checkQueueLength('queueLength', queueLength, 0), handler);
  }
}
