import { Observable, ReplaySubject, share } from 'rxjs';
import type { Subscriber, Subscription, TeardownLogic } from 'rxjs';
import type { BroadcasterWatch, Diagnostic, WatchEvent } from '../types.js';

/** Counters shared by a broadcaster and its watchers; plain mutable numbers so the hot path only increments. */
export interface DeliveryCounters {
  accepted: number;
  delivered: number;
  droppedIncoming: number;
  droppedStopped: number;
  droppedWatcher: number;
  droppedOnStop: number;
}

/** What a watcher tells, and asks, the broadcaster that owns it. */
export interface WatcherHost<T> {
  readonly counters: DeliveryCounters;
  /** Sequence number of the action being distributed: a watcher made after it was accepted skips it. */
  readonly current: number;
  /** The watcher lost room for one more event (`roomless`), or got it back: a `'wait'` stall may end. */
  roomChanged(watcher: Watcher<T>, roomless: boolean): void;
  /** The watcher delivered what it could, or lost its consumer: shutdown may be able to finish. */
  watcherChanged(): void;
  /** `stop()` was called: forget the watcher. */
  watcherStopped(watcher: Watcher<T>): void;
  report(diagnostic: Diagnostic): void;
}

type Handler<T> = (event: WatchEvent<T>) => void | PromiseLike<void>;

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/**
 * One watcher of a broadcaster: a subscription to the broadcaster's `Subject`, a counted gate, a `ReplaySubject`
 * backlog, and a `share()`d `events$` (plus an optional handler) as its consumer.
 *
 * ```
 * hub Subject ──► gate ──(consumer ready and idle, nothing waiting)──────────────► share() ──► subscribers
 *                   │                                                                  └──► handler
 *                   └──(otherwise, while queued < capacity)──► ReplaySubject backlog ──┘ drained in order
 *                   └──(full)──► dropped: counted ('drop'); in 'wait' mode the broadcaster holds the event back
 * ```
 *
 * How client-go's policy sits on `ReplaySubject`, whose own rules differ:
 * - **It evicts the oldest; the policy drops the newest.** The gate counts what waits (`queued`) and refuses an
 *   event once `queued` reaches the capacity, so the `ReplaySubject` (bufferSize = capacity) never fills past it
 *   and never evicts. In `'wait'` mode the broadcaster does not distribute while a watcher has no room.
 * - **It keeps what it replayed; taken events must be released.** A backlog `ReplaySubject` is made when events
 *   start waiting and is drained once: `complete()`, then one subscription, which replays its buffer and ends. The
 *   watcher drops it then, so nothing it held stays reachable from the watcher; the next spell of waiting gets a
 *   fresh one. A consumer that keeps up never touches it: events go straight to `share()`.
 * - **It replays its whole buffer at once; a paced consumer takes one event per settled promise.** So the events a
 *   drain took out wait in `batch`, a plain array, until the consumer reaches each one (slots are cleared as they
 *   are delivered). This is the one small queue left, because no `ReplaySubject` can hand out one event at a time.
 *   Events arriving meanwhile go to a fresh backlog behind it, which keeps the order.
 *
 * `events$` is the watcher's attachment piped through `share()`: one attachment however many subscribers, hot; the
 * first subscriber connects it, and the backlog drains to the subscribers present then. When the last one leaves,
 * `share()` disconnects and events wait again for the next.
 */
export class Watcher<T> implements BroadcasterWatch<T> {
  readonly id: number;
  /** Sequence number of the first action this watcher may see: those accepted before it was created are skipped. */
  readonly since: number;
  readonly events$: Observable<WatchEvent<T>>;
  /** Events dropped because the queue was full. */
  dropped = 0;
  private readonly host: WatcherHost<T>;
  /** No more events will come (stopped or shut down). */
  private closed = false;
  /** Lost room for another event; kept so the broadcaster hears of each change once. */
  private roomless = false;
  private readonly capacity: number;
  private handler: Handler<T> | undefined;
  /** `share()`'s connection while `events$` has subscribers. */
  private output: Subscriber<WatchEvent<T>> | undefined;
  /** Events waiting for the consumer; made on demand, dropped once drained. */
  private backlog: ReplaySubject<WatchEvent<T>> | undefined;
  /** Events waiting in `backlog` and in `batch`: what the gate counts against the capacity. */
  private queued = 0;
  /** Events a drain took out of the backlog, not yet delivered (see the class comment). */
  private batch: (WatchEvent<T> | undefined)[] = [];
  private next = 0;
  /** Delivering now, or waiting for the handler's thenable: nothing else may be delivered before it ends. */
  private busy = false;
  private pumping = false;
  private released = false;
  private fullReported = false;
  private readonly subscription: Subscription;
  private readonly settled = (): void => {
    this.busy = false;
    this.pump();
  };
  private readonly rejected = (error: unknown): void => {
    this.reportHandlerError(error);
    this.settled();
  };

  constructor(
    host: WatcherHost<T>,
    hub: Observable<WatchEvent<T>>,
    id: number,
    since: number,
    capacity: number,
    prefix: readonly WatchEvent<T>[],
    handler: Handler<T> | undefined,
  ) {
    this.host = host;
    this.id = id;
    this.since = since;
    this.capacity = Math.max(capacity, prefix.length);
    this.handler = handler;
    if (prefix.length > 0) {
      const backlog = this.openBacklog();
      for (const event of prefix) backlog.next(event);
      this.queued = prefix.length;
    }
    this.events$ = new Observable<WatchEvent<T>>((subscriber) => this.attach(subscriber)).pipe(share());
    // Ended by stop() (unsubscribe) or by shutdown (the broadcaster completes its Subject).
    this.subscription = hub.subscribe({
      next: (event) => {
        this.offer(event);
      },
      complete: () => {
        this.close();
      },
    });
    this.pump();
  }

  get stopped(): boolean {
    return this.closed;
  }

  /** Nothing to wait for: shutdown may complete this watcher (a backlog without a consumer stays readable). */
  isSettled(): boolean {
    return !this.busy && (this.queued === 0 || !this.isReady());
  }

  stop(): void {
    if (this.released) return;
    this.released = true;
    this.closed = true;
    this.handler = undefined;
    this.host.counters.droppedOnStop += this.queued;
    this.queued = 0;
    this.backlog = undefined;
    this.batch = [];
    this.next = 0;
    this.subscription.unsubscribe();
    this.completeOutput();
    this.host.watcherStopped(this);
  }

  /** The gate: an event from the broadcaster's Subject. */
  private offer(event: WatchEvent<T>): void {
    if (this.host.current < this.since) return;
    if (!this.busy && this.queued === 0 && (this.output !== undefined || this.handler !== undefined)) {
      this.deliver(event);
    } else if (this.queued < this.capacity) {
      (this.backlog ?? this.openBacklog()).next(event);
      this.queued++;
      this.checkRoom();
    } else {
      this.drop();
    }
  }

  private openBacklog(): ReplaySubject<WatchEvent<T>> {
    // bufferSize = capacity: the gate never lets more wait, so the ReplaySubject never evicts one.
    const backlog = new ReplaySubject<WatchEvent<T>>(this.capacity);
    this.backlog = backlog;
    return backlog;
  }

  private drop(): void {
    this.dropped++;
    this.host.counters.droppedWatcher++;
    // Once per full spell, not per event: a stuck consumer would otherwise flood diagnostics$.
    if (this.fullReported) return;
    this.fullReported = true;
    this.host.report({
      level: 'warning',
      code: 'watcher-queue-full',
      message: `Watcher ${String(this.id)} has ${String(this.capacity)} undelivered events; newer events are dropped for it (counted in stats.droppedPerWatcher) until it catches up.`,
    });
  }

  /** Delivers what waits, in order, while the consumer is there and not busy. */
  private pump(): void {
    // A thenable that settles inside then() re-enters here; the loop below goes on with the next event.
    if (this.pumping) return;
    this.pumping = true;
    let event: WatchEvent<T> | undefined;
    while (!this.busy && this.isReady() && (event = this.take()) !== undefined) {
      this.fullReported = false;
      this.deliver(event);
    }
    this.pumping = false;
    if (this.closed && !this.busy && this.queued === 0) this.completeOutput();
    this.checkRoom();
    this.host.watcherChanged();
  }

  /** The oldest waiting event, taken out of the watcher's reach; `undefined` when nothing waits. */
  private take(): WatchEvent<T> | undefined {
    if (this.next === this.batch.length) {
      const backlog = this.backlog;
      if (backlog === undefined) return undefined;
      this.backlog = undefined;
      const batch: WatchEvent<T>[] = [];
      // A completed ReplaySubject replays its buffer to a new subscriber and completes it: the subscription has
      // ended when subscribe() returns (unsubscribe() only says so), and nothing refers to the backlog afterwards.
      backlog.complete();
      backlog.subscribe((waiting) => batch.push(waiting)).unsubscribe();
      this.batch = batch;
      this.next = 0;
    }
    const event = this.batch[this.next];
    this.batch[this.next++] = undefined;
    if (this.next === this.batch.length) {
      this.batch = [];
      this.next = 0;
    }
    this.queued--;
    return event;
  }

  private deliver(event: WatchEvent<T>): void {
    this.busy = true;
    // RxJS subscribers catch their own errors (reported via config.onUnhandledError), so this never throws.
    this.output?.next(event);
    this.host.counters.delivered++;
    // Read after the subscribers ran: one of them may have stopped this watcher, which clears the handler.
    const handler = this.handler;
    if (handler === undefined) this.busy = false;
    else this.callHandler(handler, event);
  }

  /** Kept out of `deliver()`, whose small size lets V8 inline it into the Subject's loop. */
  private callHandler(handler: Handler<T>, event: WatchEvent<T>): void {
    let result: unknown;
    try {
      result = handler(event);
    } catch (error) {
      this.reportHandlerError(error);
    }
    if (!isPromiseLike(result)) {
      this.busy = false;
      return;
    }
    // Busy until the thenable settles, which may be at once. It is called directly rather than through
    // Promise.resolve(): a thenable that settles on a (virtual-time) scheduler resumes delivery right there.
    try {
      result.then(this.settled, this.rejected);
    } catch (error) {
      this.rejected(error);
    }
    if (this.busy) this.checkRoom();
  }

  private reportHandlerError(error: unknown): void {
    this.host.report({
      level: 'error',
      code: 'watcher-handler-error',
      message: `The handler of watcher ${String(this.id)} threw or rejected; that event is lost for it and delivery continues with the next one.`,
      cause: error,
    });
  }

  /** `share()` connects: the first subscriber arrived (again). */
  private attach(subscriber: Subscriber<WatchEvent<T>>): TeardownLogic {
    if (this.closed && this.queued === 0) {
      subscriber.complete();
      return undefined;
    }
    this.output = subscriber;
    this.pump();
    return () => {
      if (this.output !== subscriber) return;
      this.output = undefined;
      this.checkRoom();
      this.host.watcherChanged();
    };
  }

  /** Shutdown: no more events; subscribers complete once what waits is delivered. */
  private close(): void {
    this.closed = true;
    this.handler = undefined;
    if (this.queued === 0) this.completeOutput();
  }

  private completeOutput(): void {
    const output = this.output;
    this.output = undefined;
    output?.complete();
  }

  private isReady(): boolean {
    return this.output !== undefined || this.handler !== undefined;
  }

  /** Room for one more event: a free place in the queue, or a consumer that takes it at once. */
  private checkRoom(): void {
    const roomless = !this.closed && this.queued >= this.capacity && (this.queued > 0 || this.busy || !this.isReady());
    if (roomless === this.roomless) return;
    this.roomless = roomless;
    this.host.roomChanged(this, roomless);
  }
}
