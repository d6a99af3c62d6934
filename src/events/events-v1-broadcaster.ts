import { hostname } from 'node:os';
import { asyncScheduler } from 'rxjs';
import type { Observable } from 'rxjs';
import { checkOptions } from '../meta/internal/check-options.js';
import { checkRecordingOptions } from '../meta/internal/check-recording-options.js';
import { describeType } from '../meta/internal/describe-type.js';
import { checkTimeOption } from '../meta/internal/time-option.js';
import { eventFieldLimits } from '../meta/limit-event-fields.js';
import { isQualifiedName } from '../meta/names.js';
import { truncateUtf8 } from '../meta/truncate-utf8.js';
import type { EventsV1Event } from '../meta/types.js';
import type { EventSink } from '../sink/types.js';
import { RecordingHub } from '../watch/internal/recording-hub.js';
import type { Logger, Watch } from '../watch/types.js';
import { AlreadyRecordingError } from './already-recording-error.js';
import { eventsV1LogFields, formatEventsV1Line } from './internal/event-log.js';
import type { RecorderCounters } from './internal/counters.js';
import { describeEventsV1Event } from './internal/make-event.js';
import { EventsV1RecorderImpl } from './internal/recorder.js';
import { SeriesRecording } from './internal/series-recording.js';
import { EventsV1DiagnosticCode } from './types.js';
import type {
  EventsV1BroadcasterOptions,
  EventsV1BroadcasterStats,
  EventsV1Diagnostic,
  EventsV1Handler,
  EventsV1Recorder,
  EventsV1RecorderOptions,
  EventsV1RecordToSinkOptions,
  EventsV1ShutdownReport,
} from './types.js';

/**
 * Records events.k8s.io/v1 events with series: client-go's `events.EventBroadcaster` (`tools/events`) on a
 * {@link Broadcaster}, beside the core/v1 {@link EventBroadcaster}.
 *
 * - **Recording never throws and never blocks.** A recorder builds the event (name `<regarding>.<hex unix nanos>`,
 *   the regarding object's namespace or `default`, `eventTime` from `scheduler.now()`, the reporting controller and
 *   instance, action, reason, regarding, related, note) and hands it over with `actionOrDrop` (client-go v0.36
 *   starts a goroutine per event that blocks on a queue of 25). Bad input and drops are diagnostics and counters.
 * - **Series.** {@link EventsV1Broadcaster.startRecordingToSink} runs the events through {@link eventSeries}: the
 *   first occurrence of a key is created, the second patches `{"series":{"count":2,…}}`, later ones count in the
 *   cache until the 30-minute heartbeat or the 6-minute finish sends the newest count. Its loops run on the
 *   scheduler and stop at shutdown, which also sends every open series' newest count.
 * - **Delivery and shutdown** as {@link EventBroadcaster}: each watcher in recording order, on the recording call's
 *   stack (a promise-returning handler holds back the next event), frozen shared events; `shutdown()` delivers what
 *   is queued, completes the watchers, waits for the writes and resolves a report.
 *
 * ```text
 * eventf (one key)   a--a--a--a-------S         S: shutdown()
 * sink               C--P2-------------P4|      C: create; P2: patch count 2; P4: the flush of count 4
 * ```
 *
 * @example
 * ```ts
 * import { KubeConfig } from '@kubernetes/client-node';
 * import { EventsV1Broadcaster, EventsV1EventSink } from 'rx-kube-events';
 *
 * const kc = new KubeConfig();
 * kc.loadFromDefault();
 * const broadcaster = new EventsV1Broadcaster();
 * broadcaster.startRecordingToSink(new EventsV1EventSink(kc));
 * const recorder = broadcaster.newRecorder('example.com/shop-operator');
 * recorder.eventf(pod, undefined, 'Warning', 'BackOff', 'Pull', 'Back-off pulling image %s', 'shop:1.2');
 * const report = await broadcaster.shutdown({ timeoutMs: 10_000 });
 * ```
 */
export class EventsV1Broadcaster {
  /**
   * Every event recorded from the moment of subscription, for application streams: a watcher of its own per
   * subscription (queue of `queueLength`), completed at shutdown (at once when subscribed afterwards). Never errors.
   */
  readonly events$: Observable<EventsV1Event>;

  /**
   * Problems reported instead of thrown (see {@link EventsV1DiagnosticCode}): the recorder's, the sink
   * recording's and the watchers'. Hot; it does not complete at shutdown.
   */
  readonly diagnostics$: Observable<EventsV1Diagnostic>;

  private readonly hub: RecordingHub<EventsV1Event, EventsV1Diagnostic>;
  private readonly counters: RecorderCounters = {
    invalid: 0,
    failed: 0,
    truncated: 0,
    formatFailed: 0,
    relatedDropped: 0,
  };
  private readonly signal: AbortSignal | undefined;
  private recording: SeriesRecording | undefined;
  private shutdownReport: Promise<EventsV1ShutdownReport> | undefined;
  private readonly onAbort = (): void => {
    void this.shutdown();
  };

  /**
   * @param options - queue length, clock, abort signal and logger; see {@link EventsV1BroadcasterOptions}
   * @throws RangeError when `queueLength` is not an integer ≥ 0
   * @throws TypeError when `options` is not an object, `scheduler` has no `now()` and `schedule()`, `signal` is not
   *   an `AbortSignal`, or `logger` lacks `info()`, `warn()` or `error()`
   */
  constructor(options: EventsV1BroadcasterOptions = {}) {
    const checked = checkOptions(options, 'EventsV1Broadcaster');
    const { queueLength = 1000, scheduler = asyncScheduler, signal, logger } = checked;
    checkRecordingOptions(checked, 'EventsV1Broadcaster');
    this.hub = new RecordingHub({ queueLength, scheduler, logger, describe: describeEventsV1Event });
    this.events$ = this.hub.events$;
    this.diagnostics$ = this.hub.diagnostics.asObservable();
    this.signal = signal;
    if (signal?.aborted === true) void this.shutdown();
    else signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /** A snapshot of the counters: the recorders', the watchers' and the sink recording's. */
  get stats(): EventsV1BroadcasterStats {
    return { ...this.hub.stats(), ...this.counters, sink: this.recording?.stats() };
  }

  /**
   * A recorder reporting as `reportingController`: client-go's `NewRecorder(scheme, reportingController)`.
   *
   * @param reportingController - who reports, a qualified name as the API requires, e.g. `'example.com/shop-operator'`
   * @param options - `reportingInstance`, by default `<reportingController>-<os.hostname()>` (cut to 128 bytes, with
   *   a diagnostic, when longer)
   * @returns a recorder; it may be used before and after shutdown (afterwards its events are dropped and reported)
   * @throws TypeError when `reportingController` or `reportingInstance` is not a string, or `options` not an object
   * @throws RangeError when `reportingController` is not a qualified name, or `reportingInstance` is empty
   * @example
   * ```ts
   * import { EventsV1Broadcaster } from 'rx-kube-events';
   * const recorder = new EventsV1Broadcaster().newRecorder('example.com/shop-operator', {
   *   reportingInstance: process.env.POD_NAME,
   * });
   * ```
   */
  newRecorder(reportingController: string, options: EventsV1RecorderOptions = {}): EventsV1Recorder {
    // Checked at run time for JavaScript callers, whom the types do not stop.
    if (typeof (reportingController as unknown) !== 'string') {
      throw new TypeError(
        `newRecorder() needs the reporting controller's name, e.g. 'example.com/shop-operator'; got ${describeType(reportingController)}`,
      );
    }
    if (!isQualifiedName(reportingController)) {
      throw new RangeError(
        `newRecorder(): reportingController ${JSON.stringify(reportingController)} is not a qualified name, which events.k8s.io requires: an optional DNS-subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit (e.g. 'example.com/shop-operator')`,
      );
    }
    const { reportingInstance = `${reportingController}-${hostname()}` } = checkOptions(options, 'newRecorder()');
    if (typeof (reportingInstance as unknown) !== 'string') {
      throw new TypeError(`newRecorder(): reportingInstance must be a string, got ${describeType(reportingInstance)}`);
    }
    if (reportingInstance === '') {
      throw new RangeError(
        "newRecorder(): reportingInstance must not be empty (events.k8s.io requires one); leave it out for '<controller>-<hostname>'",
      );
    }
    const limit = eventFieldLimits.reportingInstance;
    const instance = truncateUtf8(reportingInstance, limit);
    if (instance !== reportingInstance) {
      // Once here rather than on every event: the API server would refuse each one with a 422.
      this.hub.report({
        level: 'warning',
        code: EventsV1DiagnosticCode.eventTruncated,
        message: `newRecorder(): reportingInstance ${JSON.stringify(reportingInstance)} is over the API server's ${String(limit)} bytes; its events carry it cut on a UTF-8 boundary, ${JSON.stringify(instance)} (set a shorter reportingInstance, e.g. the pod's name).`,
        reportingController,
      });
    }
    return new EventsV1RecorderImpl(this.hub, this.counters, { controller: reportingController, instance });
  }

  /**
   * A watch of every event recorded from now on, buffered from the call (Go's `Broadcaster.Watch()`); see
   * `EventBroadcaster.watch()`. After shutdown the watch is already stopped and the call reported.
   *
   * @returns the watch; its `events$` carries `{ type: 'ADDED', object: event }` (events frozen, shared)
   * @example
   * ```ts
   * import { EventsV1Broadcaster } from 'rx-kube-events';
   * const broadcaster = new EventsV1Broadcaster();
   * const watch = broadcaster.watch();
   * watch.events$.subscribe(({ object }) => console.log(object.reason, object.series?.count));
   * ```
   */
  watch(): Watch<EventsV1Event> {
    return this.hub.watch(undefined, 'watch');
  }

  /**
   * Calls `handler` with every event recorded from now on: client-go's `StartEventWatcher`. One call at a time, in
   * recording order; a returned promise holds back the next event. A handler that throws or rejects is reported as
   * `'watcher-handler-error'` and gets the next event.
   *
   * @param handler - called with each event (frozen, shared with other watchers)
   * @returns the watch; `stop()` detaches the handler
   * @throws TypeError when `handler` is not a function
   * @example
   * ```ts
   * import { EventsV1Broadcaster } from 'rx-kube-events';
   * const watch = new EventsV1Broadcaster().startEventWatcher((event) => console.log(event.note));
   * watch.stop();
   * ```
   */
  startEventWatcher(handler: EventsV1Handler): Watch<EventsV1Event> {
    if (typeof handler !== 'function') throw new TypeError('startEventWatcher() needs a handler function');
    return this.hub.watch(handler, 'startEventWatcher');
  }

  /**
   * Writes every event recorded from now on to `sink`, with series: client-go's `StartRecordingToSink`, once per
   * broadcaster, burst-safe.
   *
   * Each event goes through {@link eventSeries} the moment it arrives (so the watcher's queue never backs up behind
   * network writes) and its steps into a writer (`writeToSink`) that keeps one pending write per event: a burst
   * sends the create and one patch with the newest count. A patch answered 404 creates the event with its series;
   * a create then answered AlreadyExists patches again. The heartbeat and finish loops run on the scheduler until
   * shutdown, which sends every open series' newest count and waits for the writes.
   *
   * The `pipeline` option takes your own stages around the series stage, as core/v1's does:
   * `(events$, { series }) => events$.pipe(filter(…), series())`, `series()` bound to this recording's own cache and
   * options. An event a stage removes is counted in `filtered`; a stage that throws is reported as
   * `'pipeline-stage-failed'`, counted in `stageFailed`, and the pipeline is subscribed again on the same series.
   *
   * ```text
   * eventf     a1 a2 a3 … a10 (one burst, one key)     S: shutdown()
   * sink       create a ─ patch a series 2 … S ─ (coalesced: patch a series 10)
   * ```
   *
   * @param sink - where the events are written, e.g. `new EventsV1EventSink(kubeConfig)`
   * @param options - the series stage's key, bound and periods; your pipeline; the writer's retry, concurrency and
   *   bound
   * @returns the watch; `stop()` ends the recording (its open series are flushed, its writes finish)
   * @throws AlreadyRecordingError when called a second time (client-go v0.36 would count every event twice)
   * @throws TypeError when `sink` lacks `create` or `patch`, an option is not what it should be, or `pipeline` is not
   *   a function returning an Observable
   * @throws RangeError when an option is out of range (checked here, at the call)
   * @example
   * ```ts
   * import { filter } from 'rxjs';
   * import { EventsV1Broadcaster, EventsV1EventSink, clientGoEventsCompatible } from 'rx-kube-events';
   * new EventsV1Broadcaster().startRecordingToSink(new EventsV1EventSink(kubeConfig), {
   *   retry: clientGoEventsCompatible,
   *   pipeline: (events$, { series }) => events$.pipe(filter((event) => event.type === 'Warning'), series()),
   * });
   * ```
   */
  startRecordingToSink(
    sink: EventSink<EventsV1Event>,
    options: EventsV1RecordToSinkOptions = {},
  ): Watch<EventsV1Event> {
    // Checked at run time for JavaScript callers, whom the types do not stop.
    const candidate = sink as Partial<EventSink<EventsV1Event>> | undefined;
    if (typeof candidate?.create !== 'function' || typeof candidate.patch !== 'function') {
      throw new TypeError(
        'startRecordingToSink() needs an EventSink<EventsV1Event> with create() and patch(), e.g. an EventsV1EventSink',
      );
    }
    checkOptions(options, 'startRecordingToSink()');
    if (this.recording !== undefined) throw new AlreadyRecordingError();
    // Built before the watcher is attached, so that a bad option throws here and leaves nothing behind.
    const recording = new SeriesRecording(this.hub, sink, options);
    const watch = this.hub.attach(undefined);
    if (watch === undefined) return this.hub.watch(undefined, 'startRecordingToSink');
    this.recording = recording;
    recording.start(watch);
    return watch;
  }

  /**
   * Writes one line per event with `logf`: the "Event occurred" line of client-go's `StartLogging` as klog's text
   * format writes it, `"Event occurred" object="shop/web-0" kind="Pod" apiVersion="v1" type="Warning"
   * reason="BackOff" action="Pull" note="Back-off pulling image"` (values quoted as Go's `%q`).
   *
   * @param logf - takes each line, e.g. `(line) => console.log(line)`
   * @returns the watch, as {@link EventsV1Broadcaster.startEventWatcher}
   * @throws TypeError when `logf` is not a function
   * @example
   * ```ts
   * import { EventsV1Broadcaster } from 'rx-kube-events';
   * new EventsV1Broadcaster().startLogging((line) => console.log(line));
   * ```
   */
  startLogging(logf: (line: string) => void): Watch<EventsV1Event> {
    if (typeof logf !== 'function') throw new TypeError('startLogging() needs a function taking a line');
    return this.hub.watch((event) => {
      logf(formatEventsV1Line(event));
    }, 'startLogging');
  }

  /**
   * Logs every event with `logger.info(fields, 'Event occurred')`, as client-go's `tools/events` `StartLogging`
   * does: `object` (`namespace/name` of `regarding`, or `name`), `kind`, `apiVersion`, `type`, `reason`, `action`
   * and `note` (empty strings when absent).
   *
   * @param logger - a pino-compatible logger
   * @returns the watch, as {@link EventsV1Broadcaster.startEventWatcher}
   * @throws TypeError when `logger.info` is not a function
   * @example
   * ```ts
   * import pino from 'pino';
   * import { EventsV1Broadcaster } from 'rx-kube-events';
   * new EventsV1Broadcaster().startStructuredLogging(pino());
   * ```
   */
  startStructuredLogging(logger: Logger): Watch<EventsV1Event> {
    if (typeof (logger as Partial<Logger> | undefined)?.info !== 'function') {
      throw new TypeError('startStructuredLogging() needs a logger with an info(fields, message) method');
    }
    return this.hub.watch((event) => {
      logger.info(eventsV1LogFields(event), 'Event occurred');
    }, 'startStructuredLogging');
  }

  /**
   * Stops taking events and watchers, delivers what is queued, completes every watcher, stops the series loops,
   * sends every open series' newest count, waits for the writes and resolves what happened. Idempotent. Aborting the
   * `signal` calls it. With `timeoutMs`, when the time passes first every watcher is stopped and every pending write
   * abandoned (counted, `timedOut: true`). Afterwards nothing is left running.
   *
   * @param options - an optional `timeoutMs` (on the broadcaster's scheduler)
   * @returns the final counters
   * @throws TypeError when `options` is not an object
   * @throws RangeError when `timeoutMs` is not a number of milliseconds in 0–2³¹ − 1 or `Infinity` (no deadline)
   * @example
   * ```ts
   * import { EventsV1Broadcaster } from 'rx-kube-events';
   * const broadcaster = new EventsV1Broadcaster();
   * const report = await broadcaster.shutdown({ timeoutMs: 10_000 });
   * console.log(report.flushed, report.written);
   * ```
   */
  shutdown(options: { timeoutMs?: number | undefined } = {}): Promise<EventsV1ShutdownReport> {
    checkOptions(options, 'shutdown()');
    const { timeoutMs } = options;
    if (timeoutMs !== undefined) checkTimeOption('shutdown(): timeoutMs', timeoutMs, 'no-limit');
    this.shutdownReport ??= this.drain(timeoutMs === Infinity ? undefined : timeoutMs);
    return this.shutdownReport;
  }

  private async drain(timeoutMs: number | undefined): Promise<EventsV1ShutdownReport> {
    this.signal?.removeEventListener('abort', this.onAbort);
    // Delivering what is queued completes every watcher; the recording then flushes its series and its writes.
    const timedOut = await this.hub.drain(timeoutMs, this.recording === undefined ? [] : [this.recording]);
    return this.report(timedOut);
  }

  private report(timedOut: boolean): EventsV1ShutdownReport {
    const stats = this.stats;
    const { recorded, delivered, droppedQueueFull, droppedShutdown, droppedWatcherQueueFull, droppedOnStop } = stats;
    const sink = stats.sink;
    return {
      recorded,
      delivered,
      dropped: droppedQueueFull + droppedShutdown + droppedWatcherQueueFull + droppedOnStop + (sink?.dropped ?? 0),
      rejected: stats.invalid + stats.failed,
      timedOut,
      written: sink?.written ?? 0,
      writes: sink?.writes ?? 0,
      flushed: sink?.flushed ?? 0,
      filtered: sink?.filtered ?? 0,
      failed: (sink?.failed ?? 0) + (sink?.stageFailed ?? 0),
      failures: sink?.failures ?? (Object.create(null) as Record<string, number>),
      abandoned: sink?.abandoned ?? 0,
      stats,
    };
  }
}
