/**
 * Contracts of the core/v1 recording layer (client-go's `tools/record`): the recorder interface, the logger shape,
 * and the options, counters, diagnostics and shutdown report of `EventBroadcaster`.
 */
import type { MonoTypeOperatorFunction, Observable, OperatorFunction, SchedulerLike } from 'rxjs';
import type { CorrelateResult, CorrelatorOptions } from '../correlate/types.js';
import type { CoreV1Event, EventType, KubernetesObject, ObjectReference } from '../meta/types.js';
import type { RetryOptions } from '../sink/retry-policy.js';
import { recordingCodes } from '../watch/internal/recording-codes.js';
import type { Diagnostic, Logger } from '../watch/types.js';

export type { Logger };

/** What an event can be about: a Kubernetes object (with `kind`, `apiVersion` and `metadata`) or a reference to one. */
export type EventObject = KubernetesObject | ObjectReference;

/**
 * Records events about Kubernetes objects: client-go's `record.EventRecorder`.
 *
 * Every method returns at once and never throws: an object that cannot be referenced, a type other than exactly
 * `'Normal'` or `'Warning'`, a reason or message that is not a string, annotations the API server would refuse, a
 * full queue or a broadcaster that has shut down are reported on the broadcaster's `diagnostics$` and counted in its
 * `stats`, and the event is not recorded.
 *
 * Messages of the `…f` methods are formatted with Node's `util.format`, not Go's `fmt.Sprintf` (see
 * `docs/recording.md`): `%s %d %i %f %j %o %O %c %%` are the verbs, and `%v` formats as `%s` does; an `Error` taken
 * by `%s` or `%v`, or appended, is its `message` (as Go's `%v` of an error), never its stack; `%q` and `%x` are not
 * verbs and stay in the text; a verb without an argument stays as written (Go prints `%!s(MISSING)`); extra arguments
 * are appended, separated by spaces (Go prints `%!(EXTRA …)`); with no arguments at all the format is used as is, so
 * `%%` stays `%%`.
 *
 * @example
 * ```ts
 * import { EventBroadcaster } from 'rx-kube-events';
 *
 * const recorder = new EventBroadcaster().newRecorder({ component: 'my-operator' });
 * recorder.eventf(pod, 'Warning', 'BackOff', 'Back-off restarting failed container %s', 'web');
 * ```
 */
export interface EventRecorder {
  /**
   * Records an event with `message` used as is (a `%` in it is never read as a verb).
   *
   * @param object - the object the event is about, or a reference to it (e.g. from `getPartialReference`)
   * @param type - `'Normal'` or `'Warning'`
   * @param reason - a short UpperCamelCase reason, e.g. `'Started'`
   * @param message - a human-readable description
   */
  event(object: EventObject, type: EventType, reason: string, message: string): void;
  /**
   * Records an event whose message is `util.format(messageFmt, ...args)`.
   *
   * @param object - the object the event is about, or a reference to it
   * @param type - `'Normal'` or `'Warning'`
   * @param reason - a short UpperCamelCase reason
   * @param messageFmt - a `util.format` format string
   * @param args - the values for `messageFmt`
   */
  eventf(object: EventObject, type: EventType, reason: string, messageFmt: string, ...args: unknown[]): void;
  /**
   * Like {@link EventRecorder.eventf}, and sets `annotations` on the event's metadata (a copy is taken; an empty
   * map sets none). Annotations are not part of any correlation key: a repeat differing only in annotations counts
   * against the first event, whose annotations the server keeps.
   *
   * @param object - the object the event is about, or a reference to it
   * @param annotations - annotations for the event object itself
   * @param type - `'Normal'` or `'Warning'`
   * @param reason - a short UpperCamelCase reason
   * @param messageFmt - a `util.format` format string
   * @param args - the values for `messageFmt`
   */
  annotatedEventf(
    object: EventObject,
    annotations: Readonly<Record<string, string>>,
    type: EventType,
    reason: string,
    messageFmt: string,
    ...args: unknown[]
  ): void;
  /**
   * Like {@link EventRecorder.eventf} for something that happened at `timestamp`: the event's first and last
   * timestamps are `timestamp`, its name still comes from the recorder's clock (client-go removed `PastEventf` in
   * v0.18; it is kept here from the seed). An invalid date is reported as `'invalid-timestamp'`.
   *
   * @param object - the object the event is about, or a reference to it
   * @param timestamp - when it happened
   * @param type - `'Normal'` or `'Warning'`
   * @param reason - a short UpperCamelCase reason
   * @param messageFmt - a `util.format` format string
   * @param args - the values for `messageFmt`
   */
  pastEventf(
    object: EventObject,
    timestamp: Date,
    type: EventType,
    reason: string,
    messageFmt: string,
    ...args: unknown[]
  ): void;
}

/**
 * The reporting component of a recorder: client-go's `v1.EventSource`. It becomes the event's `source`, and
 * `reportingComponent` / `reportingInstance`.
 */
export interface EventRecorderSource {
  /** The component reporting, e.g. `'my-operator'`; must not be empty. */
  component: string;
  /**
   * The host (or instance) it runs on, e.g. the pod's name or `os.hostname()`.
   * @defaultValue none: `source.host` is left out and `reportingInstance` is `''`
   */
  host?: string | undefined;
}

/**
 * A handler of recorded events, e.g. for `startEventWatcher`. When it returns a thenable, its watcher delivers
 * nothing more until the thenable settles; later events wait in the watcher's queue.
 *
 * The event is frozen and shared by every watcher: copy it to change it.
 */
export type EventHandler = (event: CoreV1Event) => void | PromiseLike<void>;

/** Options of `EventBroadcaster`. */
export interface EventBroadcasterOptions {
  /**
   * Capacity of the incoming queue and of each watcher's queue; when one is full, newer events are dropped and
   * counted (client-go's long-queue broadcaster, `maxQueuedEvents`).
   * @defaultValue 1000
   */
  queueLength?: number | undefined;
  /**
   * The clock of event names and timestamps, and of the shutdown timeout. Read only with `now()`.
   * @defaultValue `asyncScheduler`
   */
  scheduler?: SchedulerLike | undefined;
  /** Aborting it calls `shutdown()` (without a timeout). */
  signal?: AbortSignal | undefined;
  /** Where every diagnostic is also logged (`warn` or `error` by level), besides `diagnostics$`. */
  logger?: Logger | undefined;
  /**
   * Correlation (aggregation, dedup, spam filter) options of the sinks recorded to; kept for
   * `startRecordingToSink`, which gives each sink its own correlator.
   * @defaultValue client-go's defaults
   */
  correlator?: CorrelatorOptions | undefined;
  /**
   * Retry policy of the sinks recorded to (each sink may override it).
   * @defaultValue retry transport errors, 429 and 5xx up to 12 attempts with jittered exponential backoff
   */
  retry?: RetryOptions | undefined;
}

/**
 * The stages of one `startRecordingToSink()`, bound to that sink's own caches and token buckets, for a
 * {@link SinkPipeline}. Each call returns an operator sharing the same state, so the writer's feedback (the server's
 * copy after each write) reaches the dedup cache, and a pipeline subscribed again after an error keeps its counts.
 */
export interface SinkPipelineStages {
  /**
   * Correlation: aggregation, then dedup (client-go's `EventAggregator` and `eventLogger`): events to results to
   * create or patch. An event whose key or message function throws is counted in `correlationFailed`, reported as
   * `'correlation-failed'`, and not written; the next events go on.
   */
  readonly correlate: () => OperatorFunction<CoreV1Event, CorrelateResult>;
  /**
   * Throttling: the spam filter (a token bucket per source and object); a rejected result comes out with
   * `skip: true` and is counted in `skipped`. A throwing spam key function is counted as for `correlate()`.
   */
  readonly throttle: () => MonoTypeOperatorFunction<CorrelateResult>;
}

/**
 * The stages between a sink's watcher and its writer: from the events recorded to the results to write. Built once,
 * when `startRecordingToSink()` is called, from the events and this sink's {@link SinkPipelineStages}; the default is
 * `(events$, { correlate, throttle }) => events$.pipe(correlate(), throttle())`.
 */
export type SinkPipeline = (
  events$: Observable<CoreV1Event>,
  stages: SinkPipelineStages,
) => Observable<CorrelateResult>;

/**
 * Options of `EventBroadcaster.startRecordingToSink()`: the sink's correlator, its pipeline, and how its writer
 * retries and coalesces. `clientGoWriteOptions` can be passed as is to write like client-go (one write at a time,
 * client-go's retry schedule).
 */
export interface RecordToSinkOptions {
  /**
   * Correlation options of this sink's own stages.
   * @defaultValue the broadcaster's `correlator` option
   */
  correlator?: CorrelatorOptions | undefined;
  /**
   * Your own stages around (or instead of) correlation and throttling: filter by type, reason or object, enrich,
   * throttle per object your way. Every event is still counted: one that comes out of no result is `filtered`; one
   * an asynchronous stage holds back counts as `filtered` until it comes out. A stage that throws is reported as
   * `'pipeline-stage-failed'`, the event it was handling is counted in `stageFailed`, and the pipeline is
   * subscribed again for the next events (state an operator keeps per subscription starts afresh; the stages' own
   * caches do not). The pipeline must complete when its input does, or `shutdown()` waits for its deadline.
   * @defaultValue `(events$, { correlate, throttle }) => events$.pipe(correlate(), throttle())`
   */
  pipeline?: SinkPipeline | undefined;
  /**
   * Retry policy of this sink's writer, or the retry operator itself (see `retryWrite`).
   * @defaultValue the broadcaster's `retry` option
   */
  retry?: RetryOptions | MonoTypeOperatorFunction<CoreV1Event> | undefined;
  /**
   * Sink calls in flight at once, each for a different event key.
   * @defaultValue 4
   */
  concurrency?: number | undefined;
  /**
   * Event keys the writer may hold pending; an event for a new key beyond it is dropped and reported.
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
 * Counters of one `startRecordingToSink()`. Every event it receives ends in exactly one of `filtered`,
 * `stageFailed`, `skipped`, `correlationFailed`, `written`, `failed`, `dropped` or `abandoned`; until then it is
 * `pending`.
 */
export interface SinkRecordingStats {
  /** Events delivered to this sink's watcher (plus any extra result a stage of the pipeline made up). */
  readonly received: number;
  /** Events a stage of the pipeline removed (or, for an asynchronous stage, holds back for now). */
  readonly filtered: number;
  /** Events a stage of the pipeline threw on. */
  readonly stageFailed: number;
  /** Events the spam filter rejected (they still raised the count of their event, as in client-go). */
  readonly skipped: number;
  /** Events whose correlation threw. */
  readonly correlationFailed: number;
  /** Events now on the server: written alone or coalesced into a newer write of the same event. */
  readonly written: number;
  /** Successful creates. */
  readonly created: number;
  /** Successful patches. */
  readonly patched: number;
  /** Events that needed no write of their own: a newer write of the same event carried their count. */
  readonly coalesced: number;
  /** Events whose write failed for good (see `failures`). */
  readonly failed: number;
  /** Events dropped because the writer held `maxPending` keys. */
  readonly dropped: number;
  /** Events still pending when the shutdown deadline passed. */
  readonly abandoned: number;
  /** Events received and not yet settled. */
  readonly pending: number;
  /** Sink calls made, retries included. */
  readonly attempts: number;
  /**
   * Failed events by reason: `NamespaceTerminating`, else the Kubernetes `Status` reason, else the HTTP status, else
   * the error kind. A null-prototype object: any reason the server sends (`__proto__`, `constructor`) is a key.
   */
  readonly failures: Readonly<Record<string, number>>;
}

/** Options of `EventBroadcaster.shutdown()`. */
export interface ShutdownOptions {
  /**
   * How long to wait for watchers to take what is queued (an async handler's pending promise included) and for the
   * sinks' writes (retries included) to finish. When it passes, every watcher is stopped: what it had not yet taken
   * is discarded and counted in `droppedOnStop`; every write still pending is abandoned (its request aborted) and
   * counted. It runs on the broadcaster's scheduler: under a virtual clock, the deadline checks whether everything
   * has settled by then, so a sink answering in virtual time never reads as timed out. At most 2³¹ − 1 ms;
   * `Infinity` is no deadline.
   * @defaultValue none: wait until every watcher and every write has settled
   */
  timeoutMs?: number | undefined;
}

/**
 * Counters of an `EventBroadcaster`. Every recording call ends in exactly one of `recorded`, `invalid`,
 * `droppedQueueFull`, `droppedShutdown` or `failed`; every recorded event is delivered to each watcher or
 * counted in `droppedWatcherQueueFull` or `droppedOnStop`.
 */
export interface EventBroadcasterStats {
  /** Events made and accepted into the queue. */
  readonly recorded: number;
  /**
   * Calls refused: the object could not be referenced, the type is not `'Normal'`/`'Warning'`, the reason or message
   * is not a string, the annotations are not valid, or a bad timestamp.
   */
  readonly invalid: number;
  /** Events dropped because the incoming queue was full. */
  readonly droppedQueueFull: number;
  /** Calls made after `shutdown()`. */
  readonly droppedShutdown: number;
  /** Calls that failed unexpectedly (e.g. the clock threw); reported as `'record-failed'`. */
  readonly failed: number;
  /** Recorded events with a field cut to the API server's limit (also counted in `recorded`). */
  readonly truncated: number;
  /** Recorded events whose message could not be formatted, recorded with the unformatted text (also in `recorded`). */
  readonly formatFailed: number;
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
  /**
   * One entry per `startRecordingToSink()` still recording, in the order they were started. A sink whose watch was
   * stopped leaves it once its writes have ended, and its counters are added to `sinksReleased`.
   */
  readonly sinks: readonly SinkRecordingStats[];
  /** The counters of every sink released after `stop()`, summed. */
  readonly sinksReleased: SinkRecordingStats;
}

/**
 * What `shutdown()` resolves to: the final counters, how the drain ended, and what the sinks wrote, skipped, failed
 * and abandoned.
 */
export interface ShutdownReport {
  /** Events recorded over the broadcaster's life. */
  readonly recorded: number;
  /** Deliveries to watchers over its life. */
  readonly delivered: number;
  /**
   * Events lost on the way: dropped because the incoming queue was full or the broadcaster had shut down, plus
   * deliveries lost for a watcher (its queue full, or discarded when it was stopped), plus events a sink's writer
   * dropped because it held `maxPending` keys.
   */
  readonly dropped: number;
  /**
   * Recording calls that made no event: invalid object, type, reason, message, annotations or timestamp, or an
   * unexpected failure.
   */
  readonly rejected: number;
  /** `true` when `timeoutMs` passed with something still unsettled, and the watchers were stopped. */
  readonly timedOut: boolean;
  /** Events written to the sinks, summed over sinks (see `stats.sinks` for each one). */
  readonly written: number;
  /** Events the sinks' spam filters skipped. */
  readonly skipped: number;
  /** Events a stage of a sink's pipeline removed. */
  readonly filtered: number;
  /** Events whose write failed for good, or whose correlation or pipeline stage threw. */
  readonly failed: number;
  /** Failed events by reason, summed over sinks (a null-prototype object). */
  readonly failures: Readonly<Record<string, number>>;
  /** Events whose write was still pending when `timeoutMs` passed. */
  readonly abandoned: number;
  /** The counters at the end, with the breakdown of `dropped`. */
  readonly stats: EventBroadcasterStats;
}

/**
 * The codes of {@link RecordDiagnostic}: the recorder's own, and those of the underlying `Broadcaster`
 * (`'watcher-handler-error'`, `'watcher-queue-full'`).
 *
 * @example
 * ```ts
 * import { EventBroadcaster, RecordDiagnosticCode } from 'rx-kube-events';
 *
 * const broadcaster = new EventBroadcaster();
 * broadcaster.diagnostics$.subscribe((d) => {
 *   if (d.code === RecordDiagnosticCode.writeFailed) console.warn(d.message);
 * });
 * ```
 */
export const RecordDiagnosticCode = {
  ...recordingCodes,
  /** The object could not be referenced (`cause`: an `ObjectReferenceError`); the event was not recorded. */
  invalidObject: 'invalid-object',
  /**
   * `related` could not be referenced (`cause`); the event was recorded without it (client-go does the same). Only
   * for the events.k8s.io/v1-style calls of `eventsV1RecorderFor`.
   */
  invalidRelated: 'invalid-related',
  /** `pastEventf` got an invalid date, or one outside years 0–9999 (RFC 3339); the event was not recorded. */
  invalidTimestamp: 'invalid-timestamp',
  /**
   * The reason was not a string (`null`, a number, an object), or was empty in an events.k8s.io/v1-style call; the
   * event was not recorded.
   */
  invalidReason: 'invalid-reason',
  /** The action of an events.k8s.io/v1-style call was not a non-empty string; the event was not recorded. */
  invalidAction: 'invalid-action',
  /** The message (`event()`) or message format (the `…f` methods) was not a string; the event was not recorded. */
  invalidMessage: 'invalid-message',
  /**
   * `annotatedEventf`'s annotations were not an object of string values with qualified-name keys, were over the API
   * server's 256 KiB for all annotations, or threw when read (`cause`); the event was not recorded.
   */
  invalidAnnotations: 'invalid-annotations',
  /** Formatting the message threw (e.g. an argument's `toString`); recorded with the unformatted text. */
  messageFormatFailed: 'message-format-failed',
  /** Correlating an event for a sink threw (a custom key or message function); that sink does not write it. */
  correlationFailed: 'correlation-failed',
} as const;
/** A code of {@link RecordDiagnosticCode}. */
export type RecordDiagnosticCode = (typeof RecordDiagnosticCode)[keyof typeof RecordDiagnosticCode];

/** A {@link Diagnostic} of the recording layer, with the recorder and event it concerns when known. */
export interface RecordDiagnostic extends Diagnostic {
  /** What happened, one of {@link RecordDiagnosticCode} (so a `switch` over it is checked by the compiler). */
  readonly code: RecordDiagnosticCode;
  /** The `component` of the recorder that reported it. */
  readonly component?: string | undefined;
  /** The event concerned: the one dropped, truncated, or recorded with an unformatted message. */
  readonly event?: CoreV1Event | undefined;
}
