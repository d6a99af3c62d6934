/**
 * Contracts of the events.k8s.io/v1 recording layer (client-go's `tools/events`). Its sink is an
 * `EventSink<EventsV1Event>` (`sink/`).
 */
import type { MonoTypeOperatorFunction, Observable, OperatorFunction, SchedulerLike } from 'rxjs';
import type { EventsV1Event, EventType, KubernetesObject, ObjectReference } from '../meta/types.js';
import type { RetryOptions } from '../sink/retry-policy.js';
import type { WriteRequest } from '../sink/types.js';
import { recordingCodes } from '../watch/internal/recording-codes.js';
import type { Diagnostic, Logger } from '../watch/types.js';

/** What an event can be about (`regarding`) or name as `related`: a Kubernetes object or a reference to one. */
export type EventsV1Object = KubernetesObject | ObjectReference;

/**
 * Records events.k8s.io/v1 events: client-go's `events.EventRecorder` (`Eventf`) and `AnnotatedEventRecorder`.
 *
 * Every method returns at once and never throws: an object that cannot be referenced, a type other than exactly
 * `'Normal'` or `'Warning'`, arguments that are not strings, a full queue or a broadcaster that has shut down are
 * reported as diagnostics and counted, and the event is not recorded. Fields over the API's limits are cut on a
 * UTF-8 boundary, with a diagnostic, so that the server never refuses them.
 *
 * `note` is formatted with Node's `util.format`, as the core/v1 recorder's messages are.
 *
 * @example
 * ```ts
 * import type { EventsV1Recorder } from 'rx-kube-events';
 *
 * function reportScaled(recorder: EventsV1Recorder, deployment: { kind: string; apiVersion: string; metadata: { name: string; namespace: string; uid: string } }): void {
 *   recorder.eventf(deployment, undefined, 'Normal', 'ScalingReplicaSet', 'Scale', 'Scaled up to %d', 3);
 * }
 * ```
 */
export interface EventsV1Recorder {
  /**
   * Records an event about `regarding`, optionally naming a second object involved (`related`), with `note`
   * formatted as `util.format(note, ...args)`.
   *
   * @param regarding - the object the event is about, or a reference to it
   * @param related - a second object involved (e.g. the Pod a ReplicaSet created), or `undefined`
   * @param type - `'Normal'` or `'Warning'`
   * @param reason - why the action was taken, UpperCamelCase, ≤ 128 bytes (e.g. `'ScalingReplicaSet'`)
   * @param action - what was done or failed, ≤ 128 bytes (e.g. `'Scale'`)
   * @param note - a human-readable description, a `util.format` format; ≤ 1024 bytes once formatted
   * @param args - the values for `note`
   */
  eventf(
    regarding: EventsV1Object,
    related: EventsV1Object | undefined,
    type: EventType,
    reason: string,
    action: string,
    note: string,
    ...args: unknown[]
  ): void;
  /**
   * Like {@link EventsV1Recorder.eventf}, and sets `annotations` on the event's metadata (a copy is taken). As in
   * client-go, annotations are not part of the series key: a repeat differing only in annotations counts in the
   * first event's series, whose annotations the server keeps.
   *
   * @param regarding - the object the event is about, or a reference to it
   * @param related - a second object involved, or `undefined`
   * @param annotations - annotations for the event object itself
   * @param type - `'Normal'` or `'Warning'`
   * @param reason - why the action was taken, ≤ 128 bytes
   * @param action - what was done or failed, ≤ 128 bytes
   * @param note - a `util.format` format; ≤ 1024 bytes once formatted
   * @param args - the values for `note`
   */
  annotatedEventf(
    regarding: EventsV1Object,
    related: EventsV1Object | undefined,
    annotations: Readonly<Record<string, string>>,
    type: EventType,
    reason: string,
    action: string,
    note: string,
    ...args: unknown[]
  ): void;
}

/**
 * A handler of recorded events.k8s.io/v1 events, e.g. for `startEventWatcher`. When it returns a thenable, its
 * watcher delivers nothing more until the thenable settles; later events wait in the watcher's queue.
 *
 * The event is frozen and shared by every watcher: copy it to change it.
 */
export type EventsV1Handler = (event: EventsV1Event) => void | PromiseLike<void>;

/** Options of `EventsV1Broadcaster`. */
export interface EventsV1BroadcasterOptions {
  /**
   * Capacity of the incoming queue and of each watcher's queue; when one is full, newer events are dropped and
   * counted (client-go's `maxQueuedEvents`; its incoming queue holds only 25 and blocks, here nothing blocks).
   * @defaultValue 1000
   */
  queueLength?: number | undefined;
  /**
   * The clock of event names, `eventTime`, the series' `lastObservedTime`, the heartbeat and finish loops, retries
   * and the shutdown timeout. Read only with `now()`.
   * @defaultValue `asyncScheduler`
   */
  scheduler?: SchedulerLike | undefined;
  /** Aborting it calls `shutdown()` (without a timeout). */
  signal?: AbortSignal | undefined;
  /** Where every diagnostic is also logged (`warn` or `error` by level), besides `diagnostics$`. */
  logger?: Logger | undefined;
}

/** Options of `EventsV1Broadcaster.newRecorder()`. */
export interface EventsV1RecorderOptions {
  /**
   * The event's `reportingInstance`: which instance of the controller reports (a pod name, a host). Cut to 128
   * bytes on a UTF-8 boundary, with a diagnostic, when longer.
   * @defaultValue `<reportingController>-<os.hostname()>`, as client-go
   */
  reportingInstance?: string | undefined;
}

/** Options of the series stage, {@link eventSeries}. */
export interface EventSeriesOptions {
  /**
   * Where the occurrences are timed (`lastObservedTime`) and the heartbeat and finish loops run.
   * @defaultValue `asyncScheduler`
   */
  scheduler?: SchedulerLike | undefined;
  /**
   * Put `regarding.resourceVersion` and `related.resourceVersion` in the series key, as client-go does: an object
   * that changed between two events (its resourceVersion moved on) then never forms a series. By default they are
   * left out (as kube-rs does, and as core/v1's correlation key leaves them out): repeated events about one object
   * form one series however often the object changes.
   * @defaultValue false
   */
  keyResourceVersion?: boolean | undefined;
  /**
   * Events (singletons and series) the cache holds. Adding one more evicts the least recently observed: a series
   * whose newest count the server has not been sent is patched with it first (`'evict'` step), then forgotten;
   * a later repeat starts a new event. client-go's cache has no bound.
   * @defaultValue 4096
   */
  maxSeries?: number | undefined;
  /**
   * Idle time after which a series is finished (its final count patched, then forgotten) and a singleton
   * forgotten, checked by a pass every `finishTimeMs` (client-go's `finishTime`): so a series ends between one and
   * two periods after its last occurrence.
   * @defaultValue 360000 (6 minutes)
   */
  finishTimeMs?: number | undefined;
  /**
   * Period of the heartbeat, which patches every open series with its newest count (client-go's `refreshTime`).
   * @defaultValue 1800000 (30 minutes)
   */
  refreshTimeMs?: number | undefined;
}

/**
 * What the series stage did with an occurrence or in a pass, one {@link SeriesStep} each:
 * - `'create'`: the first occurrence of a key, to create;
 * - `'series'`: the second, which starts the series: patch `{"series":{"count":2,…}}`;
 * - `'observed'`: a later one, counted in the cache only (`skip: true`);
 * - `'heartbeat'`: the refresh pass patching an open series with its newest count;
 * - `'finish'`: a series idle for `finishTimeMs`, patched with its final count (`skip: true` when the server has
 *   it already) and forgotten;
 * - `'forget'`: a singleton idle for `finishTimeMs`, forgotten without a write (`skip: true`);
 * - `'evict'`: the least recently observed entry pushed out by `maxSeries`, its newest count patched first when
 *   the server does not have it (else `skip: true`);
 * - `'flush'`: at the end of the input (the broadcaster's shutdown), an open series whose newest count the server
 *   has not been sent.
 */
export type SeriesStepKind = 'create' | 'series' | 'observed' | 'heartbeat' | 'finish' | 'forget' | 'evict' | 'flush';

/**
 * One step of the series stage: a write request for `writeToSink()` (skipped when there is nothing to write), and
 * what it stands for.
 */
export interface SeriesStep extends WriteRequest<EventsV1Event> {
  readonly kind: SeriesStepKind;
  /**
   * The server-side event, `namespace/name`: the writer's key, so that writes of one event stay in order and
   * coalesce, and a new event after a finished series is a different key.
   */
  readonly key: string;
  /** The series key (type, action, reason, reporting controller and instance, regarding, related). */
  readonly seriesKey: string;
  /**
   * The first occurrence (its name, note and eventTime are the server's); for the steps that patch, with `series`
   * set to the count and time sent.
   */
  readonly event: EventsV1Event;
  /** The count of occurrences so far: 1 for a singleton. */
  readonly count: number;
  /** `{"series":{"count":N,"lastObservedTime":"<RFC 3339 µs UTC>"}}`, for the steps that patch. */
  readonly patch?: string | undefined;
  readonly skip: boolean;
}

/**
 * The stages of the one `startRecordingToSink()` of an `EventsV1Broadcaster`, bound to that recording's own series
 * cache and options, for an {@link EventsV1SinkPipeline} (as core/v1's `SinkPipelineStages`).
 */
export interface EventsV1SinkPipelineStages {
  /**
   * The series stage ({@link eventSeries}'s rules) on the recording's own cache: each call returns an operator on
   * that same cache, and the heartbeat and finish passes run once for the recording, so a pipeline subscribed
   * again after a stage threw goes on with the same series (an error reaching it leaves the cache as it is, where
   * `eventSeries()` would flush it); its input completing (the broadcaster's shutdown) flushes every open series.
   * The passes' steps come out of the subscription attached last: use it once in a pipeline.
   */
  readonly series: () => OperatorFunction<EventsV1Event, SeriesStep>;
}

/**
 * The stages between the sink's watcher and its writer: from the events recorded to the series steps to write.
 * Built once, when `startRecordingToSink()` is called, from the events and the recording's
 * {@link EventsV1SinkPipelineStages}; the default is `(events$, { series }) => events$.pipe(series())`.
 *
 * @example
 * ```ts
 * import { filter } from 'rxjs';
 * import type { EventsV1SinkPipeline } from 'rx-kube-events';
 *
 * const warningsOnly: EventsV1SinkPipeline = (events$, { series }) =>
 *   events$.pipe(filter((event) => event.type === 'Warning'), series());
 * ```
 */
export type EventsV1SinkPipeline = (
  events$: Observable<EventsV1Event>,
  stages: EventsV1SinkPipelineStages,
) => Observable<SeriesStep>;

/**
 * Options of `EventsV1Broadcaster.startRecordingToSink()`: the series stage, the pipeline around it, and how its
 * writer retries and coalesces.
 */
export interface EventsV1RecordToSinkOptions extends EventSeriesOptions {
  /**
   * Your own stages around the series stage: filter by type, reason or object, enrich, throttle your way. Every
   * event is still counted: one that comes out of no occurrence step (`'create'`, `'series'`, `'observed'`) is
   * `filtered`; one an asynchronous stage holds back counts as `filtered` until it comes out. A stage that throws
   * is reported as `'pipeline-stage-failed'`, the event it was handling is counted in `stageFailed`, and the
   * pipeline is subscribed again for the next events (the series cache and its passes go on). The pipeline must
   * complete when its input does, or `shutdown()` waits for its deadline (and the open series are not flushed).
   * @defaultValue `(events$, { series }) => events$.pipe(series())`
   */
  pipeline?: EventsV1SinkPipeline | undefined;
  /**
   * Retry policy of the writer, or the retry operator itself (see `retryWrite`); `clientGoEventsCompatible`
   * retries as client-go's `tools/events`.
   * @defaultValue retry transport errors, 429 and 5xx up to 12 attempts with jittered exponential backoff
   */
  retry?: RetryOptions | MonoTypeOperatorFunction<EventsV1Event> | undefined;
  /**
   * Sink calls in flight at once, each for a different event.
   * @defaultValue 4
   */
  concurrency?: number | undefined;
  /**
   * Events the writer may hold pending; a write for a new event beyond it is dropped and reported.
   * @defaultValue 4096
   */
  maxPending?: number | undefined;
  /**
   * Source of retry jitter, in `[0, 1)`.
   * @defaultValue `Math.random`
   */
  random?: (() => number) | undefined;
}

/**
 * Counters of the recording to a sink. Every event received ends in one of `filtered`, `stageFailed`, `created`,
 * `seriesStarted` or `observed`; every write request (the non-skipped steps: creates, series starts, heartbeats, finishes, evictions,
 * flushes) ends in one of `written`, `failed`, `dropped` or `abandoned`, until then `pending`.
 */
export interface EventsV1SinkStats {
  /** Events delivered to the sink's watcher (plus any extra event a stage of the pipeline made up). */
  readonly received: number;
  /** Events a stage of the pipeline removed (or, for an asynchronous stage, holds back for now). */
  readonly filtered: number;
  /** Events a stage of the pipeline threw on. */
  readonly stageFailed: number;
  /** First occurrences, each a new event to create. */
  readonly created: number;
  /** Second occurrences, each starting a series (patched with count 2). */
  readonly seriesStarted: number;
  /** Later occurrences, counted in the cache only. */
  readonly observed: number;
  /** Heartbeat patches requested. */
  readonly heartbeats: number;
  /** Series finished after `finishTimeMs` idle (with or without a final patch). */
  readonly finished: number;
  /** Singletons forgotten after `finishTimeMs`. */
  readonly forgotten: number;
  /** Entries evicted by `maxSeries`. */
  readonly evicted: number;
  /** Evicted series whose newest count was patched first. */
  readonly evictedFlushed: number;
  /** Open series patched with their newest count at shutdown. */
  readonly flushed: number;
  /** Write requests handed to the writer. */
  readonly requested: number;
  /** Requests now on the server: written alone or coalesced into a newer write of the same event. */
  readonly written: number;
  /** Requests that needed no call of their own: a newer write of the same event carried them. */
  readonly coalesced: number;
  /** Successful sink calls: creates and patches. */
  readonly writes: number;
  /** Requests whose write failed for good (see `failures`). */
  readonly failed: number;
  /** Requests dropped because the writer held `maxPending` events. */
  readonly dropped: number;
  /** Requests still pending when the shutdown deadline passed. */
  readonly abandoned: number;
  /** Requests not yet settled. */
  readonly pending: number;
  /** Sink calls made, retries included. */
  readonly attempts: number;
  /** Failed requests by reason (a null-prototype object), as core/v1's `SinkRecordingStats.failures`. */
  readonly failures: Readonly<Record<string, number>>;
  /** Events the series cache holds now. */
  readonly cached: number;
}

/**
 * Counters of an `EventsV1Broadcaster`. Every recording call ends in exactly one of `recorded`, `invalid`,
 * `droppedQueueFull`, `droppedShutdown` or `failed`; every recorded event is delivered to each watcher or counted
 * in `droppedWatcherQueueFull` or `droppedOnStop`.
 */
export interface EventsV1BroadcasterStats {
  /** Events made and accepted into the queue. */
  readonly recorded: number;
  /** Calls refused: a bad object, type, reason, action, note or annotations. */
  readonly invalid: number;
  /** Events dropped because the incoming queue was full. */
  readonly droppedQueueFull: number;
  /** Calls made after `shutdown()`. */
  readonly droppedShutdown: number;
  /** Calls that failed unexpectedly (e.g. the clock threw). */
  readonly failed: number;
  /** Recorded events with a field cut to the API server's limit (also in `recorded`). */
  readonly truncated: number;
  /** Recorded events whose note could not be formatted, recorded with the unformatted text (also in `recorded`). */
  readonly formatFailed: number;
  /** Recorded events whose `related` object could not be referenced, recorded without it (also in `recorded`). */
  readonly relatedDropped: number;
  /** Deliveries to watchers: one per event per watcher. */
  readonly delivered: number;
  /** Events dropped for a watcher whose queue was full, summed over watchers. */
  readonly droppedWatcherQueueFull: number;
  /** Events discarded from a watcher's queue, undelivered, when it was stopped (or when shutdown timed out). */
  readonly droppedOnStop: number;
  /** Handler calls that threw or rejected. */
  readonly handlerErrors: number;
  /** Recorded events not yet handed to every watcher. */
  readonly pending: number;
  /** Watchers attached now. */
  readonly watchers: number;
  /** The recording to a sink, once `startRecordingToSink()` was called. */
  readonly sink: EventsV1SinkStats | undefined;
}

/** What `EventsV1Broadcaster.shutdown()` resolves to. */
export interface EventsV1ShutdownReport {
  /** Events recorded over the broadcaster's life. */
  readonly recorded: number;
  /** Deliveries to watchers over its life. */
  readonly delivered: number;
  /**
   * Events and writes lost on the way: dropped because the incoming queue was full or the broadcaster had shut
   * down, deliveries lost for a watcher, and write requests the writer dropped (`maxPending`).
   */
  readonly dropped: number;
  /** Recording calls that made no event (invalid, or an unexpected failure). */
  readonly rejected: number;
  /** `true` when `timeoutMs` passed with something still unsettled. */
  readonly timedOut: boolean;
  /** Write requests now on the server. */
  readonly written: number;
  /** Successful sink calls (creates and patches). */
  readonly writes: number;
  /** Open series patched with their newest count at shutdown. */
  readonly flushed: number;
  /** Events a stage of the sink's `pipeline` removed. */
  readonly filtered: number;
  /**
   * Write requests that failed for good, plus events a stage of the sink's `pipeline` threw on (counted in
   * `stats.sink.stageFailed`), as core/v1's report counts them.
   */
  readonly failed: number;
  /** Failed write requests by reason (a null-prototype object). */
  readonly failures: Readonly<Record<string, number>>;
  /** Write requests still pending when `timeoutMs` passed. */
  readonly abandoned: number;
  /** The counters at the end. */
  readonly stats: EventsV1BroadcasterStats;
}

/**
 * The codes of {@link EventsV1Diagnostic}: the recorder's, the sink recording's, and the underlying `Broadcaster`'s
 * (`'watcher-handler-error'`, `'watcher-queue-full'`). Those shared with core/v1 have the same text.
 *
 * @example
 * ```ts
 * import { EventsV1Broadcaster, EventsV1DiagnosticCode } from 'rx-kube-events';
 *
 * new EventsV1Broadcaster().diagnostics$.subscribe((d) => {
 *   if (d.code === EventsV1DiagnosticCode.eventTruncated) console.warn(d.message);
 * });
 * ```
 */
export const EventsV1DiagnosticCode = {
  ...recordingCodes,
  /** `regarding` could not be referenced (`cause`: an `ObjectReferenceError`); the event was not recorded. */
  invalidObject: 'invalid-object',
  /** `related` could not be referenced (`cause`); the event was recorded without it (client-go does the same). */
  invalidRelated: 'invalid-related',
  /** The reason was not a non-empty string (the API requires one); the event was not recorded. */
  invalidReason: 'invalid-reason',
  /** The action was not a non-empty string (the API requires one); the event was not recorded. */
  invalidAction: 'invalid-action',
  /** The note (format) was not a string; the event was not recorded. */
  invalidNote: 'invalid-note',
  /** `annotatedEventf`'s annotations would be refused by the API server; the event was not recorded. */
  invalidAnnotations: 'invalid-annotations',
  /** Formatting the note threw (e.g. an argument's `toString`); recorded with the unformatted text. */
  noteFormatFailed: 'note-format-failed',
  /** The series cache was full (`maxSeries`): the least recently observed event was evicted. */
  seriesEvicted: 'series-evicted',
} as const;
/** A code of {@link EventsV1DiagnosticCode}. */
export type EventsV1DiagnosticCode = (typeof EventsV1DiagnosticCode)[keyof typeof EventsV1DiagnosticCode];

/** A {@link Diagnostic} of the events.k8s.io/v1 recording layer. */
export interface EventsV1Diagnostic extends Diagnostic {
  readonly code: EventsV1DiagnosticCode;
  /** The `reportingController` of the recorder that reported it. */
  readonly reportingController?: string | undefined;
  /** The event concerned. */
  readonly event?: EventsV1Event | undefined;
}
