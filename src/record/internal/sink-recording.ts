import { Observable, Subject } from 'rxjs';
import type { MonoTypeOperatorFunction, OperatorFunction, Subscription } from 'rxjs';
import { EventAggregator } from '../../correlate/event-aggregator.js';
import { EventDedupLog } from '../../correlate/event-dedup-log.js';
import { EventSourceObjectSpamFilter } from '../../correlate/event-source-object-spam-filter.js';
import type { CorrelateResult } from '../../correlate/types.js';
import type { CoreV1Event } from '../../meta/types.js';
import type { EventSink, WriteResult } from '../../sink/types.js';
import { writeToSink } from '../../sink/write-to-sink.js';
import type { Watch } from '../../watch/types.js';
import { RecordDiagnosticCode } from '../types.js';
import type { RecordToSinkOptions, SinkPipeline, SinkPipelineStages, SinkRecordingStats } from '../types.js';
import { describeEvent } from './describe.js';
import { WriteTally } from '../../sink/internal/write-tally.js';
import type { RecordingState } from './recording-state.js';
import { UserPipeline } from '../../watch/internal/user-pipeline.js';
import { WriterRun } from '../../watch/internal/writer-run.js';

/** The counters of the correlation stages; the pipeline and the writes count the rest. */
type Counts = Record<'skipped' | 'correlationFailed', number>;

const defaultPipeline: SinkPipeline = (events$, { correlate, throttle }) => events$.pipe(correlate(), throttle());

/**
 * One `startRecordingToSink()`: a watcher whose events go through the sink's pipeline (by default correlation, then
 * the spam filter, each event the moment it arrives, so the watcher's queue never backs up behind network writes)
 * into a per-key coalescing writer.
 *
 * Every event the watcher receives ends in exactly one of `filtered`, `stageFailed`, `skipped`,
 * `correlationFailed`, `written`, `failed`, `dropped` or `abandoned`; until then it is `pending`.
 */
export class SinkRecording {
  private readonly counts: Counts = {
    skipped: 0,
    correlationFailed: 0,
  };
  private readonly writes = new WriteTally<CoreV1Event>(describeEvent);
  private readonly writer = new WriterRun();
  private readonly subscriptions: Subscription[] = [];
  private readonly state: RecordingState;
  private readonly results = new Subject<CorrelateResult>();
  private readonly pipeline: UserPipeline<CoreV1Event, CorrelateResult>;
  private readonly write: OperatorFunction<CorrelateResult, WriteResult>;

  /**
   * Builds the pipeline and the writer, so that a bad option or pipeline throws at the call, before any watcher.
   *
   * @throws TypeError or RangeError for a bad writer option or a pipeline that is not a function returning an
   *   Observable
   */
  constructor(state: RecordingState, sink: EventSink, options: RecordToSinkOptions) {
    const { correlator: correlatorOptions, pipeline = defaultPipeline, ...writeOptions } = options;
    this.state = state;
    const stageOptions = { ...correlatorOptions, scheduler: state.scheduler };
    const aggregator = new EventAggregator(stageOptions);
    const log = new EventDedupLog(stageOptions);
    const spam = new EventSourceObjectSpamFilter(stageOptions);
    const stages: SinkPipelineStages = {
      correlate: () => this.guarded((event: CoreV1Event) => log.observe(aggregator.aggregate(event))),
      throttle: (): MonoTypeOperatorFunction<CorrelateResult> =>
        this.guarded((result: CorrelateResult) =>
          result.skip || !spam.filter(result.event) ? result : { ...result, skip: true },
        ),
    };
    this.write = writeToSink(sink, {
      ...writeOptions,
      correlator: log,
      signal: this.writer.signal,
      scheduler: state.scheduler,
    });
    this.pipeline = new UserPipeline<CoreV1Event, CorrelateResult>(
      pipeline,
      stages,
      {
        next: (result) => {
          if (result.skip) this.counts.skipped++;
          else this.results.next(result);
        },
        complete: () => {
          this.results.complete();
        },
        report: (diagnostic) => {
          state.report(diagnostic);
        },
        standsForEvent: () => true,
      },
      'correlation results',
    );
  }

  /** Resolves when the writer has finished (or given up) every write, after the watcher completed. */
  get done(): Promise<void> {
    return this.writer.done;
  }

  /** The writer has finished: set synchronously, so a virtual-time deadline can tell. */
  get finished(): boolean {
    return this.writer.finished;
  }

  /** Starts recording what `watch` delivers. */
  start(watch: Watch<CoreV1Event>): void {
    const { pipeline } = this;
    this.subscriptions.push(
      this.writer.run(this.results.pipe(this.write), {
        result: (result) => {
          this.count(result);
        },
        abandonHeld: () => {
          this.writes.abandoned += this.stats().pending;
        },
        report: (diagnostic) => {
          this.state.report(diagnostic);
        },
      }),
    );
    pipeline.start(watch);
  }

  /** A snapshot of this sink's counters. */
  stats(): SinkRecordingStats {
    const c = this.counts;
    const w = this.writes;
    const { received, filtered, stageFailed } = this.pipeline;
    const { written, created, patched, coalesced, failed, dropped, abandoned, attempts } = w;
    const settled = filtered + stageFailed + c.skipped + c.correlationFailed + w.settled;
    return {
      received,
      filtered,
      stageFailed,
      ...c,
      written,
      created,
      patched,
      coalesced,
      failed,
      dropped,
      abandoned,
      pending: received - settled,
      attempts,
      failures: w.failures(),
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
  }

  /**
   * A stage that applies `step` to each value; when `step` throws, the event is counted as `correlationFailed`
   * and reported, and the stream goes on.
   */
  private guarded<T, R>(step: (value: T) => R): OperatorFunction<T, R> {
    return (source) =>
      new Observable<R>((subscriber) =>
        source.subscribe({
          next: (value) => {
            let result: R;
            try {
              result = step(value);
            } catch (error) {
              this.correlationFailed(value, error);
              return;
            }
            subscriber.next(result);
          },
          error: (error: unknown) => {
            subscriber.error(error);
          },
          complete: () => {
            subscriber.complete();
          },
        }),
      );
  }

  private correlationFailed(value: unknown, error: unknown): void {
    const event = (value as Partial<CorrelateResult>).event ?? (value as CoreV1Event);
    this.pipeline.claim();
    this.counts.correlationFailed++;
    this.state.report({
      level: 'error',
      code: RecordDiagnosticCode.correlationFailed,
      message: `Event ${describeEvent(event)} is not written: correlating it threw (check custom key and message functions).`,
      cause: error,
      event,
    });
  }

  private count(result: WriteResult): void {
    const { state } = this;
    const problem = this.writes.add(result);
    if (problem !== undefined) {
      state.report(problem);
      return;
    }
    const { event, error } = result;
    if (error !== undefined) {
      state.report({
        level: 'warning',
        code: RecordDiagnosticCode.correlationFailed,
        message: `Event ${describeEvent(event)} was written, but the correlator could not take the server's copy: ${error.message}.`,
        cause: error,
        event,
      });
    }
  }
}
