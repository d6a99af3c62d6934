import { map, tap } from 'rxjs';
import type { Subscription } from 'rxjs';
import { clause } from '../../meta/internal/sentence.js';
import type { EventsV1Event } from '../../meta/types.js';
import { failureCounts, failureReason } from '../../sink/internal/failure-counts.js';
import { isBenignSinkError } from '../../sink/retry-policy.js';
import type { EventSink, WriteResult } from '../../sink/types.js';
import { writeToSink } from '../../sink/write-to-sink.js';
import type { Watch } from '../../watch/types.js';
import { eventSeries } from '../event-series.js';
import { EventsV1DiagnosticCode } from '../types.js';
import type { EventsV1RecordToSinkOptions, EventsV1SinkStats, SeriesStep } from '../types.js';
import type { RecordingHub } from '../../watch/internal/recording-hub.js';
import type { EventsV1Diagnostic } from '../types.js';
import { describeEventsV1Event } from './make-event.js';

type Counts = { -readonly [K in keyof Omit<EventsV1SinkStats, 'pending' | 'failures' | 'cached'>]: number };

/** The counter each step kind adds to. */
const stepCounter = {
  create: 'created',
  series: 'seriesStarted',
  observed: 'observed',
  heartbeat: 'heartbeats',
  finish: 'finished',
  forget: 'forgotten',
  evict: 'evicted',
  flush: 'flushed',
} as const satisfies Record<SeriesStep['kind'], keyof Counts>;

/**
 * The one `startRecordingToSink()` of an `EventsV1Broadcaster`: its watcher's events through the series stage into
 * a per-event coalescing writer (`writeToSink`, a create after a 404 meeting AlreadyExists patching again, as
 * client-go retries a series). Every event received and every write request is counted.
 */
export class SeriesRecording {
  /** Resolves when the writer has finished (or given up) every write, after the watcher completed. */
  readonly done: Promise<void>;
  /** The writer has finished: set synchronously, so that a virtual-time deadline can tell. */
  finished = false;
  private readonly counts: Counts = {
    received: 0,
    created: 0,
    seriesStarted: 0,
    observed: 0,
    heartbeats: 0,
    finished: 0,
    forgotten: 0,
    evicted: 0,
    evictedFlushed: 0,
    flushed: 0,
    requested: 0,
    written: 0,
    coalesced: 0,
    writes: 0,
    failed: 0,
    dropped: 0,
    abandoned: 0,
    attempts: 0,
  };
  private readonly failures = new Map<string, number>();
  private readonly abort = new AbortController();
  private readonly hub: RecordingHub<EventsV1Event, EventsV1Diagnostic>;
  private readonly series: ReturnType<typeof eventSeries>;
  private readonly write: ReturnType<typeof writeToSink<EventsV1Event>>;
  private subscription: Subscription | undefined;
  private resolveDone: () => void = () => undefined;

  /**
   * Builds the series stage and the writer, so that a bad option throws at the call, before any watcher.
   *
   * @throws TypeError or RangeError for a bad option
   */
  constructor(
    hub: RecordingHub<EventsV1Event, EventsV1Diagnostic>,
    sink: EventSink<EventsV1Event>,
    options: EventsV1RecordToSinkOptions,
  ) {
    const { retry, concurrency, maxPending, random, ...seriesOptions } = options;
    this.hub = hub;
    const { scheduler } = hub;
    this.series = eventSeries({ ...seriesOptions, scheduler });
    this.write = writeToSink<EventsV1Event>(sink, {
      retry,
      concurrency,
      maxPending,
      random,
      scheduler,
      signal: this.abort.signal,
      recreateConflict: 'patch',
    });
    this.done = new Promise<void>((resolve) => {
      this.resolveDone = resolve;
    });
  }

  /** Starts recording what `watch` delivers. */
  start(watch: Watch<EventsV1Event>): void {
    this.subscription = watch.events$
      .pipe(
        map(({ object }) => {
          this.counts.received++;
          return object;
        }),
        this.series,
        tap((step) => {
          this.step(step);
        }),
        this.write,
      )
      .subscribe({
        next: (result) => {
          this.result(result);
        },
        // Only the input erroring would end the writer with an error, and a watch never errors.
        error: (error: unknown) => {
          this.hub.report({
            level: 'error',
            code: EventsV1DiagnosticCode.recordingToSinkFailed,
            message: 'Recording to the sink stopped unexpectedly.',
            cause: error,
          });
          this.finish();
        },
        complete: () => {
          this.finish();
        },
      });
  }

  /** A snapshot of the counters. */
  stats(): EventsV1SinkStats {
    const c = this.counts;
    const settled = c.written + c.failed + c.dropped + c.abandoned;
    const cached = this.finished ? 0 : c.created - c.finished - c.forgotten - c.evicted;
    return { ...c, pending: c.requested - settled, failures: failureCounts([this.failures]), cached };
  }

  /** Ends every write still pending as abandoned, aborting the requests in flight. */
  abandon(): void {
    this.abort.abort();
  }

  /** Unsubscribes everything; called once the recording is done. */
  close(): void {
    this.subscription?.unsubscribe();
  }

  private finish(): void {
    this.finished = true;
    this.resolveDone();
  }

  private step(step: SeriesStep): void {
    const c = this.counts;
    c[stepCounter[step.kind]]++;
    if (!step.skip) c.requested++;
    if (step.kind !== 'evict') return;
    if (!step.skip) c.evictedFlushed++;
    this.hub.report({
      level: 'warning',
      code: EventsV1DiagnosticCode.seriesEvicted,
      message: `The series cache is full (maxSeries): ${describeEventsV1Event(step.event)} (count ${String(step.count)}) is evicted${step.skip ? '' : ', its count patched first'}; a repeat starts a new event.`,
      event: step.event,
    });
  }

  private result(result: WriteResult<EventsV1Event>): void {
    const c = this.counts;
    const { hub } = this;
    const { outcome, events, event, error } = result;
    c.attempts += result.attempts;
    switch (outcome) {
      case 'created':
      case 'patched':
        c.writes++;
        c.written += events;
        c.coalesced += events - 1;
        return;
      case 'failed': {
        c.failed += events;
        const reason = failureReason(error);
        this.failures.set(reason, (this.failures.get(reason) ?? 0) + events);
        const benign = error !== undefined && isBenignSinkError(error);
        hub.report({
          level: benign ? 'warning' : 'error',
          code: EventsV1DiagnosticCode.writeFailed,
          message: `Event ${describeEventsV1Event(event)} was not written after ${String(result.attempts)} attempt(s): ${clause(error?.message ?? 'unknown error')}.`,
          cause: error,
          event,
        });
        return;
      }
      case 'dropped':
        c.dropped += events;
        hub.report({
          level: 'error',
          code: EventsV1DiagnosticCode.writerFull,
          message: `A write of ${describeEventsV1Event(event)} is dropped: the writer already holds its maximum of pending events (raise maxPending, or the sink is too slow).`,
          event,
        });
        return;
      case 'abandoned':
        c.abandoned += events;
        hub.report({
          level: 'error',
          code: EventsV1DiagnosticCode.writeAbandoned,
          message: `A write of ${describeEventsV1Event(event)} was abandoned at shutdown (timeoutMs passed)${error ? `; last error: ${clause(error.message)}` : ''}.`,
          cause: error,
          event,
        });
        return;
    }
  }
}
