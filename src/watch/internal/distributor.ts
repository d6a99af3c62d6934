import { Subject } from 'rxjs';
import type { SchedulerLike } from 'rxjs';
import type { Diagnostic, WatchEvent } from '../types.js';
import { Watcher } from './watcher.js';
import type { DeliveryCounters, WatcherHost } from './watcher.js';

export interface DistributorOptions {
  readonly queueLength: number;
  readonly waitWhenFull: boolean;
  readonly incomingQueueLength: number;
  readonly scheduler: SchedulerLike | undefined;
}

interface Waiter {
  readonly seq: number;
  readonly resolve: () => void;
}

const resolved = Promise.resolve();

/**
 * The engine behind `Broadcaster`: one FIFO of actions in front of one private `Subject`, of which every watcher
 * is a subscription.
 *
 * The `Subject` does the fan-out; what it cannot do is kept here, in two small arrays: the incoming queue and the
 * `action()` promises waiting for their action. A `Subject.next()` made from one of its own subscribers would
 * reach the watchers depth-first, and it cannot pause half-way for a full watcher; so actions wait in `incoming`
 * while one is being distributed (a trampoline, as `queueScheduler`), and in `'wait'` mode while a watcher has no
 * room (the stall). Ordering rests on sequence numbers rather than on Go's marker events: a watcher remembers the
 * count of actions accepted at its creation (`since`) and skips those, even one still queued or stalled.
 */
export class Distributor<T> implements WatcherHost<T> {
  readonly counters: DeliveryCounters = {
    accepted: 0,
    delivered: 0,
    droppedIncoming: 0,
    droppedStopped: 0,
    droppedWatcher: 0,
    droppedOnStop: 0,
  };
  readonly diagnostics = new Subject<Diagnostic>();
  /** The watchers attached, in creation order, for stats and shutdown; the fan-out goes through `hub`. */
  readonly watchers = new Set<Watcher<T>>();
  /** Sequence number of the action being distributed; between distributions, the number distributed. */
  current = 0;
  /** `shutdown()` was called: no new watchers or actions. */
  stopping = false;

  private readonly options: DistributorOptions;
  /** Every accepted action goes through it, in order; completed at shutdown, which closes every watcher. */
  private readonly hub = new Subject<WatchEvent<T>>();
  private readonly incoming: WatchEvent<T>[] = [];
  private readonly waiters: Waiter[] = [];
  /** Watchers without room for another event: in `'wait'` mode, distribution stalls while one is due the next. */
  private readonly roomless = new Set<Watcher<T>>();
  /** `'wait'` mode: the next action, taken out of `incoming` (so it does not count against its bound), held back. */
  private stalled: WatchEvent<T> | undefined;
  private nextId = 0;
  private distributing = false;
  private scheduled = false;
  private incomingFullReported = false;
  private shutdownPromise: Promise<void> | undefined;
  private finishShutdown: (() => void) | undefined;
  private readonly runScheduled = (): void => {
    this.scheduled = false;
    this.drain();
  };

  constructor(options: DistributorOptions) {
    this.options = options;
  }

  /** Accepted actions not yet distributed to every watcher. */
  get pending(): number {
    return this.counters.accepted - this.current;
  }

  addWatcher(
    prefix: readonly WatchEvent<T>[],
    queueLength: number,
    handler: ((event: WatchEvent<T>) => void | PromiseLike<void>) | undefined,
  ): Watcher<T> {
    const { hub, counters } = this;
    const watcher = new Watcher<T>(this, hub, this.nextId++, counters.accepted, queueLength, prefix, handler);
    this.watchers.add(watcher);
    return watcher;
  }

  /** Queues an action whatever the incoming queue's fill (the caller awaits the returned promise instead). */
  action(event: WatchEvent<T>): Promise<void> {
    const seq = this.accept(event);
    if (this.current > seq) return resolved;
    return new Promise<void>((resolve) => {
      this.waiters.push({ seq, resolve });
    });
  }

  actionOrDrop(event: WatchEvent<T>): boolean {
    if (this.stopping) {
      this.counters.droppedStopped++;
      return false;
    }
    // The bound applies to actions waiting for distribution; on an idle, unscheduled broadcaster nothing waits.
    if (this.incoming.length >= this.options.incomingQueueLength) {
      this.dropIncoming();
      return false;
    }
    this.accept(event);
    return true;
  }

  shutdown(): Promise<void> {
    if (this.shutdownPromise !== undefined) return this.shutdownPromise;
    this.stopping = true;
    this.shutdownPromise = new Promise<void>((resolve) => {
      this.finishShutdown = resolve;
    });
    this.tryFinish();
    return this.shutdownPromise;
  }

  roomChanged(watcher: Watcher<T>, roomless: boolean): void {
    if (roomless) {
      this.roomless.add(watcher);
    } else {
      this.roomless.delete(watcher);
      if (this.stalled !== undefined) this.kick();
    }
  }

  watcherChanged(): void {
    if (this.stopping) this.tryFinish();
  }

  watcherStopped(watcher: Watcher<T>): void {
    this.watchers.delete(watcher);
    this.roomChanged(watcher, false);
    this.watcherChanged();
  }

  report(diagnostic: Diagnostic): void {
    this.diagnostics.next(diagnostic);
  }

  private accept(event: WatchEvent<T>): number {
    const seq = this.counters.accepted++;
    this.incomingFullReported = false;
    const { incoming } = this;
    if (
      this.distributing ||
      this.stalled !== undefined ||
      incoming.length > 0 ||
      this.options.scheduler !== undefined
    ) {
      incoming.push(event);
      if (!this.distributing && this.stalled === undefined) this.kick();
    } else {
      // Nothing waits and nothing is distributing: the action is distributed at once, without a trip through the
      // queue (a recorder's every event takes this way). Something can wait while nothing distributes: an action a
      // subscriber made before it threw out of delivery (RxJS's deprecated synchronous error handling).
      this.drain(event);
    }
    return seq;
  }

  private dropIncoming(): void {
    this.counters.droppedIncoming++;
    if (this.incomingFullReported) return;
    this.incomingFullReported = true;
    this.report({
      level: 'warning',
      code: 'incoming-queue-full',
      message: `The incoming queue holds ${String(this.options.incomingQueueLength)} undistributed actions; actionOrDrop() drops new ones (counted in stats.droppedIncoming) until distribution catches up.`,
    });
  }

  /** Starts distribution now, or (with a scheduler) in one task that drains everything queued by then. */
  private kick(): void {
    const scheduler = this.options.scheduler;
    if (scheduler === undefined) {
      this.drain();
    } else if (!this.scheduled) {
      // A flag, not the returned Subscription: queueScheduler may run the task before schedule() returns.
      this.scheduled = true;
      scheduler.schedule(this.runScheduled);
    }
  }

  /** Distributes `first`, if given, then what is stalled and queued, in order, until a stall or the queue's end. */
  private drain(first?: WatchEvent<T>): void {
    if (this.distributing) return;
    this.distributing = true;
    try {
      let event = first ?? this.stalled ?? this.incoming.shift();
      while (event !== undefined) {
        this.stalled = undefined;
        if (this.options.waitWhenFull && this.roomless.size > 0 && !this.hasRoomFor(this.current)) {
          this.stalled = event;
          return;
        }
        this.hub.next(event);
        this.current++;
        if (this.waiters.length > 0) this.releaseWaiters();
        // Only this loop stalls, and a drain() from inside it returns at once: nothing is stalled here.
        event = this.incoming.shift();
      }
    } finally {
      // Nothing in the loop is expected to throw (subscribers and handlers are guarded), but a broadcaster left
      // `distributing` would never deliver again.
      this.distributing = false;
    }
    if (this.stopping) this.tryFinish();
  }

  /** Whether every watcher due action `seq` can take it: `'wait'` mode distributes an action to all or none. */
  private hasRoomFor(seq: number): boolean {
    for (const watcher of this.roomless) if (watcher.since <= seq) return false;
    return true;
  }

  private releaseWaiters(): void {
    const waiters = this.waiters;
    let released = 0;
    while (released < waiters.length && (waiters[released]?.seq ?? Infinity) < this.current) released++;
    for (const { resolve } of waiters.splice(0, released)) resolve();
  }

  private tryFinish(): void {
    const finish = this.finishShutdown;
    if (finish === undefined || this.distributing || this.scheduled || this.pending > 0) return;
    for (const watcher of this.watchers) if (!watcher.isSettled()) return;
    this.finishShutdown = undefined;
    this.watchers.clear();
    this.roomless.clear();
    // Every watcher is a subscription to the hub: completing it closes them all.
    this.hub.complete();
    this.diagnostics.complete();
    finish();
  }
}
