import { Subject } from 'rxjs';
import type { Subscription } from 'rxjs';
import { EventCorrelator } from '../../correlate/event-correlator.js';
import type { CorrelateResult } from '../../correlate/types.js';
import { clause } from '../../meta/internal/sentence.js';
import type { CoreV1Event } from '../../meta/types.js';
import { isBenignSinkError } from '../../sink/retry-policy.js';
import type { EventSink, WriteResult } from '../../sink/types.js';
import { writeToSink } from '../../sink/write-to-sink.js';
import type { Watch } from '../../watch/types.js';
import { RecordDiagnosticCode } from '../types.js';
import type { RecordToSinkOptions, SinkRecordingStats } from '../types.js';
import { describeEvent } from './describe.js';
import type { RecordingState } from './recording-state.js';

type MutableStats = { -readonly [K in keyof SinkRecordingStats]: SinkRecordingStats[K] };

/**
 * One `startRecordingToSink()`: a watcher whose events are correlated the moment they arrive (so the watcher's queue
 * never backs up behind network writes), spam-filtered, and handed to a per-key coalescing writer.
 *
 * Every event the watcher receives ends in exactly one of `skipped`, `correlationFailed`, `written`, `failed`,
 * `dropped` or `abandoned`; until then it is `pending`.
 */
export class SinkRecording {
  /** Resolves when the writer has finished (or given up) every write, after the watcher completed. */
  readonly done: Promise<void>;
  private readonly counts: Omit<MutableStats, 'pending' | 'failures'> = {
    received: 0,
    skipped: 0,
    correlationFailed: 0,
    written: 0,
    created: 0,
    patched: 0,
    coalesced: 0,
    failed: 0,
    dropped: 0,
    abandoned: 0,
    attempts: 0,
  };
  private readonly failures = new Map<string, number>();
  private readonly abort = new AbortController();
  private readonly subscriptions: Subscription[] = [];

  constructor(state: RecordingState, watch: Watch<CoreV1Event>, sink: EventSink, options: RecordToSinkOptions) {
    const { correlator: correlatorOptions, ...writeOptions } = options;
    const correlator = new EventCorrelator({ ...correlatorOptions, scheduler: state.scheduler });
    const results = new Subject<CorrelateResult>();
    const { counts } = this;

    this.done = new Promise<void>((resolve) => {
      this.subscriptions.push(
        results
          .pipe(
            writeToSink(sink, { ...writeOptions, correlator, signal: this.abort.signal, scheduler: state.scheduler }),
          )
          .subscribe({
            next: (result) => {
              this.count(state, result);
            },
            // writeToSink only errors when a callback of ours threw, after ending every pending write as abandoned.
            error: (error: unknown) => {
              state.report({
                level: 'error',
                code: RecordDiagnosticCode.recordingToSinkFailed,
                message: 'Recording to a sink stopped: a correlator or retry callback threw.',
                cause: error,
              });
              resolve();
            },
            complete: resolve,
          }),
      );
    });

    this.subscriptions.push(
      watch.events$.subscribe({
        next: ({ object: event }) => {
          counts.received++;
          let result: CorrelateResult;
          try {
            result = correlator.correlate(event);
          } catch (error) {
            counts.correlationFailed++;
            state.report({
              level: 'error',
              code: RecordDiagnosticCode.correlationFailed,
              message: `Event ${describeEvent(event)} is not written: correlating it threw (check custom key and message functions).`,
              cause: error,
              event,
            });
            return;
          }
          if (result.skip) counts.skipped++;
          else results.next(result);
        },
        complete: () => {
          results.complete();
        },
      }),
    );
  }

  /** A snapshot of this sink's counters. */
  stats(): SinkRecordingStats {
    const c = this.counts;
    const settled = c.skipped + c.correlationFailed + c.written + c.failed + c.dropped + c.abandoned;
    return { ...c, pending: c.received - settled, failures: Object.fromEntries(this.failures) };
  }

  /** Ends every write still pending as abandoned (their late answers are ignored). */
  abandon(): void {
    this.abort.abort();
  }

  /** Unsubscribes everything; called once the recording is done. */
  close(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
  }

  private count(state: RecordingState, result: WriteResult): void {
    const c = this.counts;
    c.attempts += result.attempts;
    const { outcome, events, event, error } = result;
    switch (outcome) {
      case 'created':
      case 'patched':
        c[outcome]++;
        c.written += events;
        c.coalesced += events - 1;
        return;
      case 'failed': {
        c.failed += events;
        const reason = error?.reason ?? (error?.status === undefined ? error?.kind : String(error.status)) ?? 'unknown';
        this.failures.set(reason, (this.failures.get(reason) ?? 0) + events);
        const benign = error !== undefined && isBenignSinkError(error);
        state.report({
          level: benign ? 'warning' : 'error',
          code: RecordDiagnosticCode.writeFailed,
          message: `Event ${describeEvent(event)} was not written after ${String(result.attempts)} attempt(s): ${clause(error?.message ?? 'unknown error')}${benign ? ' (the server already has it, or its namespace is being deleted)' : ''}.`,
          cause: error,
          event,
        });
        return;
      }
      case 'dropped':
        c.dropped += events;
        state.report({
          level: 'error',
          code: RecordDiagnosticCode.writerFull,
          message: `Event ${describeEvent(event)} is dropped: the writer already holds its maximum of pending keys (raise maxPending, or the sink is too slow).`,
          event,
        });
        return;
      case 'abandoned':
        c.abandoned += events;
        state.report({
          level: 'error',
          code: RecordDiagnosticCode.writeAbandoned,
          message: `Event ${describeEvent(event)} was abandoned unwritten at shutdown (timeoutMs passed)${error ? `; last error: ${clause(error.message)}` : ''}.`,
          cause: error,
          event,
        });
        return;
    }
  }
}
