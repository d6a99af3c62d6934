import { Subject, tap } from 'rxjs';
import type { Subscription } from 'rxjs';
import type { EventsV1Event } from '../../meta/types.js';
import { WriteTally } from '../../sink/internal/write-tally.js';
import type { EventSink, WriteResult } from '../../sink/types.js';
import { writeToSink } from '../../sink/write-to-sink.js';
import type { Watch } from '../../watch/types.js';
import { seriesSettings } from '../event-series.js';
import { EventsV1DiagnosticCode } from '../types.js';
import type {
  EventsV1RecordToSinkOptions,
  EventsV1SinkPipeline,
  EventsV1SinkPipelineStages,
  EventsV1SinkStats,
  SeriesStep,
} from '../types.js';
import type { RecordingHub } from '../../watch/internal/recording-hub.js';
import { UserPipeline } from '../../watch/internal/user-pipeline.js';
import { WriterRun } from '../../watch/internal/writer-run.js';
import type { EventsV1Diagnostic } from '../types.js';
import { describeEventsV1Event } from './make-event.js';
import { SeriesCache } from './series-cache.js';

/** The counters of the series stage; the pipeline and the writes count the rest. */
type Counts = Record<
  | 'created'
  | 'seriesStarted'
  | 'observed'
  | 'heartbeats'
  | 'finished'
  | 'forgotten'
  | 'evicted'
  | 'evictedFlushed'
  | 'flushed'
  | 'requested',
  number
>;

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

/** The steps that stand for an occurrence (the others come from the passes, an eviction or the flush). */
const occurrence: ReadonlySet<SeriesStep['kind']> = new Set(['create', 'series', 'observed']);

const defaultPipeline: EventsV1SinkPipeline = (events$, { series }) => events$.pipe(series());

/**
 * The one `startRecordingToSink()` of an `EventsV1Broadcaster`: its watcher's events through the pipeline (by
 * default the series stage alone, each event the moment it arrives) into a per-event coalescing writer (`writeToSink`, a create after a 404 meeting AlreadyExists patching again, as
 * client-go retries a series). Every event received and every write request is counted.
 */
export class SeriesRecording {
  private readonly counts: Counts = {
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
  };
  private readonly writes = new WriteTally<EventsV1Event>(describeEventsV1Event);
  private readonly writer = new WriterRun();
  private readonly hub: RecordingHub<EventsV1Event, EventsV1Diagnostic>;
  private readonly cache: SeriesCache;
  private readonly steps = new Subject<SeriesStep>();
  private readonly pipeline: UserPipeline<EventsV1Event, SeriesStep>;
  private readonly write: ReturnType<typeof writeToSink<EventsV1Event>>;
  private readonly subscriptions: Subscription[] = [];

  /**
   * Builds the series stage, the pipeline and the writer, so that a bad option or pipeline throws at the call,
   * before any watcher.
   *
   * @throws TypeError or RangeError for a bad option, TypeError for a pipeline that is not a function returning an
   *   Observable
   */
  constructor(
    hub: RecordingHub<EventsV1Event, EventsV1Diagnostic>,
    sink: EventSink<EventsV1Event>,
    options: EventsV1RecordToSinkOptions,
  ) {
    const { retry, concurrency, maxPending, random, pipeline = defaultPipeline, ...seriesOptions } = options;
    this.hub = hub;
    const { scheduler } = hub;
    const cache = new SeriesCache(seriesSettings({ ...seriesOptions, scheduler }));
    this.cache = cache;
    this.write = writeToSink<EventsV1Event>(sink, {
      retry,
      concurrency,
      maxPending,
      random,
      scheduler,
      signal: this.writer.signal,
      recreateConflict: 'patch',
    });
    const stages: EventsV1SinkPipelineStages = { series: () => cache.stage() };
    this.pipeline = new UserPipeline<EventsV1Event, SeriesStep>(
      pipeline,
      stages,
      {
        next: (step) => {
          this.steps.next(step);
        },
        complete: () => {
          this.steps.complete();
        },
        report: (diagnostic) => {
          hub.report(diagnostic);
        },
        standsForEvent: (step) => occurrence.has(step.kind),
      },
      'series steps',
    );
  }

  /** Resolves when the writer has finished (or given up) every write, after the watcher completed. */
  get done(): Promise<void> {
    return this.writer.done;
  }

  /** The writer has finished: set synchronously, so that a virtual-time deadline can tell. */
  get finished(): boolean {
    return this.writer.finished;
  }

  /** Starts recording what `watch` delivers. */
  start(watch: Watch<EventsV1Event>): void {
    const { pipeline } = this;
    this.subscriptions.push(
      this.writer.run(
        this.steps.pipe(
          tap((step) => {
            this.step(step);
          }),
          this.write,
        ),
        {
          result: (result) => {
            this.result(result);
          },
          abandonHeld: () => {
            this.writes.abandoned += this.stats().pending;
          },
          report: (diagnostic) => {
            this.hub.report(diagnostic);
          },
        },
      ),
    );
    pipeline.start(watch);
  }

  /** A snapshot of the counters. */
  stats(): EventsV1SinkStats {
    const c = this.counts;
    const w = this.writes;
    const { received, filtered, stageFailed } = this.pipeline;
    const { written, coalesced, failed, dropped, abandoned, attempts } = w;
    return {
      received,
      filtered,
      stageFailed,
      ...c,
      written,
      coalesced,
      writes: w.created + w.patched,
      failed,
      dropped,
      abandoned,
      attempts,
      pending: c.requested - w.settled,
      failures: w.failures(),
      cached: this.cache.size,
    };
  }

  /** Ends every write still pending as abandoned, aborting the requests in flight. */
  abandon(): void {
    this.writer.abandon();
  }

  /** Unsubscribes everything; called once the recording is done. */
  close(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    this.pipeline.close();
    this.cache.stop();
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
    const problem = this.writes.add(result);
    if (problem !== undefined) this.hub.report(problem);
  }
}
