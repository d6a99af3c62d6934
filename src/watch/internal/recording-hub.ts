import { defer, EMPTY, finalize, firstValueFrom, from, map, race, Subject, timer } from 'rxjs';
import type { Observable, SchedulerLike, Subscription } from 'rxjs';
import { Broadcaster } from '../broadcaster.js';
import type { Diagnostic, Logger, Watch } from '../types.js';
import { logDiagnostic } from './log-diagnostic.js';
import { recordingCodes } from './recording-codes.js';

/** A diagnostic of a recording layer: the codes of the Broadcaster beneath, and the event it concerns. */
export interface HubDiagnostic<E> extends Diagnostic {
  readonly event?: E | undefined;
}

/** What a recording layer tells its hub. */
export interface RecordingHubConfig<E> {
  readonly queueLength: number;
  readonly scheduler: SchedulerLike;
  readonly logger: Logger | undefined;
  /** `Warning/BackOff about Pod shop/web-0`: an event as diagnostics name it. */
  readonly describe: (event: E) => string;
}

/** Something the hub waits for at shutdown: a recording to a sink, and how to end it. */
export interface HubWriter {
  /** Resolves when its writes have ended, after its watcher completed. */
  readonly done: Promise<unknown>;
  /** Its writes have ended: read synchronously, so that a virtual-time deadline can tell. */
  readonly finished: boolean;
  /** Ends every write still pending, aborting the requests in flight. */
  abandon(): void;
  /** Unsubscribes everything, once done. */
  close(): void;
}

/** The counters of {@link RecordingHub.stats}, named as both layers' stats name them. */
export interface HubStats {
  readonly recorded: number;
  readonly droppedShutdown: number;
  readonly handlerErrors: number;
  readonly droppedQueueFull: number;
  readonly delivered: number;
  readonly droppedWatcherQueueFull: number;
  readonly droppedOnStop: number;
  readonly pending: number;
  readonly watchers: number;
}

/** What every diagnostic has; the rest are the layer's own fields, logged beside the code. */
const ownFields: ReadonlySet<string> = new Set(['level', 'code', 'message', 'cause']);

const stoppedWatch: Watch<never> = Object.freeze({ events$: EMPTY, stop: () => undefined, stopped: true });

/**
 * The part of a recording broadcaster (core/v1's `EventBroadcaster`, events.k8s.io/v1's `EventsV1Broadcaster`) that
 * does not depend on the event's shape (its diagnostics' codes are strings both layers' code unions have): the {@link Broadcaster} beneath, the clock, the diagnostics (to a Subject and
 * the logger), handing events over without blocking, the watchers, and the shutdown that drains them and the sinks'
 * writes within a deadline.
 */
export class RecordingHub<E, D extends HubDiagnostic<E>> {
  readonly broadcaster: Broadcaster<E>;
  readonly scheduler: SchedulerLike;
  readonly diagnostics = new Subject<D>();
  /** Every event recorded from the moment of subscription, each subscription a watcher of its own. */
  readonly events$: Observable<E>;
  /** Calls made after `shutdown()`, each dropped. */
  droppedShutdown = 0;
  /** Handler calls that threw or rejected. */
  handlerErrors = 0;
  /** Shutdown has begun: nothing more is recorded or watched. */
  stopping = false;

  private readonly config: RecordingHubConfig<E>;
  /** The watchers attached, so that a shutdown deadline can stop them. */
  private readonly watches = new Set<Watch<E>>();
  private readonly forwarding: Subscription;

  constructor(config: RecordingHubConfig<E>) {
    const { queueLength, scheduler } = config;
    this.config = config;
    // No distribution scheduler: an event is handed to the watchers on the recording call's stack, so nothing can
    // pile up in the incoming queue except events recorded from inside a watcher (re-entrantly).
    this.broadcaster = new Broadcaster<E>({ queueLength, fullQueue: 'drop' });
    this.scheduler = scheduler;
    this.events$ = defer(() => {
      const watch = this.attach(undefined);
      if (watch === undefined) return EMPTY;
      return watch.events$.pipe(
        map((event) => event.object),
        finalize(() => {
          watch.stop();
        }),
      );
    });
    // Ends by itself: the Broadcaster completes its diagnostics when it has shut down.
    this.forwarding = this.broadcaster.diagnostics$.subscribe((diagnostic) => {
      // Every refused event is reported one by one, with the event; the Broadcaster's once-per-spell notice would
      // only repeat it.
      if (diagnostic.code === 'incoming-queue-full') return;
      if (diagnostic.code === 'watcher-handler-error') this.handlerErrors++;
      // What is left, 'watcher-handler-error' and 'watcher-queue-full', are codes of both layers (a spec checks
      // every code that reaches diagnostics$).
      this.report(diagnostic as D);
    });
  }

  /** The counters both layers report: what was recorded, delivered and dropped, and the watchers. */
  stats(): HubStats {
    const { accepted, delivered, droppedIncoming, droppedWatcher, droppedOnStop, pending, watchers } =
      this.broadcaster.stats;
    return {
      recorded: accepted,
      droppedShutdown: this.droppedShutdown,
      handlerErrors: this.handlerErrors,
      droppedQueueFull: droppedIncoming,
      delivered,
      droppedWatcherQueueFull: droppedWatcher,
      droppedOnStop,
      pending,
      watchers,
    };
  }

  /**
   * Emits a diagnostic and logs it, with the layer's own fields (the reporting component, the event) beside its
   * code; neither a throwing subscriber nor a throwing logger reaches the caller.
   */
  report(diagnostic: D): void {
    this.diagnostics.next(diagnostic);
    const fields = Object.entries(diagnostic).filter(([key, value]) => !ownFields.has(key) && value !== undefined);
    logDiagnostic(this.config.logger, diagnostic, Object.fromEntries(fields));
  }

  /** Hands a made event to the watchers, or reports why it could not, with the layer's `fields`. */
  submit(event: E, fields: Partial<D>): void {
    const { describe } = this.config;
    if (this.stopping) {
      this.droppedShutdown++;
      this.report({
        ...fields,
        level: 'error',
        code: recordingCodes.recordedAfterShutdown,
        message: `Event ${describe(event)} was recorded after shutdown() and is dropped.`,
        event,
      } as D);
    } else if (!this.broadcaster.actionOrDrop('ADDED', event)) {
      this.report({
        ...fields,
        level: 'error',
        code: recordingCodes.queueFull,
        message: `Event ${describe(event)} is dropped: the incoming queue is full (${String(this.config.queueLength)} events recorded from inside a watcher wait there for the current delivery to end).`,
        event,
      } as D);
    }
  }

  /**
   * A watcher calling `handler` (or none, for `events$`); after shutdown one already stopped, and the call reported
   * as `operation()`.
   */
  watch(handler: ((event: E) => void | PromiseLike<void>) | undefined, operation: string): Watch<E> {
    const watch = this.attach(handler);
    if (watch !== undefined) return watch;
    this.report({
      level: 'warning',
      code: recordingCodes.watcherAfterShutdown,
      message: `${operation}() was called after shutdown(): the watcher is returned already stopped and sees no event.`,
    } as D);
    return stoppedWatch;
  }

  /** A watcher of the underlying broadcaster, tracked until stopped; `undefined` once shutdown has begun. */
  attach(handler: ((event: E) => void | PromiseLike<void>) | undefined): Watch<E> | undefined {
    if (this.stopping) return undefined;
    const inner = this.broadcaster.watch(
      handler === undefined ? undefined : { handler: (event) => handler(event.object) },
    );
    const watches = this.watches;
    const watch: Watch<E> = {
      events$: inner.events$,
      stop() {
        watches.delete(watch);
        inner.stop();
      },
      get stopped() {
        return inner.stopped;
      },
    };
    watches.add(watch);
    return watch;
  }

  /**
   * Stops taking events and watchers, delivers what is queued (which completes every watcher, so that each writer
   * finishes its writes), and waits for `writers` up to `timeoutMs` on the scheduler; past it, stops every watcher
   * and abandons every writer. Closes everything; resolves whether the deadline passed first.
   */
  async drain(timeoutMs: number | undefined, writers: readonly HubWriter[]): Promise<boolean> {
    this.stopping = true;
    const written = Promise.all([this.broadcaster.shutdown(), ...writers.map((writer) => writer.done)]);
    // Both sides are subscribed before the first await, so a virtual-time timeout is scheduled at the call. Under a
    // virtual clock the deadline may pass before the promises above could settle: it then asks what is still open,
    // and abandons it at that very moment rather than after an await, when virtual time has run on.
    const timedOut =
      timeoutMs === undefined
        ? false
        : await firstValueFrom(
            race(
              from(written).pipe(map(() => false)),
              timer(timeoutMs, this.scheduler).pipe(
                map(() => {
                  const { pending, watchers } = this.broadcaster.stats;
                  if (pending === 0 && watchers === 0 && writers.every((writer) => writer.finished)) return false;
                  for (const watch of this.watches) watch.stop();
                  for (const writer of writers) writer.abandon();
                  return true;
                }),
              ),
            ),
          );
    await written;
    for (const writer of writers) writer.close();
    this.watches.clear();
    this.forwarding.unsubscribe();
    return timedOut;
  }
}
