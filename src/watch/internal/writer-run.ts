import type { Observable, Subscription } from 'rxjs';
import type { Diagnostic } from '../types.js';
import { recordingCodes } from './recording-codes.js';

/** The diagnostic of a writer that stopped unexpectedly, as both layers report it. */
export interface WriterFailedDiagnostic extends Diagnostic {
  readonly code: typeof recordingCodes.recordingToSinkFailed;
}

/** What a recording to a sink does with what its writer says. */
export interface WriterHost<R> {
  /** One finished write, to count. */
  result(result: R): void;
  /** The writer stopped unexpectedly: count what it still held as abandoned. */
  abandonHeld(): void;
  /** Reports that it stopped. */
  report(diagnostic: WriterFailedDiagnostic): void;
}

/**
 * The writer's side of a recording to a sink, for both recording layers: the signal that aborts its calls when the
 * shutdown abandons them, its subscription, and the promise and flag of its end that the hub's drain waits on
 * (each recording is the hub's `HubWriter` through it).
 */
export class WriterRun {
  /** Resolves when the writer has finished (or given up) every write, after the watcher completed. */
  readonly done: Promise<void>;
  /** The writer has finished: set synchronously, so that a virtual-time deadline can tell. */
  finished = false;
  private readonly abort = new AbortController();
  private resolveDone: () => void = () => undefined;

  constructor() {
    this.done = new Promise<void>((resolve) => {
      this.resolveDone = resolve;
    });
  }

  /** Aborted when the writes still pending are abandoned: the writer's `signal`. */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /**
   * Subscribes to the writer's results until it completes (or, though its input never errors, stops with an error).
   *
   * @param results$ - the writer's results
   * @param host - what to do with them
   * @returns the subscription, for the recording to close
   */
  run<R>(results$: Observable<R>, host: WriterHost<R>): Subscription {
    return results$.subscribe({
      next: (result) => {
        host.result(result);
      },
      // Only an input error would end the writer with an error, and its input never errors.
      error: (error: unknown) => {
        host.abandonHeld();
        host.report({
          level: 'error',
          code: recordingCodes.recordingToSinkFailed,
          message: 'Recording to a sink stopped unexpectedly.',
          cause: error,
        });
        this.finish();
      },
      complete: () => {
        this.finish();
      },
    });
  }

  /** Ends every write still pending as abandoned, aborting the requests in flight. */
  abandon(): void {
    this.abort.abort();
  }

  private finish(): void {
    this.finished = true;
    this.resolveDone();
  }
}
