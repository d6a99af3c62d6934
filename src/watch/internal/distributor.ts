import { Subject } from 'rxjs';
import type { SchedulerLike } from 'rxjs';
import type { Diagnostic, WatchEvent } from '../types.js';
import { RingQueue } from './ring-queue.js';
import { Watcher } from './watcher.js';
import type { DeliveryCounters, WatcherHost } from './watcher.js';

export interface DistributorOptions {
  readonly queueLength: number;
  readonly waitWhenFull: boolean;
  readonly incomingQueueLength: number;
  readonly scheduler: SchedulerLike | undefined;
}

/** Where distribution of one event stopped in `'wait'` mode, to resume at the same watcher. */
interface Stall<T> {
  readonly watcher: Watcher<T>;
  readonly event: WatchEvent<T>;
  readonly seq: number;
  readonly watchers: readonly Watcher<T>[];
  readonly index: number;
}

interface Waiter {
  readonly seq: number;
  readonly resolve: () => void;
}

const resolved = Promise.resolve();

/**
 * The engine behind `Broadcaster`: one FIFO of actions, distributed to a copy-on-write list of watchers.
 *
 * Ordering rests on sequence numbers rather than on Go's marker events: each accepted action gets the next
 * number, and a watcher remembers the count at its creation (`since`), so it skips every action accepted before
 * it, even one still queued or stalled, and sees every later one. Distribution is trampolined: `distributing`
 * makes a re-entrant action (from a watcher's callback) wait in `incoming` for the running loop, so every
 * watcher sees broadcast order instead of depth-first order.
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
  // Replaced on add and stop, never mutated: distribution iterates the list it started with, so watchers added or
  // stopped by a callback neither shift indices nor get an event they must not see (the `closed` and `since` checks).
  watchers: readonly Watcher<T>[] = [];
  /** `shutdown()` was called: no new watchers or actions. */
  stopping = false;

  private readonly options: DistributorOptions;
  private readonly incoming = new RingQueue<WatchEvent<T>>();
  private readonly waiters = new RingQueue<Waiter>();
  private nextId = 0;
  /** Sequence number of the next action to distribute. */
  private nextSeq = 0;
  /** Actions fully distributed (they finish in order, so this is also the next one's sequence number). */
  private done = 0;
  private distributing = false;
  private scheduled = false;
  private stall: Stall<T> | undefined;
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
    return this.counters.accepted - this.done;
  }

  addWatcher(
    prefix: readonly WatchEvent<T>[],
    queueLength: number,
    handler: ((event: WatchEvent<T>) => void | PromiseLike<void>) | undefined,
  ): Watcher<T> {
    const watcher = new Watcher<T>(this, this.nextId++, this.counters.accepted, queueLength, prefix, handler);
    this.watchers = [...this.watchers, watcher];
    watcher.pump();
    return watcher;
  }

  /** Queues an action whatever the incoming queue's fill (the caller awaits the returned promise instead). */
  action(event: WatchEvent<T>): Promise<void> {
    const seq = this.accept(event);
    if (this.done > seq) return resolved;
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

  watcherChanged(watcher: Watcher<T>): void {
    if (this.stall?.watcher === watcher) this.kick();
    if (this.stopping) this.tryFinish();
  }

  watcherStopped(watcher: Watcher<T>): void {
    this.watchers = this.watchers.filter((w) => w !== watcher);
    this.watcherChanged(watcher);
  }

  report(diagnostic: Diagnostic): void {
    this.diagnostics.next(diagnostic);
  }

  private accept(event: WatchEvent<T>): number {
    const seq = this.counters.accepted++;
    this.incomingFullReported = false;
    this.incoming.push(event);
    if (!this.distributing && this.stall === undefined) this.kick();
    return seq;
  }

  private dropIncoming(): void {
    this.counters.droppedIncoming++;
    if (this.incomingFullReported) return;
    this.incomingFullReported = true;
    this.report({
      level: 'warning',
      code: 'incoming-queue-full',
      message: `The incoming queue holds ${this.options.incomingQueueLength} undistributed actions; actionOrDrop() drops new ones (counted in stats.droppedIncoming) until distribution catches up.`,
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

  private drain(): void {
    if (this.distributing) return;
    this.distributing = true;
    try {
      const stall = this.stall;
      if (stall !== undefined) {
        this.stall = undefined;
        if (!this.distribute(stall.event, stall.seq, stall.watchers, stall.index)) return;
      }
      let event: WatchEvent<T> | undefined;
      while ((event = this.incoming.shift()) !== undefined) {
        if (!this.distribute(event, this.nextSeq++, this.watchers, 0)) return;
      }
    } finally {
      // Nothing in the loop is expected to throw (subscribers and handlers are guarded), but a broadcaster left
      // `distributing` would never deliver again.
      this.distributing = false;
    }
    if (this.stopping) this.tryFinish();
  }

  /** @returns `false` when stalled on a full watcher in `'wait'` mode; distribution resumes there later. */
  private distribute(event: WatchEvent<T>, seq: number, watchers: readonly Watcher<T>[], from: number): boolean {
    for (let index = from; index < watchers.length; index++) {
      const watcher = watchers[index];
      if (watcher === undefined || watcher.closed || seq < watcher.since || watcher.offer(event)) continue;
      if (this.options.waitWhenFull) {
        this.stall = { watcher, event, seq, watchers, index };
        return false;
      }
      watcher.drop();
    }
    this.done = seq + 1;
    if (this.waiters.length > 0) this.releaseWaiters();
    return true;
  }

  private releaseWaiters(): void {
    let waiter: Waiter | undefined;
    while ((waiter = this.waiters.peek()) !== undefined && waiter.seq < this.done) {
      this.waiters.shift();
      waiter.resolve();
    }
  }

  private tryFinish(): void {
    const finish = this.finishShutdown;
    if (finish === undefined || this.distributing || this.scheduled || this.pending > 0) return;
    if (!this.watchers.every((watcher) => watcher.isSettled())) return;
    this.finishShutdown = undefined;
    const watchers = this.watchers;
    this.watchers = [];
    for (const watcher of watchers) watcher.close();
    this.diagnostics.complete();
    finish();
  }
}
