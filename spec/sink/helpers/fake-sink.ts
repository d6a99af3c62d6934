import type { SchedulerLike } from 'rxjs';
import type { CoreV1Event } from '../../../src/meta/types.js';
import { SinkError } from '../../../src/sink/sink-error.js';
import type { SinkErrorDetails } from '../../../src/sink/sink-error.js';
import type { EventSink } from '../../../src/sink/types.js';
import { ScheduledAnswer } from '../../../src/testing/internal/scheduled-answer.js';

/** One call the writer made to a {@link FakeSink}. */
export interface SinkCall {
  readonly method: 'create' | 'patch' | 'update';
  /** `metadata.name` of the event written. */
  readonly name: string;
  /** The count sent: the body's `count` for create/update, the patch's `count` for patch. */
  readonly count: number | undefined;
  /** `metadata.resourceVersion` in the body sent. */
  readonly resourceVersion: string | undefined;
  /** Virtual time of the call. */
  readonly time: number;
}

/** Options of {@link FakeSink}. */
export interface FakeSinkOptions {
  /** Drives answers: each call is answered `latencyMs` after it is made. */
  readonly scheduler: SchedulerLike;
  /** @defaultValue 5 */
  readonly latencyMs?: number;
  /** Scripted failures: return an error to answer call number `index` (from 0) with it, instead of the server. */
  readonly fail?: (call: SinkCall, index: number) => unknown;
  /** Whether a scripted failure of call `index` comes after the server applied the call (its answer was lost). */
  readonly appliedBeforeFailure?: (index: number) => boolean;
}

/**
 * An in-memory API server for events, behind the `EventSink` contract: create answers 409 `AlreadyExists` when the
 * name is taken, patch answers 404 when it is not; every answer comes `latencyMs` of virtual time after the call.
 * It records every call, and how many calls (in all, and per event name) were in flight at once.
 */
export class FakeSink implements EventSink {
  readonly calls: SinkCall[] = [];
  /** The server's events by name. */
  readonly events = new Map<string, CoreV1Event>();
  maxInFlight = 0;
  maxInFlightPerName = 0;
  private inFlight = 0;
  private readonly inFlightByName = new Map<string, number>();
  private resourceVersion = 0;
  private readonly options: FakeSinkOptions;

  constructor(options: FakeSinkOptions) {
    this.options = options;
  }

  create(event: CoreV1Event): PromiseLike<CoreV1Event> {
    return this.answer('create', event, event.count, () => {
      if (this.events.has(nameOf(event))) {
        throw statusError(409, 'AlreadyExists');
      }
      return event;
    });
  }

  update(event: CoreV1Event): PromiseLike<CoreV1Event> {
    return this.answer('update', event, event.count, () => {
      if (!this.events.has(nameOf(event))) {
        throw statusError(404, 'NotFound');
      }
      return event;
    });
  }

  patch(oldEvent: CoreV1Event, patch: string): PromiseLike<CoreV1Event> {
    const fields = JSON.parse(patch) as { count?: number; lastTimestamp?: string; message?: string };
    return this.answer('patch', oldEvent, fields.count, () => {
      const stored = this.events.get(nameOf(oldEvent));
      if (stored === undefined) {
        throw statusError(404, 'NotFound');
      }
      return {
        ...stored,
        ...(fields.count === undefined ? {} : { count: fields.count }),
        ...(fields.lastTimestamp === undefined ? {} : { lastTimestamp: new Date(fields.lastTimestamp) }),
        ...(fields.message === undefined ? {} : { message: fields.message }),
      };
    });
  }

  /** The count the server holds for the event named `name`. */
  countOf(name: string): number | undefined {
    return this.events.get(name)?.count;
  }

  private answer(
    method: SinkCall['method'],
    event: CoreV1Event,
    count: number | undefined,
    apply: () => CoreV1Event,
  ): PromiseLike<CoreV1Event> {
    const { scheduler, latencyMs = 5, fail, appliedBeforeFailure } = this.options;
    const index = this.calls.length;
    const name = nameOf(event);
    const call: SinkCall = {
      method,
      name,
      count,
      resourceVersion: event.metadata.resourceVersion,
      time: scheduler.now(),
    };
    const scripted = fail?.(call, index);
    this.calls.push(call);
    this.track(name, 1);
    const answer = new ScheduledAnswer<CoreV1Event>();
    scheduler.schedule(() => {
      this.track(name, -1);
      if (scripted !== undefined && appliedBeforeFailure?.(index) !== true) {
        answer.reject(scripted);
        return;
      }
      try {
        const written = {
          ...apply(),
          metadata: { ...event.metadata, resourceVersion: String(++this.resourceVersion) },
        };
        this.events.set(name, written);
        if (scripted === undefined) answer.resolve(structuredClone(written));
        else answer.reject(scripted);
      } catch (error) {
        answer.reject(error);
      }
    }, latencyMs);
    return answer;
  }

  private track(name: string, delta: number): void {
    this.inFlight += delta;
    const forName = (this.inFlightByName.get(name) ?? 0) + delta;
    this.inFlightByName.set(name, forName);
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    this.maxInFlightPerName = Math.max(this.maxInFlightPerName, forName);
  }
}

function nameOf(event: CoreV1Event): string {
  return event.metadata.name ?? '';
}

/** A `SinkError` for an HTTP status answer, as a client-node sink would build it. */
export function statusError(
  status: number,
  reason?: string,
  details: Omit<SinkErrorDetails, 'kind' | 'status' | 'reason'> = {},
): SinkError {
  return new SinkError(`HTTP ${status}${reason === undefined ? '' : ` ${reason}`}`, {
    kind: 'status',
    status,
    reason,
    ...details,
  });
}

/** A `fail` script that answers call number `index` (from 0) with `error`, and lets the server answer the others. */
export function failCall(
  index: number,
  error: SinkError,
): (call: SinkCall, callIndex: number) => SinkError | undefined {
  return (_call, callIndex) => (callIndex === index ? error : undefined);
}

/** A `SinkError` for a request that got no answer. */
export function transportError(): SinkError {
  return new SinkError('connect ECONNREFUSED', { kind: 'transport' });
}
