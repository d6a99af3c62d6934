import { Subject } from 'rxjs';
import type { SchedulerLike, Subscription } from 'rxjs';
import type { CoreV1Event } from '../../meta/types.js';
import { Broadcaster } from '../../watch/broadcaster.js';
import { logDiagnostic } from '../../watch/internal/log-diagnostic.js';
import type { EventBroadcasterStats, Logger, RecordDiagnostic } from '../types.js';
import { RecordDiagnosticCode } from '../types.js';
import { describeEvent } from './describe.js';

/** The counters kept by the recording layer itself; the rest of `EventBroadcasterStats` comes from the Broadcaster. */
export interface RecordCounters {
  invalid: number;
  droppedShutdown: number;
  failed: number;
  truncated: number;
  formatFailed: number;
  handlerErrors: number;
}

/**
 * What an `EventBroadcaster` shares with its recorders: the broadcaster, the clock, the counters and the one place
 * diagnostics are reported (to `diagnostics$` and the logger).
 */
export class RecordingState {
  readonly broadcaster: Broadcaster<CoreV1Event>;
  readonly scheduler: SchedulerLike;
  readonly counters: RecordCounters = {
    invalid: 0,
    droppedShutdown: 0,
    failed: 0,
    truncated: 0,
    formatFailed: 0,
    handlerErrors: 0,
  };
  readonly diagnostics = new Subject<RecordDiagnostic>();
  /** `shutdown()` was called: nothing more is recorded or watched. */
  stopping = false;

  private readonly queueLength: number;
  private readonly logger: Logger | undefined;
  private readonly forwarding: Subscription;

  constructor(queueLength: number, scheduler: SchedulerLike, logger: Logger | undefined) {
    // No distribution scheduler: an event is handed to the watchers on the recording call's stack, so nothing can
    // pile up in the incoming queue except events recorded from inside a watcher (re-entrantly).
    this.broadcaster = new Broadcaster<CoreV1Event>({ queueLength, fullQueue: 'drop' });
    this.queueLength = queueLength;
    this.scheduler = scheduler;
    this.logger = logger;
    // Ends by itself: the Broadcaster completes its diagnostics when it has shut down.
    this.forwarding = this.broadcaster.diagnostics$.subscribe((diagnostic) => {
      // Every refused event is reported one by one as 'event-dropped-queue-full', with the event; the Broadcaster's
      // once-per-spell notice would only repeat it.
      if (diagnostic.code === 'incoming-queue-full') return;
      if (diagnostic.code === 'watcher-handler-error') this.counters.handlerErrors++;
      // The Broadcaster's other codes, 'watcher-handler-error' and 'watcher-queue-full', are RecordDiagnosticCodes
      // (its Diagnostic types them as string; a spec checks every code that reaches diagnostics$).
      this.report({ ...diagnostic, code: diagnostic.code as RecordDiagnosticCode });
    });
  }

  /** Hands a made event to the watchers, or reports why it could not. */
  submit(event: CoreV1Event, component: string): void {
    if (this.stopping) {
      this.counters.droppedShutdown++;
      this.report({
        level: 'error',
        code: RecordDiagnosticCode.recordedAfterShutdown,
        message: `Event ${describeEvent(event)} was recorded after shutdown() and is dropped.`,
        component,
        event,
      });
    } else if (!this.broadcaster.actionOrDrop('ADDED', event)) {
      this.report({
        level: 'error',
        code: RecordDiagnosticCode.queueFull,
        message: `Event ${describeEvent(event)} is dropped: the incoming queue is full (${String(this.queueLength)} events recorded from inside a watcher wait there for the current delivery to end).`,
        component,
        event,
      });
    }
  }

  /** Emits a diagnostic and logs it; neither a throwing subscriber nor a throwing logger reaches the caller. */
  report(diagnostic: RecordDiagnostic): void {
    this.diagnostics.next(diagnostic);
    const { component, event } = diagnostic;
    logDiagnostic(this.logger, diagnostic, {
      ...(component === undefined ? {} : { component }),
      ...(event === undefined ? {} : { event }),
    });
  }

  stats(): Omit<EventBroadcasterStats, 'sinks' | 'sinksReleased'> {
    const { accepted, delivered, droppedIncoming, droppedWatcher, droppedOnStop, pending, watchers } =
      this.broadcaster.stats;
    return {
      recorded: accepted,
      ...this.counters,
      droppedQueueFull: droppedIncoming,
      delivered,
      droppedWatcherQueueFull: droppedWatcher,
      droppedOnStop,
      pending,
      watchers,
    };
  }

  /** Called once the Broadcaster has shut down. */
  close(): void {
    this.forwarding.unsubscribe();
  }
}
