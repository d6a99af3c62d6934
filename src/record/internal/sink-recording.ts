import { isObservable, Observable, Subject } from 'rxjs';
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

/** The counters of the pipeline's stages; the writes are counted by a `WriteTally`. */
type Counts = Record<'received' | 'filtered' | 'stageFailed' | 'skipped' | 'correlationFailed', number>;

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
  /** Resolves when the writer has finished (or given up) every write, after the watcher completed. */
  readonly done: Promise<void>;
  /** The writer has finished: set synchronously, so a virtual-time deadline can tell. */
  finished = false;
  private readonly counts: Counts = {
    received: 0,
    filtered: 0,
    stageFailed: 0,
    skipped: 0,
    correlationFailed: 0,
  };
  private readonly writes = new WriteTally<CoreV1Event>(describeEvent);
  private readonly abort = new AbortController();
  private readonly subscriptions: Subscription[] = [];
  private readonly state: RecordingState;
  private readonly input = new Subject<CoreV1Event>();
  private readonly results = new Subject<CorrelateResult>();
  private readonly pipeline$: Observable<CorrelateResult>;
  private readonly write: OperatorFunction<CorrelateResult, WriteResult>;
  private pipelineSubscription: Subscription | undefined;
  /** The event being pushed through the pipeline, and whether it has been counted yet. */
  private current: { counted: boolean } | undefined;
  private resolveDone: () => void = () => undefined;

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
      signal: this.abort.signal,
      scheduler: state.scheduler,
    });
    if (typeof pipeline !== 'function') {
      throw new TypeError('startRecordingToSink(): pipeline must be a function (events$, stages) => results$');
    }
    const built: unknown = pipeline(this.input.asObservable(), stages);
    if (!isObservable(built)) {
      throw new TypeError('startRecordingToSink(): pipeline must return an Observable of correlation results');
    }
    this.pipeline$ = built as Observable<CorrelateResult>;
    this.done = new Promise<void>((resolve) => {
      this.resolveDone = resolve;
    });
  }

  /** Starts recording what `watch` delivers. */
  start(watch: Watch<CoreV1Event>): void {
    const { counts } = this;
    this.subscriptions.push(
      this.results.pipe(this.write).subscribe({
        next: (result) => {
          this.count(result);
        },
        // Only an input error would end the writer with an error, and its input never errors.
        error: (error: unknown) => {
          this.writes.abandoned += this.stats().pending;
          this.state.report({
            level: 'error',
            code: RecordDiagnosticCode.recordingToSinkFailed,
            message: 'Recording to a sink stopped unexpectedly.',
            cause: error,
          });
          this.finish();
        },
        complete: () => {
          this.finish();
        },
      }),
    );
    this.subscribePipeline();
    this.subscriptions.push(
      watch.events$.subscribe({
        next: ({ object: event }) => {
          counts.received++;
          const current = { counted: false };
          this.current = current;
          this.input.next(event);
          this.current = undefined;
          if (!current.counted) counts.filtered++;
        },
        complete: () => {
          this.input.complete();
        },
      }),
    );
  }

  /** A snapshot of this sink's counters. */
  stats(): SinkRecordingStats {
    const c = this.counts;
    const w = this.writes;
    const { written, created, patched, coalesced, failed, dropped, abandoned, attempts } = w;
    const settled = c.filtered + c.stageFailed + c.skipped + c.correlationFailed + w.settled;
    return {
      ...c,
      written,
      created,
      patched,
      coalesced,
      failed,
      dropped,
      abandoned,
      pending: c.received - settled,
      attempts,
      failures: w.failures(),
    };
  }

  /** Ends every write still pending as abandoned, aborting the requests in flight. */
  abandon(): void {
    this.abort.abort();
  }

  /** Unsubscribes everything; called once the recording is done. */
  close(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    this.pipelineSubscription?.unsubscribe();
  }

  private finish(): void {
    this.finished = true;
    this.resolveDone();
  }

  private subscribePipeline(): void {
    let subscribing = true;
    let failedWhileSubscribing = false as boolean;
    this.pipelineSubscription = this.pipeline$.subscribe({
      next: (result) => {
        this.take(result);
      },
      error: (error: unknown) => {
        const current = this.current;
        if (current !== undefined && !current.counted) {
          current.counted = true;
          this.counts.stageFailed++;
        }
        this.state.report({
          level: 'error',
          code: RecordDiagnosticCode.pipelineStageFailed,
          message:
            current === undefined
              ? 'A stage of a sink pipeline threw; the pipeline is subscribed again.'
              : 'A stage of a sink pipeline threw on an event, which is not written; the pipeline is subscribed again for the next events.',
          cause: error,
        });
        // A pipeline that throws as it is subscribed would throw again at once: leave it, its events are filtered.
        if (subscribing) failedWhileSubscribing = true;
        else this.subscribePipeline();
      },
      complete: () => {
        this.results.complete();
      },
    });
    subscribing = false;
    if (failedWhileSubscribing) this.results.complete();
  }

  /** A result out of the pipeline: it stands for the event being pushed, or one an asynchronous stage held back. */
  private take(result: CorrelateResult): void {
    const c = this.counts;
    const current = this.current;
    if (current !== undefined && !current.counted) current.counted = true;
    else if (c.filtered > 0) c.filtered--;
    // A result beyond the events taken: counted as received too, so the counters still add up.
    else c.received++;
    if (result.skip) c.skipped++;
    else this.results.next(result);
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
    const current = this.current;
    if (current !== undefined && !current.counted) current.counted = true;
    else if (this.counts.filtered > 0) this.counts.filtered--;
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
