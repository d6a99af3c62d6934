import { Observable, Subscription } from 'rxjs';
import type { MonoTypeOperatorFunction, Subscriber } from 'rxjs';
import type { CoreV1Event, EventsV1Event } from '../../meta/types.js';
import { SinkError } from '../sink-error.js';
import type { EventSink, WriteOutcome, WriteRequest, WriteResult } from '../types.js';
import { asSinkError, describeThrown, writeError } from './as-sink-error.js';
import { withoutResourceVersion } from './without-resource-version.js';

/** The events a writer writes: core/v1 or events.k8s.io/v1. */
type AnyEvent = CoreV1Event | EventsV1Event;

/** What a {@link KeyedWriter} needs, with every default already applied. */
export interface KeyedWriterConfig<E extends AnyEvent> {
  readonly sink: EventSink<E>;
  /** Applied to every write's attempt observable: resubscribing it is a retry. */
  readonly retry: MonoTypeOperatorFunction<E>;
  readonly concurrency: number;
  readonly maxPending: number;
  readonly correlator: { updateState(event: E): void } | undefined;
  /**
   * A create that follows a patch answered 404 and is answered `AlreadyExists` patches again, within the try: the
   * event was created meanwhile (client-go's events.k8s.io recorder retries a series this way; core/v1's gives up).
   */
  readonly patchAfterRecreateConflict: boolean;
}

/** One write of one key: the newest correlator result it stands for, and how it has fared so far. */
interface PendingWrite<E extends AnyEvent> {
  readonly key: string;
  /** The newest result coalesced into this write: its event is the body sent, its patch the patch sent. */
  result: WriteRequest<E>;
  /** Create even though `result` carries a patch: the event is not known to exist on the server. */
  forceCreate: boolean;
  /**
   * A create of this key failed without a clear answer (no answer, or 5xx), so the server may have applied it: an
   * `AlreadyExists` then means our own event, which is patched to the newest count instead of failing.
   */
  mayExist: boolean;
  /** This write's create is the fallback of a patch answered 404. */
  recreating: boolean;
  /** Results this write stands for. */
  events: number;
  /** Sink calls made, reported as `WriteResult.attempts`. */
  calls: number;
  /** What the last successful call did. */
  outcome: 'created' | 'patched';
  /** The last failure, reported if the write is abandoned while waiting to retry it. */
  error: SinkError | undefined;
}

/**
 * A pending key. `write` is the head of the key: waiting for a concurrency slot, waiting for its retry, or in
 * flight. Results arriving while it waits replace its body; results arriving while it is in flight gather in
 * `followUp`, which stays the newest until it is sent: merged into the write's next try when the call fails, or
 * written after it otherwise. So one key never has two sink calls at once and never sends an older body after a
 * newer one.
 */
interface KeyEntry<E extends AnyEvent> {
  write: PendingWrite<E>;
  inFlight: boolean;
  followUp: PendingWrite<E> | undefined;
  /** The write's subscription (its attempts, through the retry operator). */
  task: Subscription | undefined;
  /** Set while the entry waits for a concurrency slot: the attempt to start. */
  grant: Attempt<E> | undefined;
}

/** One subscription to a write's attempt observable. */
interface Attempt<E extends AnyEvent> {
  readonly entry: KeyEntry<E>;
  readonly write: PendingWrite<E>;
  readonly subscriber: Subscriber<E>;
  /** Whether it holds a concurrency slot. */
  holding: boolean;
  /** Sink calls made in this try: a fallback may follow the first, and one more (a server contradicting itself). */
  sent: number;
  /** The sink call in flight: its answer counts only while it is the current one. */
  call: { readonly kind: 'create' | 'patch' } | undefined;
}

function newWrite<E extends AnyEvent>(result: WriteRequest<E>): PendingWrite<E> {
  return {
    key: result.key,
    result,
    forceCreate: false,
    mayExist: false,
    recreating: false,
    events: 1,
    calls: 0,
    outcome: 'created',
    error: undefined,
  };
}

function isCreate(write: PendingWrite<AnyEvent>): boolean {
  return write.forceCreate || write.result.patch === undefined;
}

/**
 * Only the newest count, timestamp and message need sending; but a write that would create the event must stay a
 * create, or it would patch an event the server does not have yet.
 */
function absorb<E extends AnyEvent>(write: PendingWrite<E>, result: WriteRequest<E>, events = 1): void {
  write.forceCreate = isCreate(write);
  write.result = result;
  write.events += events;
}

/** A create that failed this way may still have been applied by the server. */
function mayHaveApplied(error: SinkError): boolean {
  return error.kind === 'transport' || (error.status !== undefined && error.status >= 500);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function isEvent(value: unknown): value is AnyEvent {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { metadata?: unknown }).metadata === 'object' &&
    (value as { metadata?: unknown }).metadata !== null
  );
}

function resultOf<E extends AnyEvent>(
  write: PendingWrite<E>,
  outcome: WriteOutcome,
  event: E,
  error: SinkError | undefined,
): WriteResult<E> {
  return { key: write.key, outcome, event, attempts: write.calls, events: write.events, error };
}

/**
 * The state behind one subscription to `writeToSink()`: at most one pending write per key, up to `concurrency`
 * sink calls at once, retries through the retry operator, and exactly one `WriteResult` per write.
 *
 * Every transition updates the state before it emits, because a consumer may abort or unsubscribe from inside
 * `next`; after an emission the writer checks whether it is still running.
 */
export class KeyedWriter<E extends AnyEvent> {
  private readonly config: KeyedWriterConfig<E>;
  private readonly subscriber: Subscriber<WriteResult<E>>;
  private readonly entries = new Map<string, KeyEntry<E>>();
  /** Keys waiting for a concurrency slot for their first try, oldest first. */
  private readonly ready: KeyEntry<E>[] = [];
  /** Keys waiting for a slot to retry: served before `ready`, since they were queued earlier. */
  private readonly retryReady: KeyEntry<E>[] = [];
  private inFlight = 0;
  private pumping = false;
  private inputEnded: { error?: unknown } | undefined;
  /** Set by abort and teardown: nothing is started, and the writer no longer completes on its own. */
  private halted = false;
  /**
   * The signal of every sink call, aborted when the writer is torn down or aborted, which is when writes are
   * abandoned. One for all calls: an `AbortController` per call would cost more than the rest of a write.
   */
  private readonly calls = new AbortController();

  constructor(config: KeyedWriterConfig<E>, subscriber: Subscriber<WriteResult<E>>) {
    this.config = config;
    this.subscriber = subscriber;
  }

  /** Takes one correlator result: ignored when skipped, coalesced into its key when pending, else started or dropped. */
  accept(result: WriteRequest<E>): void {
    if (result.skip === true) {
      return;
    }
    const entry = this.entries.get(result.key);
    if (entry !== undefined) {
      if (entry.followUp !== undefined) {
        absorb(entry.followUp, result);
      } else if (entry.inFlight) {
        entry.followUp = newWrite(result);
      } else {
        absorb(entry.write, result);
      }
      return;
    }
    if (this.entries.size >= this.config.maxPending) {
      this.subscriber.next({ key: result.key, outcome: 'dropped', event: result.event, attempts: 0, events: 1 });
      return;
    }
    const added: KeyEntry<E> = {
      write: newWrite(result),
      inFlight: false,
      followUp: undefined,
      task: undefined,
      grant: undefined,
    };
    this.entries.set(result.key, added);
    this.start(added);
  }

  /** The input ended: finish every pending write, then complete, or error with the input's error. */
  endInput(ending: { error?: unknown }): void {
    this.inputEnded = ending;
    this.completeIfDone();
  }

  /** Ends every pending write as `abandoned` at once, aborting the sink calls in flight, and completes. */
  abort(): void {
    this.abandonAll();
    this.subscriber.complete();
  }

  /** Teardown: cancels every sink call (aborting its signal) and timer without emitting anything. */
  dispose(): void {
    this.halted = true;
    const entries = [...this.entries.values()];
    this.entries.clear();
    this.ready.length = 0;
    this.retryReady.length = 0;
    for (const entry of entries) {
      entry.grant = undefined;
      entry.task?.unsubscribe();
    }
    // Last: a sink may reject at once on abort, and the calls' answers are only ignored once unsubscribed.
    this.calls.abort();
  }

  /** Subscribes the write at the head of `entry`: its attempts through the retry operator. */
  private start(entry: KeyEntry<E>): void {
    const write = entry.write;
    let settled = false;
    // Registered before subscribing: the write may settle, and the key's next write start, during `subscribe`.
    const task = new Subscription();
    entry.task = task;
    task.add(
      this.attempt(entry, write)
        .pipe(this.config.retry)
        .subscribe({
          next: (serverEvent) => {
            if (settled) return;
            settled = true;
            task.unsubscribe();
            this.succeeded(entry, write, serverEvent);
          },
          error: (error: unknown) => {
            if (settled) return;
            settled = true;
            this.failed(entry, write, error);
          },
          complete: () => {
            if (settled) return;
            settled = true;
            this.failed(entry, write, writeError(write.key, 'the retry stage completed without an answer'));
          },
        }),
    );
  }

  /**
   * One try of `write`: wait for a concurrency slot, then call the sink (a patch answered 404 falls back to a create,
   * a create answered `AlreadyExists` after an unclear failure to a patch, within the try). Emits the server's copy,
   * or errors with a {@link SinkError}. Subscribed again by the retry operator for each retry, it sends the newest
   * body the key holds by then. Unsubscribing ignores the call's late answer (`dispose()` aborts its signal).
   */
  private attempt(entry: KeyEntry<E>, write: PendingWrite<E>): Observable<E> {
    return new Observable<E>((subscriber) => {
      const { followUp } = entry;
      if (followUp !== undefined) {
        // A retry: the results that arrived during the failed call are newer than anything this write holds.
        entry.followUp = undefined;
        absorb(write, followUp.result, followUp.events);
      }
      // State in one object and the steps as methods: a write makes few closures, which the hot path notices.
      const attempt: Attempt<E> = { entry, write, subscriber, holding: false, sent: 0, call: undefined };
      entry.grant = attempt;
      (write.calls > 0 ? this.retryReady : this.ready).push(entry);
      this.pump();
      return () => {
        if (entry.grant === attempt) entry.grant = undefined;
        attempt.call = undefined;
        this.release(attempt);
      };
    });
  }

  /** A concurrency slot for `attempt`: its call starts. */
  private grant(attempt: Attempt<E>): void {
    attempt.holding = true;
    attempt.entry.inFlight = true;
    this.inFlight += 1;
    this.send(attempt, isCreate(attempt.write) ? 'create' : 'patch');
  }

  private release(attempt: Attempt<E>): void {
    if (!attempt.holding) return;
    attempt.holding = false;
    attempt.entry.inFlight = false;
    this.inFlight -= 1;
  }

  private send(attempt: Attempt<E>, kind: 'create' | 'patch'): void {
    const { write } = attempt;
    const call = { kind };
    attempt.call = call;
    attempt.sent += 1;
    write.calls += 1;
    const { signal } = this.calls;
    let answer: unknown;
    try {
      answer =
        kind === 'create'
          ? this.config.sink.create(withoutResourceVersion(write.result.event), signal)
          : this.config.sink.patch(write.result.event, write.result.patch ?? '{}', signal);
    } catch (thrown) {
      this.answered(attempt, call, undefined, asSinkError(thrown, write.key));
      return;
    }
    if (!isThenable(answer)) {
      this.answered(
        attempt,
        call,
        undefined,
        writeError(write.key, `the sink's ${kind}() returned no promise (${describeThrown(answer)})`),
      );
      return;
    }
    try {
      answer.then(
        (value) => {
          this.answered(attempt, call, value, undefined);
        },
        (reason: unknown) => {
          this.answered(attempt, call, undefined, asSinkError(reason, write.key));
        },
      );
    } catch (thrown) {
      this.answered(attempt, call, undefined, asSinkError(thrown, write.key));
    }
  }

  /** The answer of `call`, unless it is no longer the attempt's current call (abandoned, or answered already). */
  private answered(
    attempt: Attempt<E>,
    call: { readonly kind: 'create' | 'patch' },
    value: unknown,
    error?: SinkError,
  ): void {
    if (attempt.call !== call) return;
    attempt.call = undefined;
    const { kind } = call;
    if (error !== undefined) this.failedCall(attempt, kind, error);
    // What the sink answered is taken as its kind of event: only its metadata is ever read.
    else if (isEvent(value)) this.succeededCall(attempt, kind, value as E);
    else
      this.failedCall(attempt, kind, writeError(attempt.write.key, `the sink's ${kind}() resolved without an event`));
  }

  private succeededCall(attempt: Attempt<E>, kind: 'create' | 'patch', serverEvent: E): void {
    attempt.write.outcome = kind === 'create' ? 'created' : 'patched';
    this.release(attempt);
    attempt.subscriber.next(serverEvent);
    attempt.subscriber.complete();
    this.pump();
  }

  private failedCall(attempt: Attempt<E>, kind: 'create' | 'patch', error: SinkError): void {
    const { write } = attempt;
    write.error = error;
    const mayFallBack = attempt.sent < 3;
    if (mayFallBack && kind === 'patch' && error.isNotFound) {
      // The server no longer has the event (its TTL expired): create it again, within the same try.
      write.forceCreate = true;
      write.recreating = true;
      this.send(attempt, 'create');
      return;
    }
    if (mayFallBack && kind === 'create' && error.isAlreadyExists && write.recreating) {
      write.recreating = false;
      if (this.config.patchAfterRecreateConflict) {
        // Created meanwhile (the first occurrence's own create raced this one): patch it after all.
        write.forceCreate = false;
        this.send(attempt, 'patch');
        return;
      }
    }
    if (mayFallBack && kind === 'create' && error.isAlreadyExists && write.mayExist) {
      // An earlier create of ours was applied though its answer was lost: the event is ours.
      write.forceCreate = false;
      if (write.result.patch !== undefined) this.send(attempt, 'patch');
      // A result without a patch is the first occurrence, the very body that earlier create carried.
      else this.succeededCall(attempt, 'create', write.result.event);
      return;
    }
    if (kind === 'create' && mayHaveApplied(error)) write.mayExist = true;
    this.release(attempt);
    attempt.subscriber.error(error);
    // The slot is free while the key waits for its retry: give it to the next key.
    this.pump();
  }

  private pump(): void {
    // A sink answering synchronously settles its write inside `grant`; the outer loop then carries on.
    if (this.pumping) {
      return;
    }
    this.pumping = true;
    while (!this.halted && this.inFlight < this.config.concurrency) {
      const entry = this.retryReady.shift() ?? this.ready.shift();
      if (entry === undefined) {
        break;
      }
      const attempt = entry.grant;
      entry.grant = undefined;
      if (attempt !== undefined) this.grant(attempt);
    }
    this.pumping = false;
    this.completeIfDone();
  }

  private succeeded(entry: KeyEntry<E>, write: PendingWrite<E>, serverEvent: E): void {
    let feedbackError: SinkError | undefined;
    // client-go feeds the server's copy back after every write; here a newer result may already be correlated, and
    // an older copy would roll the correlator's count back, so only the newest write of a key feeds it back.
    if (entry.followUp === undefined) {
      try {
        this.config.correlator?.updateState(serverEvent);
      } catch (error) {
        feedbackError = writeError(write.key, `correlator.updateState threw: ${describeThrown(error)}`, error);
      }
    }
    this.settle(entry, resultOf(write, write.outcome, serverEvent, feedbackError), false);
  }

  private failed(entry: KeyEntry<E>, write: PendingWrite<E>, thrown: unknown): void {
    const error =
      thrown instanceof SinkError
        ? thrown
        : writeError(write.key, `the retry stage failed: ${describeThrown(thrown)}`, thrown);
    // After a failed create the event does not exist, so the key's next write must create it too; unless the
    // server said it already exists.
    this.settle(entry, resultOf(write, 'failed', write.result.event, error), isCreate(write) && !error.isAlreadyExists);
  }

  /** Ends the write of `entry` with `result`; the key's follow-up, if any, starts behind other keys. */
  private settle(entry: KeyEntry<E>, result: WriteResult<E>, followUpMustCreate: boolean): void {
    entry.task = undefined;
    const next = entry.followUp;
    if (next === undefined) {
      this.entries.delete(result.key);
    } else {
      next.forceCreate ||= followUpMustCreate;
      next.mayExist ||= entry.write.mayExist;
      entry.write = next;
      entry.followUp = undefined;
    }
    this.subscriber.next(result);
    if (next !== undefined && !this.halted) {
      this.start(entry);
    }
    this.pump();
  }

  private abandonAll(): void {
    const entries = [...this.entries.values()];
    this.dispose();
    for (const { write, followUp } of entries) {
      for (const abandoned of followUp === undefined ? [write] : [write, followUp]) {
        if (this.subscriber.closed) {
          return;
        }
        this.subscriber.next(resultOf(abandoned, 'abandoned', abandoned.result.event, abandoned.error));
      }
    }
  }

  private completeIfDone(): void {
    if (this.halted || this.inputEnded === undefined || this.entries.size > 0) {
      return;
    }
    this.halted = true;
    if ('error' in this.inputEnded) {
      this.subscriber.error(this.inputEnded.error);
    } else {
      this.subscriber.complete();
    }
  }
}
