import { Subject } from 'rxjs';
import type { SchedulerLike, Subscription } from 'rxjs';
import type { EventsV1Event } from '../../meta/types.js';
import { Broadcaster } from '../../watch/broadcaster.js';
import { logDiagnostic } from '../../watch/internal/log-diagnostic.js';
import type { Logger } from '../../watch/types.js';
import { EventsV1DiagnosticCode } from '../types.js';
import type { EventsV1BroadcasterStats, EventsV1Diagnostic } from '../types.js';
import { describeEventsV1Event } from './make-event.js';

/** What the recording layer counts itself; the rest of the stats comes from the Broadcaster. */
type Counters = Record<
  'invalid' | 'droppedShutdown' | 'failed' | 'truncated' | 'formatFailed' | 'relatedDropped' | 'handlerErrors',
  number
>;

/**
 * What an `EventsV1Broadcaster` shares with its recorders: the broadcaster, the clock, the counters and the one
 * place diagnostics are reported (to `diagnostics$` and the logger).
 */
export class EventsV1State {
  readonly broadcaster: Broadcaster<EventsV1Event>;
  readonly scheduler: SchedulerLike;
  readonly counters: Counters = {
    invalid: 0,
    droppedShutdown: 0,
    failed: 0,
    truncated: 0,
    formatFailed: 0,
    relatedDropped: 0,
    handlerErrors: 0,
  };
  readonly diagnostics = new Subject<EventsV1Diagnostic>();
  /** `shutdown()` was called: nothing more is recorded or watched. */
  stopping = false;
  private readonly logger: Logger | undefined;
  private readonly queueLength: number;
  private readonly fromBroadcaster: Subscription;

  constructor(queueLength: number, scheduler: SchedulerLike, logger: Logger | undefined) {
    // As for core/v1, no distribution scheduler: events reach the watchers on the recording call's stack, so that
    // client-go's blocking incoming queue of 25 has no counterpart here.
    this.broadcaster = new Broadcaster<EventsV1Event>({ queueLength, fullQueue: 'drop' });
    this.scheduler = scheduler;
    this.logger = logger;
    this.queueLength = queueLength;
    // Ends with the Broadcaster, which completes its diagnostics at shutdown.
    this.fromBroadcaster = this.broadcaster.diagnostics$.subscribe((diagnostic) => {
      // Each refused event is reported with the event itself ('event-dropped-queue-full').
      if (diagnostic.code === 'incoming-queue-full') return;
      if (diagnostic.code === 'watcher-handler-error') this.counters.handlerErrors++;
      // What is left is 'watcher-handler-error' or 'watcher-queue-full', both EventsV1DiagnosticCodes.
      this.report({ ...diagnostic, code: diagnostic.code as EventsV1DiagnosticCode });
    });
  }

  /** Hands a made event to the watchers, or reports why it could not. */
  submit(event: EventsV1Event, reportingController: string): void {
    if (this.stopping) {
      this.counters.droppedShutdown++;
      this.report({
        level: 'error',
        code: EventsV1DiagnosticCode.recordedAfterShutdown,
        message: `Event ${describeEventsV1Event(event)} was recorded after shutdown() and is dropped.`,
        reportingController,
        event,
      });
      return;
    }
    if (this.broadcaster.actionOrDrop('ADDED', event)) return;
    this.report({
      level: 'error',
      code: EventsV1DiagnosticCode.queueFull,
      message: `Event ${describeEventsV1Event(event)} is dropped: the incoming queue is full (${String(this.queueLength)} events recorded from inside a watcher wait for the current delivery).`,
      reportingController,
      event,
    });
  }

  /** Emits a diagnostic and logs it; neither a throwing subscriber nor a throwing logger reaches the caller. */
  report(diagnostic: EventsV1Diagnostic): void {
    this.diagnostics.next(diagnostic);
    const { reportingController, event } = diagnostic;
    logDiagnostic(this.logger, diagnostic, {
      ...(reportingController === undefined ? {} : { reportingController }),
      ...(event === undefined ? {} : { event }),
    });
  }

  stats(): Omit<EventsV1BroadcasterStats, 'sink'> {
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
    this.fromBroadcaster.unsubscribe();
  }
}
