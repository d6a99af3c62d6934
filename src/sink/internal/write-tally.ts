import { clause } from '../../meta/internal/sentence.js';
import type { CoreV1Event, EventsV1Event } from '../../meta/types.js';
import { isBenignSinkError } from '../retry-policy.js';
import type { SinkError } from '../sink-error.js';
import type { WriteResult } from '../types.js';
import { failureCounts, failureReason } from './failure-counts.js';

/** What a recording reports about a write that did not succeed; the codes are the same in both recording layers. */
export interface WriteDiagnostic<E> {
  readonly level: 'warning' | 'error';
  readonly code: 'event-write-failed' | 'event-dropped-writer-full' | 'event-write-abandoned';
  readonly message: string;
  readonly cause?: SinkError | undefined;
  readonly event: E;
}

/**
 * The write counters of a recording to a sink, fed with every `WriteResult`: how many requests were written (alone
 * or coalesced), failed (by reason), dropped or abandoned, and the sink calls made.
 */
export class WriteTally<E extends CoreV1Event | EventsV1Event> {
  written = 0;
  created = 0;
  patched = 0;
  coalesced = 0;
  failed = 0;
  dropped = 0;
  abandoned = 0;
  attempts = 0;
  private readonly failuresByReason = new Map<string, number>();
  private readonly describe: (event: E) => string;

  /** @param describe - names an event in diagnostics, e.g. `Warning/BackOff about Pod shop/web-0` */
  constructor(describe: (event: E) => string) {
    this.describe = describe;
  }

  /** Requests that ended: written, failed, dropped or abandoned. */
  get settled(): number {
    return this.written + this.failed + this.dropped + this.abandoned;
  }

  /** Failed requests by reason, in a null-prototype object. */
  failures(): Record<string, number> {
    return failureCounts([this.failuresByReason]);
  }

  /**
   * Counts `result`.
   *
   * @returns what to report when it failed, was dropped or abandoned; `undefined` when written
   */
  add(result: WriteResult<E>): WriteDiagnostic<E> | undefined {
    const { outcome, events, event, error } = result;
    const described = this.describe(event);
    this.attempts += result.attempts;
    switch (outcome) {
      case 'created':
      case 'patched':
        this[outcome]++;
        this.written += events;
        this.coalesced += events - 1;
        return undefined;
      case 'failed': {
        this.failed += events;
        const reason = failureReason(error);
        this.failuresByReason.set(reason, (this.failuresByReason.get(reason) ?? 0) + events);
        const benign = error !== undefined && isBenignSinkError(error);
        return {
          level: benign ? 'warning' : 'error',
          code: 'event-write-failed',
          message: `Event ${described} was not written after ${String(result.attempts)} attempt(s): ${clause(error?.message ?? 'unknown error')}${benign ? ' (the server already has it, or its namespace is being deleted)' : ''}.`,
          cause: error,
          event,
        };
      }
      case 'dropped':
        this.dropped += events;
        return {
          level: 'error',
          code: 'event-dropped-writer-full',
          message: `Event ${described} is dropped: the writer already holds its maximum of pending keys (raise maxPending, or the sink is too slow).`,
          event,
        };
      case 'abandoned':
        this.abandoned += events;
        return {
          level: 'error',
          code: 'event-write-abandoned',
          message: `Event ${described} was abandoned unwritten at shutdown (timeoutMs passed)${error ? `; last error: ${clause(error.message)}` : ''}.`,
          cause: error,
          event,
        };
    }
  }
}
