import { isObservable, Subject } from 'rxjs';
import type { Observable, Subscription } from 'rxjs';
import type { Diagnostic, Watch } from '../types.js';
import { recordingCodes } from './recording-codes.js';

/** The diagnostic of a stage that threw, as both layers report it. */
export interface StageFailedDiagnostic extends Diagnostic {
  readonly code: typeof recordingCodes.pipelineStageFailed;
}

/** What a recording to a sink does with what comes out of its user's pipeline. */
export interface PipelineHost<O> {
  /** A result out of the pipeline, once counted. */
  next(result: O): void;
  /** The pipeline completed (after its input did), or threw as it was subscribed and is left. */
  complete(): void;
  /** Reports a stage that threw. */
  report(diagnostic: StageFailedDiagnostic): void;
  /** Whether a result stands for an event pushed; others (a series heartbeat) are not counted. */
  standsForEvent(result: O): boolean;
}

/**
 * A user's pipeline between a sink's watcher and its writer, for both recording layers: built and checked at the
 * `startRecordingToSink()` call, each event pushed through it counted (`filtered` when nothing came out of it,
 * `stageFailed` when a stage threw on it), subscribed again after a stage threw.
 */
export class UserPipeline<I, O> {
  /** Events pushed, plus any extra result a stage made up. */
  received = 0;
  /** Events a stage removed (or an asynchronous stage holds back for now). */
  filtered = 0;
  /** Events a stage threw on. */
  stageFailed = 0;
  private readonly input = new Subject<I>();
  private readonly pipeline$: Observable<O>;
  private readonly host: PipelineHost<O>;
  private subscription: Subscription | undefined;
  private watching: Subscription | undefined;
  /** The event being pushed through the pipeline, and whether it has been counted yet. */
  private current: { counted: boolean } | undefined;

  /**
   * Calls `pipeline` with the input and `stages`, so that a bad pipeline throws at the call.
   *
   * @throws TypeError when `pipeline` is not a function, or does not return an Observable
   */
  constructor(pipeline: unknown, stages: object, host: PipelineHost<O>, results: string) {
    if (typeof pipeline !== 'function') {
      throw new TypeError('startRecordingToSink(): pipeline must be a function (events$, stages) => results$');
    }
    const built: unknown = (pipeline as (events$: Observable<I>, stages: object) => unknown)(
      this.input.asObservable(),
      stages,
    );
    if (!isObservable(built)) {
      throw new TypeError(`startRecordingToSink(): pipeline must return an Observable of ${results}`);
    }
    this.pipeline$ = built as Observable<O>;
    this.host = host;
  }

  /** Subscribes the pipeline, then pushes through it every event `watch` delivers, until it completes. */
  start(watch: Watch<I>): void {
    this.subscribe();
    this.watching = watch.events$.subscribe({
      next: ({ object }) => {
        this.push(object);
      },
      complete: () => {
        this.input.complete();
      },
    });
  }

  private subscribe(): void {
    let subscribing = true;
    let failedWhileSubscribing = false as boolean;
    this.subscription = this.pipeline$.subscribe({
      next: (result) => {
        if (this.host.standsForEvent(result)) this.claim();
        this.host.next(result);
      },
      error: (error: unknown) => {
        const current = this.current;
        const onEvent = current !== undefined && !current.counted;
        if (onEvent) {
          current.counted = true;
          this.stageFailed++;
        }
        this.host.report({
          level: 'error',
          code: recordingCodes.pipelineStageFailed,
          message:
            current === undefined
              ? 'A stage of a sink pipeline threw; the pipeline is subscribed again.'
              : 'A stage of a sink pipeline threw on an event, which is not written; the pipeline is subscribed again for the next events.',
          cause: error,
        });
        // A pipeline that throws as it is subscribed would throw again at once: leave it, its events are filtered.
        if (subscribing) failedWhileSubscribing = true;
        else this.subscribe();
      },
      complete: () => {
        this.host.complete();
      },
    });
    subscribing = false;
    if (failedWhileSubscribing) this.host.complete();
  }

  /** Pushes an event through the pipeline; counted as `filtered` when nothing stood for it. */
  private push(event: I): void {
    this.received++;
    const current = { counted: false };
    this.current = current;
    this.input.next(event);
    this.current = undefined;
    if (!current.counted) this.filtered++;
  }

  /**
   * Accounts for an event something came out of (a result, or a stage's own counted failure): the event being
   * pushed, else one an asynchronous stage held back, else an extra one a stage made up (counted as received too).
   */
  claim(): void {
    const current = this.current;
    if (current !== undefined && !current.counted) current.counted = true;
    else if (this.filtered > 0) this.filtered--;
    else this.received++;
  }

  /** Unsubscribes the watcher and the pipeline. */
  close(): void {
    this.watching?.unsubscribe();
    this.subscription?.unsubscribe();
  }
}
