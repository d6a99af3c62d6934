import type { CoreV1Event } from '../meta/types.js';
import type { SinkError } from './sink-error.js';

/**
 * Where recorded events are written: client-go's `EventSink`. Implementations must respect the namespace in the
 * event (`event.metadata.namespace`) and reject with a {@link SinkError}.
 */
export interface EventSink {
  /** Creates the event (`POST`), with `metadata.resourceVersion` cleared; resolves to the server's copy. */
  create(event: CoreV1Event): Promise<CoreV1Event>;
  /** Replaces the event (`PUT`). The recorder never calls it; it is here for parity and for users. */
  update(event: CoreV1Event): Promise<CoreV1Event>;
  /**
   * Applies `patch` (a strategic-merge patch body, as JSON text) to the event named `oldEvent.metadata.name` in
   * `oldEvent.metadata.namespace`; resolves to the server's copy.
   */
  patch(oldEvent: CoreV1Event, patch: string): Promise<CoreV1Event>;
}

/** How a write ended. */
export type WriteOutcome = 'created' | 'patched' | 'failed' | 'dropped' | 'abandoned';

/**
 * One finished write. Every non-skipped correlator result handed to a writer ends in exactly one `WriteResult`,
 * alone or coalesced with newer results for the same key (`events` counts them).
 */
export interface WriteResult {
  /** The correlation key written. */
  readonly key: string;
  readonly outcome: WriteOutcome;
  /** The server's copy when written; otherwise the newest event the writer held for the key. */
  readonly event: CoreV1Event;
  /** Sink calls made for this write (0 for `dropped`, and for `abandoned` before the first call). */
  readonly attempts: number;
  /** Correlator results this write stands for: 1, plus the newer results coalesced into it. */
  readonly events: number;
  /** Why it failed, for `failed` (and for `abandoned` when the last attempt had failed). */
  readonly error?: SinkError | undefined;
}
