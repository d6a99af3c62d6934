import { asyncScheduler } from 'rxjs';
import type { Observable } from 'rxjs';
import type { CorrelatorOptions } from '../correlate/types.js';
import { checkOptions } from '../meta/internal/check-options.js';
import { checkRecordingOptions } from '../meta/internal/check-recording-options.js';
import type { CoreV1Event } from '../meta/types.js';
import { checkTimeOption } from '../meta/internal/time-option.js';
import type { EventSink } from '../sink/types.js';
import type { Watch } from '../watch/types.js';
import { formatEventLine, structuredEventFields } from './internal/event-log.js';
import { failureCounts } from '../sink/internal/failure-counts.js';
import { Recorder } from './internal/recorder.js';
import { RecordingState } from './internal/recording-state.js';
import { SinkRecording } from './internal/sink-recording.js';
import type {
  EventBroadcasterOptions,
  EventBroadcasterStats,
  EventHandler,
  EventRecorder,
  EventRecorderSource,
  Logger,
  RecordDiagnostic,
  RecordToSinkOptions,
  ShutdownOptions,
  ShutdownReport,
  SinkRecordingStats,
} from './types.js';

/**
 * Fans the events of its recorders out to watchers, loggers and (with the sink layer) the API server: client-go's
 * `record.EventBroadcaster` (core/v1 events) on a {@link Broadcaster}.
 *
 * - **Recording never throws and never blocks.** A recorder builds the event (name `<object>.<hex unix nanos>`,
 *   namespace of the object or `default`, count 1, timestamps from `scheduler.now()`) and hands it over with
 *   `actionOrDrop`. Anything that goes wrong is reported on {@link EventBroadcaster.diagnostics$} (and the `logger`)
 *   and counted in {@link EventBroadcaster.stats}; nothing is dropped silently.
 * - **Delivery.** An event is handed to every watcher on the recording call's stack: a synchronous handler runs
 *   before `event()` returns (keep it light), an asynchronous one (returning a promise) is given the next event
 *   only when its promise settles, the events in between waiting in its queue of `queueLength` (then dropped for
 *   that watcher, counted). Events recorded from inside a handler are queued behind the current one (at most
 *   `queueLength`, then dropped, counted). Each watcher sees events in recording order; a watcher started after
 *   an event never sees it.
 * - **Shared, frozen events.** Every watcher gets the same frozen event object: copy it to change it.
 * - **Shutdown** stops taking events and watchers, delivers what is queued, completes every watcher, and resolves
 *   a {@link ShutdownReport}; after it nothing is left running.
 *
 * A handler whose promise settles 4 frames after each call, and `shutdown()` at S:
 * ```
 * recorder.event   a-b-c-S
 * events$          a-b-c-------|    completes when every watcher has taken everything
 * slow handler     a---b---c---|    b and c wait in its queue; c's promise settles at frame 12
 * ```
 *
 * @example
 * ```ts
 * import { EventBroadcaster } from 'rx-kube-events';
 *
 * const broadcaster = new EventBroadcaster({ logger });
 * broadcaster.startStructuredLogging(logger);
 * const recorder = broadcaster.newRecorder({ component: 'my-operator', host: process.env.HOSTNAME });
 * recorder.eventf(pod, 'Warning', 'BackOff', 'Back-off restarting failed container %s', 'web');
 * const report = await broadcaster.shutdown({ timeoutMs: 10_000 });
 * ```
 */
export class EventBroadcaster {
  /**
   * Every event recorded from the moment of subscription, for application streams. Each subscription is a watcher
   * of its own (a queue of `queueLength`); it completes when the broadcaster has shut down, at once when
   * subscribed afterwards, and unsubscribing stops that watcher. Never errors.
   *
   * ```
   * recorder.event   -a-b--c----S      S: shutdown()
   * events$          -a-b--c----|
   * events$ (later)      ^-c----|      subscribed after b: sees only what follows
   * ```
   */
  readonly events$: Observable<CoreV1Event>;

  /**
   * Problems reported instead of thrown: the recorder's (see {@link RecordDiagnosticCode}: invalid object, type or
   * timestamp, a message that could not be formatted, fields cut to the server's limits, a full queue, recording or
   * watching after shutdown, an unexpected failure) and the watchers' (`'watcher-handler-error'`, `cause` holding
   * what the handler threw; `'watcher-queue-full'`, once per spell). Hot; it does not complete at shutdown, so that
   * events recorded afterwards are still reported.
   */
  readonly diagnostics$: Observable<RecordDiagnostic>;

  private readonly state: RecordingState;
  /** Given to every sink's own correlator and writer unless `startRecordingToSink` overrides them. */
  private readonly correlatorOptions: CorrelatorOptions | undefined;
  private readonly retry: RecordToSinkOptions['retry'];
  private readonly sinkRecordings: SinkRecording[] = [];
  /** The summed counters of the recordings released after their watch was stopped and their writes ended. */
  private released: SinkRecordingStats = emptySinkStats();
  private readonly signal: AbortSignal | undefined;
  private shutdownReport: Promise<ShutdownReport> | undefined;
  private readonly onAbort = (): void => {
    void this.shutdown();
  };

  /**
   * @param options - queue length, clock, abort signal, logger and correlator options; see {@link EventBroadcasterOptions}
   * @throws RangeError when `queueLength` is not an integer ≥ 0
   * @throws TypeError when `options` is not an object, `scheduler` has no `now()` and `schedule()`, `signal` is not
   *   an `AbortSignal`, or `logger` lacks `info()`, `warn()` or `error()`
   */
  constructor(options: EventBroadcasterOptions = {}) {
    const checked = checkOptions(options, 'EventBroadcaster');
    const { queueLength = 1000, scheduler = asyncScheduler, signal, logger, correlator, retry } = checked;
    checkRecordingOptions(checked, 'EventBroadcaster');
    this.state = new RecordingState(queueLength, scheduler, logger);
    this.correlatorOptions = correlator;
    this.retry = retry;
    this.events$ = this.state.hub.events$;
    this.diagnostics$ = this.state.hub.diagnostics.asObservable();
    this.signal = signal;
    if (signal?.aborted === true) void this.shutdown();
    else signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /**
   * A snapshot of the counters: what was recorded, refused, dropped (incoming queue full, after shutdown, per
   * watcher, on stop), cut or not formatted, delivered, and handler failures.
   */
  get stats(): EventBroadcasterStats {
    return {
      ...this.state.stats(),
      sinks: this.sinkRecordings.map((recording) => recording.stats()),
      sinksReleased: this.released,
    };
  }

  /**
   * A recorder whose events come from `source`: `source.component` and `source.host` become the event's `source`,
   * `reportingComponent` and `reportingInstance` (`''` without a host).
   *
   * @param source - the reporting component and, optionally, its host
   * @returns a recorder; it may be used before and after shutdown (afterwards its events are dropped and reported)
   * @throws TypeError when `source` is not an object, `component` is not a non-empty string or `host` is not a string
   * @example
   * ```ts
   * import { EventBroadcaster } from 'rx-kube-events';
   * const recorder = new EventBroadcaster().newRecorder({ component: 'my-operator', host: os.hostname() });
   * ```
   */
  newRecorder(source: EventRecorderSource): EventRecorder {
    // Checked at run time for JavaScript callers, whom the types do not stop.
    if (typeof (source as unknown) !== 'object' || (source as unknown) === null) {
      throw new TypeError("newRecorder() needs a source, e.g. { component: 'my-operator' }");
    }
    const { component, host } = source;
    if (typeof component !== 'string' || component === '') {
      throw new TypeError('newRecorder() needs a non-empty component name, e.g. { component: "my-operator" }');
    }
    if (host !== undefined && typeof host !== 'string') throw new TypeError('newRecorder(): host must be a string');
    return new Recorder(this.state, host === undefined ? { component } : { component, host });
  }

  /**
   * A watch of every event recorded from now on: Go's `Broadcaster.Watch()`, whose buffer starts at the call.
   *
   * Unlike {@link EventBroadcaster.events$} (from the moment of subscription), the handle buffers from the moment
   * it is made: a subscriber that arrives later first gets up to `queueLength` events recorded since then (the
   * newer ones are dropped for it once its queue is full, counted in `droppedWatcherQueueFull`), then every later
   * one. `events$` is shared: subscribers present when the first one arrives get that backlog, later ones what
   * follows; unsubscribing does not stop the watch, so call `stop()` when done. `events$` completes at shutdown
   * (after the backlog, for a subscriber that comes afterwards). After shutdown the returned watch is already
   * stopped and the call is reported (`'watcher-after-shutdown'`).
   *
   * ```
   * recorder.event   a-b-c----d
   * watch()          ^                  made at frame 0
   * events$          ----(abc)d         subscribed at frame 4: the backlog, then live
   * ```
   *
   * @returns the watch; its `events$` carries `{ type: 'ADDED', object: event }` (events frozen, shared)
   * @example
   * ```ts
   * import { EventBroadcaster } from 'rx-kube-events';
   * const broadcaster = new EventBroadcaster();
   * const watch = broadcaster.watch(); // buffering starts here
   * broadcaster.newRecorder({ component: 'my-operator' }).event(pod, 'Normal', 'Started', 'Started');
   * watch.events$.subscribe(({ object }) => console.log(object.reason)); // 'Started'
   * watch.stop();
   * ```
   */
  watch(): Watch<CoreV1Event> {
    return this.watchWith(undefined, 'watch');
  }

  /**
   * Calls `handler` with every event recorded from now on: client-go's `StartEventWatcher`.
   *
   * One handler call at a time, in recording order: a returned promise holds back the next event until it
   * settles (the events in between wait in the watcher's queue of `queueLength`, then are dropped for it,
   * counted in `droppedWatcherQueueFull`). A handler that throws or rejects is reported as
   * `'watcher-handler-error'` and is called again with the next event. After shutdown the returned watch is
   * already stopped and the call is reported (`'watcher-after-shutdown'`), as client-go returns an empty watch.
   *
   * ```
   * recorded   a-b-c-----------
   * handler    a---b---c           (each call's promise settles 4 frames later)
   * ```
   *
   * @param handler - called with each event (frozen, shared with other watchers)
   * @returns the watch; `stop()` detaches the handler (undelivered events are counted in `droppedOnStop`)
   * @throws TypeError when `handler` is not a function
   * @example
   * ```ts
   * import { EventBroadcaster } from 'rx-kube-events';
   * const watch = broadcaster.startEventWatcher(async (event) => { await audit.save(event); });
   * // later
   * watch.stop();
   * ```
   */
  startEventWatcher(handler: EventHandler): Watch<CoreV1Event> {
    if (typeof handler !== 'function') throw new TypeError('startEventWatcher() needs a handler function');
    return this.watchWith(handler, 'startEventWatcher');
  }

  /**
   * Writes every event recorded from now on to `sink`: client-go's `StartRecordingToSink`, burst-safe.
   *
   * The sink gets a correlator of its own (aggregation, dedup, spam filter; as client-go, so two sinks never share
   * counts). Each event is correlated the moment it arrives, so this watcher's queue never backs up behind network
   * writes; skipped events are counted; the rest go to a writer (`writeToSink`) that creates new events, patches
   * repeated ones (a patch answered 404 becomes a create), retries what may succeed later, and keeps one pending
   * write per event key, so that a burst sends only the newest count of each event.
   *
   * ```
   * recorded    a1 a2 a3 b1 ……………          a: one event repeated 3 times; b: another; all in one burst
   * sink calls  create a1 ─ patch a(3)      a2, a3 coalesce into the patch sent after a1's create returns
   *             create b1                   different keys run concurrently (`concurrency`, default 4)
   * ```
   *
   * What happened to every event is counted in `stats.sinks` and the {@link ShutdownReport}; failures, drops and
   * abandoned writes are reported on {@link EventBroadcaster.diagnostics$}. `shutdown()` waits for the writes.
   *
   * @param sink - where the events are written, e.g. `new CoreV1EventSink(kubeConfig)`
   * @param options - this sink's correlator, pipeline, retry, concurrency and bound; `clientGoWriteOptions` writes like
   *   client-go
   * @returns the watch; `stop()` detaches the sink (writes already pending still finish, then the recording is
   *   released and its counters move to `stats.sinksReleased`)
   * @throws TypeError when `sink` lacks `create` or `patch`, `options` is not an object, `pipeline` is not a function
   *   returning an Observable, or a callback option is not a function
   * @throws RangeError when an option is out of range (checked here, at the call)
   * @example
   * ```ts
   * import { CoreV1EventSink, EventBroadcaster } from 'rx-kube-events';
   * const broadcaster = new EventBroadcaster();
   * broadcaster.startRecordingToSink(new CoreV1EventSink(kubeConfig));
   * ```
   */
  startRecordingToSink(sink: EventSink, options: RecordToSinkOptions = {}): Watch<CoreV1Event> {
    // Checked at run time for JavaScript callers, whom the types do not stop.
    const candidate = sink as Partial<EventSink> | undefined;
    if (typeof candidate?.create !== 'function' || typeof candidate.patch !== 'function') {
      throw new TypeError(
        'startRecordingToSink() needs an EventSink with create() and patch(), e.g. a CoreV1EventSink',
      );
    }
    checkOptions(options, 'startRecordingToSink()');
    const { correlator = this.correlatorOptions, retry = this.retry, ...rest } = options;
    if (this.state.stopping) return this.watchWith(() => undefined, 'startRecordingToSink');
    // Built before the watcher is attached, so that a bad option or pipeline throws here and leaves nothing behind.
    const recording = new SinkRecording(this.state, sink, { ...rest, correlator, retry });
    const watch = this.attach(undefined);
    if (watch === undefined) return this.watchWith(() => undefined, 'startRecordingToSink');
    this.sinkRecordings.push(recording);
    recording.start(watch);
    void recording.done.then(() => {
      this.release(recording);
    });
    return watch;
  }

  /** A recording whose watch was stopped and whose writes have ended: its counters move to `sinksReleased`. */
  private release(recording: SinkRecording): void {
    // At shutdown every recording stays listed, so that the report shows each sink.
    if (this.state.stopping) return;
    const index = this.sinkRecordings.indexOf(recording);
    if (index === -1) return;
    this.sinkRecordings.splice(index, 1);
    this.released = sumSinkStats([this.released, recording.stats()]);
    recording.close();
  }

  /**
   * Writes one line per event with `logf`, in client-go's `StartLogging` format:
   * `Event(v1.ObjectReference{Kind:"Pod", Namespace:"shop", Name:"web-0", UID:"…", APIVersion:"v1",
   * ResourceVersion:"42", FieldPath:""}): type: 'Warning' reason: 'BackOff' Back-off restarting failed container`.
   *
   * @param logf - takes each line, e.g. `(line) => console.log(line)`
   * @returns the watch, as {@link EventBroadcaster.startEventWatcher}
   * @throws TypeError when `logf` is not a function
   * @example
   * ```ts
   * import { EventBroadcaster } from 'rx-kube-events';
   * new EventBroadcaster().startLogging((line) => console.log(line));
   * ```
   */
  startLogging(logf: (line: string) => void): Watch<CoreV1Event> {
    if (typeof logf !== 'function') throw new TypeError('startLogging() needs a function taking a line');
    return this.watchWith((event) => {
      logf(formatEventLine(event));
    }, 'startLogging');
  }

  /**
   * Logs every event with `logger.info(fields, 'Event occurred')`, as client-go's `StartStructuredLogging`: the
   * fields are `object` (`namespace/name`, or `name` without a namespace), `fieldPath`, `kind`, `apiVersion`,
   * `type`, `reason` and `message` (empty strings when absent).
   *
   * @param logger - a pino-compatible logger
   * @returns the watch, as {@link EventBroadcaster.startEventWatcher}
   * @throws TypeError when `logger.info` is not a function
   * @example
   * ```ts
   * import pino from 'pino';
   * import { EventBroadcaster } from 'rx-kube-events';
   * new EventBroadcaster().startStructuredLogging(pino());
   * ```
   */
  startStructuredLogging(logger: Logger): Watch<CoreV1Event> {
    // Checked at run time for JavaScript callers, whom the types do not stop.
    if (typeof (logger as Partial<Logger> | undefined)?.info !== 'function') {
      throw new TypeError('startStructuredLogging() needs a logger with an info(fields, message) method');
    }
    return this.watchWith((event) => {
      logger.info(structuredEventFields(event), 'Event occurred');
    }, 'startStructuredLogging');
  }

  /**
   * Stops taking events and watchers, delivers what is queued to every watcher (waiting for pending handler
   * promises), completes them, and resolves what happened. Idempotent: every call returns the first call's
   * promise. Recording afterwards is dropped, counted and reported. Aborting the `signal` calls it.
   *
   * With `timeoutMs`, when the time passes first every watcher is stopped: what it had not taken is discarded
   * (counted in `droppedOnStop`) and the report says `timedOut: true`. Afterwards nothing is left running: no
   * timer, no watcher, no abort listener.
   *
   * @param options - an optional `timeoutMs`
   * @returns the final counters
   * @throws TypeError when `options` is not an object
   * @throws RangeError when `timeoutMs` is not a number of milliseconds in 0–2³¹ − 1 or `Infinity` (no deadline)
   * @example
   * ```ts
   * import { EventBroadcaster } from 'rx-kube-events';
   * process.once('SIGTERM', async () => {
   *   const report = await broadcaster.shutdown({ timeoutMs: 10_000 });
   *   logger.info(report, 'events flushed');
   * });
   * ```
   */
  shutdown(options: ShutdownOptions = {}): Promise<ShutdownReport> {
    checkOptions(options, 'shutdown()');
    const { timeoutMs } = options;
    if (timeoutMs !== undefined) checkTimeOption('shutdown(): timeoutMs', timeoutMs, 'no-limit');
    this.shutdownReport ??= this.drain(timeoutMs === Infinity ? undefined : timeoutMs);
    return this.shutdownReport;
  }

  private async drain(timeoutMs: number | undefined): Promise<ShutdownReport> {
    this.signal?.removeEventListener('abort', this.onAbort);
    // Delivering what is queued completes every watcher; a sink's recording then finishes its pending writes.
    const timedOut = await this.state.hub.drain(timeoutMs, this.sinkRecordings);
    return report(this.stats, timedOut);
  }

  private watchWith(handler: EventHandler | undefined, operation: string): Watch<CoreV1Event> {
    return this.state.hub.watch(handler, operation);
  }

  /** A watcher of the underlying broadcaster, tracked until stopped; `undefined` once shutdown has begun. */
  private attach(handler: EventHandler | undefined): Watch<CoreV1Event> | undefined {
    return this.state.hub.attach(handler);
  }
}

function emptySinkStats(): SinkRecordingStats {
  return sumSinkStats([]);
}

/** Counters of several sinks added up, failures merged. */
function sumSinkStats(sinks: readonly SinkRecordingStats[]): SinkRecordingStats {
  const sum = (pick: (sink: SinkRecordingStats) => number): number =>
    sinks.reduce((total, sink) => total + pick(sink), 0);
  return {
    received: sum((s) => s.received),
    filtered: sum((s) => s.filtered),
    stageFailed: sum((s) => s.stageFailed),
    skipped: sum((s) => s.skipped),
    correlationFailed: sum((s) => s.correlationFailed),
    written: sum((s) => s.written),
    created: sum((s) => s.created),
    patched: sum((s) => s.patched),
    coalesced: sum((s) => s.coalesced),
    failed: sum((s) => s.failed),
    dropped: sum((s) => s.dropped),
    abandoned: sum((s) => s.abandoned),
    pending: sum((s) => s.pending),
    attempts: sum((s) => s.attempts),
    failures: failureCounts(sinks.map((s) => s.failures)),
  };
}

function report(stats: EventBroadcasterStats, timedOut: boolean): ShutdownReport {
  const { recorded, delivered, droppedQueueFull, droppedShutdown, droppedWatcherQueueFull, droppedOnStop } = stats;
  const sinks = sumSinkStats([...stats.sinks, stats.sinksReleased]);
  return {
    recorded,
    delivered,
    dropped: droppedQueueFull + droppedShutdown + droppedWatcherQueueFull + droppedOnStop + sinks.dropped,
    rejected: stats.invalid + stats.failed,
    timedOut,
    written: sinks.written,
    skipped: sinks.skipped,
    filtered: sinks.filtered,
    failed: sinks.failed + sinks.correlationFailed + sinks.stageFailed,
    failures: sinks.failures,
    abandoned: sinks.abandoned,
    stats,
  };
}
