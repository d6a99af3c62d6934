import { asyncScheduler } from 'rxjs';
import type { SchedulerLike } from 'rxjs';
import { checkTimeOption } from '../meta/internal/time-option.js';
import type { CoreV1Event, EventSeries, EventsV1Event } from '../meta/types.js';
import { SinkError } from '../sink/sink-error.js';
import type { EventSink } from '../sink/types.js';
import { statusReason } from './internal/faults.js';
import { ScheduledAnswer } from './internal/scheduled-answer.js';

/** A sink method, as {@link InMemoryEventSink} records it. */
export type InMemorySinkMethod = 'create' | 'update' | 'patch';

/** One call an {@link InMemoryEventSink} received. */
export interface InMemorySinkCall {
  readonly method: InMemorySinkMethod;
  /** `metadata.name` of the event written. */
  readonly name: string;
  /**
   * The count sent. core/v1: the body's `count` for create and update, the patch's `count` for patch.
   * events.k8s.io/v1: the body's `series.count` (1 for an event without `series`, a singleton), the patch's
   * `series.count`.
   */
  readonly count: number | undefined;
  /** `scheduler.now()` when the call was made. */
  readonly time: number;
}

/** A scripted answer of an {@link InMemoryEventSink}: a status error, no answer, a slow answer, or a lost one. */
export interface InMemorySinkFault {
  /** Reject with a `'status'` {@link SinkError} of this HTTP status (e.g. 429, 500, 503). */
  readonly status?: number | undefined;
  /** Its `reason`. @defaultValue the apiserver's reason for the status (`ServiceUnavailable`, `TooManyRequests`, …) */
  readonly reason?: string | undefined;
  /** Its `retryAfterMs`, as a `Retry-After` header would give it. */
  readonly retryAfterMs?: number | undefined;
  /** Reject with a `'transport'` {@link SinkError} (the connection dropped), instead of a `status`. */
  readonly drop?: boolean | undefined;
  /** Apply the call, then answer with the fault: the write happened, its answer was lost. @defaultValue false */
  readonly after?: boolean | undefined;
  /** Answer after this many milliseconds instead of the sink's `latencyMs`. */
  readonly latencyMs?: number | undefined;
}

/** Options of {@link InMemoryEventSink}. */
export interface InMemoryEventSinkOptions {
  /**
   * The clock every answer is scheduled on: pass the `TestScheduler` to answer in virtual time.
   * @defaultValue `asyncScheduler`
   */
  scheduler?: SchedulerLike | undefined;
  /**
   * Milliseconds from a call to its answer.
   * @defaultValue 0
   */
  latencyMs?: number | undefined;
}

interface Script {
  readonly method: InMemorySinkMethod | undefined;
  readonly faults: (InMemorySinkFault | null)[];
}

/**
 * An in-memory API server for events behind the {@link EventSink} contract, whose answers happen on a scheduler:
 * with a `TestScheduler`, `writeToSink()` and `startRecordingToSink()` run create, patch, retries, the 404 fallback
 * and coalescing in virtual time, and `expectObservable` sees each answer at its frame.
 *
 * It stores core/v1 events by default; `new InMemoryEventSink<EventsV1Event>()` is an `EventSink<EventsV1Event>`
 * for the events.k8s.io/v1 writer, with the same latency, faults, expiry and aborts. The store treats both alike,
 * as the API server stores one object for both APIs: what a patch changes depends only on what it carries.
 *
 * - `create` answers 409 `AlreadyExists` when the name is taken; `patch` and `update` answer 404 `NotFound` when it
 *   is not. A patch applies `count`, `lastTimestamp` and `message` (core/v1's dedup patch), and merges `series` as a
 *   strategic-merge patch does (`{"series":{"count":2,"lastObservedTime":"…"}}` sets those two fields of the
 *   stored series, or makes one; `"series":null` removes it). A create that carries `series` stores it as is.
 * - Every answer comes `latencyMs` after the call (a fault's own `latencyMs` if it has one), as a thenable settled by
 *   the scheduler (so its reaction runs at that very frame, not after `run()` ends).
 * - {@link InMemoryEventSink.script} queues faults for the next calls; an aborted `signal` cancels the answer and
 *   rejects with a `'transport'` error, leaving the store untouched.
 *
 * @example
 * ```ts
 * import { TestScheduler } from 'rxjs/testing';
 * import { writeToSink } from 'rx-kube-events';
 * import { InMemoryEventSink } from 'rx-kube-events/testing';
 *
 * const testScheduler = new TestScheduler((actual, expected) => { expect(actual).toEqual(expected); });
 * testScheduler.run(({ cold, expectObservable }) => {
 *   const sink = new InMemoryEventSink({ scheduler: testScheduler, latencyMs: 5 });
 *   sink.script([{ status: 503 }]);
 *   const written$ = cold('a|', { a: result }).pipe(writeToSink(sink, { scheduler: testScheduler, random: () => 0.5 }));
 *   expectObservable(written$.pipe(map((r) => r.outcome))).toBe('1010ms (c|)', { c: 'created' });
 * });
 * ```
 */
export class InMemoryEventSink<E extends CoreV1Event | EventsV1Event = CoreV1Event> implements EventSink<E> {
  /** Every call received, oldest first. */
  readonly calls: InMemorySinkCall[] = [];
  private readonly store = new Map<string, E>();
  private readonly scheduler: SchedulerLike;
  private readonly latencyMs: number;
  private readonly scripts: Script[] = [];
  private resourceVersion = 0;

  /**
   * @param options - the scheduler answers happen on, and their latency
   * @throws TypeError when `scheduler` is not a `SchedulerLike`
   * @throws RangeError when `latencyMs` is not a number of milliseconds in 0–2³¹ − 1
   */
  constructor(options: InMemoryEventSinkOptions = {}) {
    const { scheduler = asyncScheduler, latencyMs = 0 } = options;
    if (typeof (scheduler as Partial<SchedulerLike> | null)?.schedule !== 'function') {
      throw new TypeError('InMemoryEventSink: scheduler must be an RxJS SchedulerLike');
    }
    this.scheduler = scheduler;
    this.latencyMs = checkTimeOption('InMemoryEventSink: latencyMs', latencyMs, 'refuse');
  }

  /** The events stored, by name. */
  get events(): ReadonlyMap<string, E> {
    return this.store;
  }

  /**
   * Queues `faults` for the next calls (of `method` only, when given), one each, in order; `null` lets its call
   * through. Scripts are consumed in the order they were added.
   *
   * @param faults - the answers of the next matching calls
   * @param method - only calls of this method take them
   * @throws RangeError when a status is not an HTTP error status (400–599), or a time is out of range
   */
  script(faults: readonly (InMemorySinkFault | null)[], method?: InMemorySinkMethod): void {
    for (const fault of faults) {
      if (fault === null) continue;
      const { status, retryAfterMs, latencyMs } = fault;
      if (status !== undefined && !(Number.isInteger(status) && status >= 400 && status <= 599)) {
        throw new RangeError(
          `InMemoryEventSink: a fault status must be an HTTP error status (400–599), got ${String(status)}`,
        );
      }
      if (retryAfterMs !== undefined) checkTimeOption('InMemoryEventSink: retryAfterMs', retryAfterMs, 'refuse');
      if (latencyMs !== undefined) checkTimeOption('InMemoryEventSink: latencyMs', latencyMs, 'refuse');
    }
    this.scripts.push({ method, faults: [...faults] });
  }

  /**
   * The count the store holds for the event named `name`: core/v1's `count`; events.k8s.io/v1's `series.count`, or
   * 1 for an event without `series`.
   *
   * @param name - the event's `metadata.name`
   * @returns its count, or `undefined` when the store has no such event
   */
  countOf(name: string): number | undefined {
    const stored = this.store.get(name);
    return stored === undefined ? undefined : occurrences(stored);
  }

  /**
   * Forgets the event named `name`, as the API server does when its TTL (1 h by default) expires: a patch of it then
   * answers 404.
   *
   * @param name - the event's `metadata.name`
   * @returns whether the store had it
   */
  expire(name: string): boolean {
    return this.store.delete(name);
  }

  /**
   * Stores a new event; 409 `AlreadyExists` when its name is taken.
   *
   * @param event - the event to create
   * @param signal - cancels the answer
   * @returns the stored copy, with a new `resourceVersion`
   */
  create(event: E, signal?: AbortSignal): PromiseLike<E> {
    return this.answer('create', event, occurrences(event), signal, (stored) => {
      if (stored !== undefined) throw this.statusError(409, 'AlreadyExists');
      return event;
    });
  }

  /**
   * Replaces a stored event; 404 `NotFound` when there is none of its name.
   *
   * @param event - the event to store
   * @param signal - cancels the answer
   * @returns the stored copy, with a new `resourceVersion`
   */
  update(event: E, signal?: AbortSignal): PromiseLike<E> {
    return this.answer('update', event, occurrences(event), signal, (stored) => {
      if (stored === undefined) throw this.statusError(404);
      return event;
    });
  }

  /**
   * Applies `count`, `lastTimestamp` and `message` of `patch` to the stored event, and merges its `series`; 404
   * `NotFound` when there is none.
   *
   * @param oldEvent - names the event to patch
   * @param patch - a JSON object, as the correlator's dedup patch or the events.k8s.io/v1 series patch
   * @param signal - cancels the answer
   * @returns the patched copy, with a new `resourceVersion`
   */
  patch(oldEvent: E, patch: string, signal?: AbortSignal): PromiseLike<E> {
    const fields = JSON.parse(patch) as PatchFields;
    return this.answer('patch', oldEvent, fields.count ?? fields.series?.count, signal, (stored) => {
      if (stored === undefined) throw this.statusError(404);
      return withSeries(
        {
          ...stored,
          ...(fields.count === undefined ? {} : { count: fields.count }),
          ...(fields.lastTimestamp === undefined ? {} : { lastTimestamp: new Date(fields.lastTimestamp) }),
          ...(fields.message === undefined ? {} : { message: fields.message }),
        },
        fields.series,
      );
    });
  }

  private answer(
    method: InMemorySinkMethod,
    event: E,
    count: number | undefined,
    signal: AbortSignal | undefined,
    apply: (stored: E | undefined) => E,
  ): PromiseLike<E> {
    const name = event.metadata.name ?? '';
    this.calls.push({ method, name, count, time: this.scheduler.now() });
    const fault = this.takeFault(method);
    const failure = fault !== undefined && (fault.status !== undefined || fault.drop === true) ? fault : undefined;
    const answer = new ScheduledAnswer<E>();
    const action = this.scheduler.schedule(() => {
      signal?.removeEventListener('abort', onAbort);
      if (failure !== undefined && failure.after !== true) {
        answer.reject(this.faultError(failure));
        return;
      }
      try {
        const written = {
          ...apply(this.store.get(name)),
          metadata: { ...event.metadata, resourceVersion: String(++this.resourceVersion) },
        };
        this.store.set(name, written);
        if (failure === undefined) answer.resolve(structuredClone(written));
        else answer.reject(this.faultError(failure));
      } catch (error) {
        answer.reject(error);
      }
    }, fault?.latencyMs ?? this.latencyMs);
    const onAbort = (): void => {
      action.unsubscribe();
      answer.reject(new SinkError(`${method} of event ${name} was aborted`, { kind: 'transport' }));
    };
    if (signal?.aborted === true) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    return answer;
  }

  private takeFault(method: InMemorySinkMethod): InMemorySinkFault | undefined {
    const script = this.scripts.find((s) => s.method === undefined || s.method === method);
    if (script === undefined) return undefined;
    const fault = script.faults.shift();
    if (script.faults.length === 0) this.scripts.splice(this.scripts.indexOf(script), 1);
    return fault ?? undefined;
  }

  private faultError(fault: InMemorySinkFault): SinkError {
    if (fault.status === undefined) {
      return new SinkError('the connection was dropped before an answer (injected)', { kind: 'transport' });
    }
    return this.statusError(fault.status, fault.reason, fault.retryAfterMs);
  }

  private statusError(status: number, reason = statusReason(status), retryAfterMs?: number): SinkError {
    return new SinkError(`HTTP ${String(status)} ${reason}`, { kind: 'status', status, reason, retryAfterMs });
  }
}

/** The fields of a patch body the store applies. */
interface PatchFields {
  readonly count?: number;
  readonly lastTimestamp?: string;
  readonly message?: string;
  readonly series?: { readonly count?: number; readonly lastObservedTime?: string } | null;
}

/** How many occurrences an event stands for: core/v1's `count`; events.k8s.io/v1's `series.count`, 1 without. */
function occurrences(event: CoreV1Event | EventsV1Event): number | undefined {
  // `involvedObject` is required on core/v1 events and does not exist on events.k8s.io/v1 ones.
  if ('involvedObject' in event) return event.count;
  return event.series?.count ?? 1;
}

/** `event` with `patch` (a strategic-merge patch's `series`) merged into its series; unchanged when it has none. */
function withSeries<E extends CoreV1Event | EventsV1Event>(event: E, patch: PatchFields['series']): E {
  if (patch === undefined) return event;
  const { series, ...rest } = event;
  if (patch === null) return rest as E;
  const merged: EventSeries = { ...series };
  if (patch.count !== undefined) merged.count = patch.count;
  if (patch.lastObservedTime !== undefined) merged.lastObservedTime = new Date(patch.lastObservedTime);
  return { ...rest, series: merged } as E;
}
