import type { SchedulerLike } from 'rxjs';
import type { CoreV1Event } from '../../meta/types.js';
import { RecordingHub } from '../../watch/internal/recording-hub.js';
import type { EventBroadcasterStats, Logger, RecordDiagnostic } from '../types.js';
import { describeEvent } from './describe.js';

/** The counters kept by the recorders; the rest of `EventBroadcasterStats` comes from the hub and the Broadcaster. */
export interface RecordCounters {
  invalid: number;
  failed: number;
  truncated: number;
  formatFailed: number;
}

/**
 * What an `EventBroadcaster` shares with its recorders: the recording hub (the broadcaster, the clock, the one place
 * diagnostics are reported, to `diagnostics$` and the logger) and the recorders' counters.
 */
export class RecordingState {
  readonly hub: RecordingHub<CoreV1Event, RecordDiagnostic>;
  readonly scheduler: SchedulerLike;
  readonly counters: RecordCounters = { invalid: 0, failed: 0, truncated: 0, formatFailed: 0 };

  constructor(queueLength: number, scheduler: SchedulerLike, logger: Logger | undefined) {
    this.scheduler = scheduler;
    this.hub = new RecordingHub<CoreV1Event, RecordDiagnostic>({
      queueLength,
      scheduler,
      logger,
      describe: describeEvent,
    });
  }

  /** `shutdown()` was called: nothing more is recorded or watched. */
  get stopping(): boolean {
    return this.hub.stopping;
  }

  /**
   * Hands a made event to the watchers, or reports why it could not, naming `reporter.component` (the recorder's own
   * object, made once: only a refused event needs it).
   */
  submit(event: CoreV1Event, reporter: { readonly component: string }): void {
    this.hub.submit(event, reporter);
  }

  /** Emits a diagnostic and logs it; neither a throwing subscriber nor a throwing logger reaches the caller. */
  report(diagnostic: RecordDiagnostic): void {
    this.hub.report(diagnostic);
  }

  stats(): Omit<EventBroadcasterStats, 'sinks' | 'sinksReleased'> {
    return { ...this.hub.stats(), ...this.counters };
  }
}
