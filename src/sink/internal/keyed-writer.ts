import { defer, Subscription, timer } from 'rxjs';
import type { SchedulerLike, Subscriber } from 'rxjs';
import type { CorrelateResult } from '../../correlate/types.js';
import type { CoreV1Event } from '../../meta/types.js';
import type { SinkError } from '../sink-error.js';
import type { EventSink, WriteOutcome, WriteResult } from '../types.js';
import { asSinkError } from './as-sink-error.js';
import type { RetrySchedule } from './retry-schedule.js';
import { withoutResourceVersion } from './without-resource-version.js';

/** What a {@link KeyedWriter} needs, with every default already applied. */
export interface KeyedWriterConfig {
  readonly sink: EventSink;
  readonly retry: RetrySchedule;
  readonly concurrency: number;
  readonly maxPending: number;
  readonly correlator: { updateState(event: CoreV1Event): void } | undefined;
  readonly scheduler: SchedulerLike;
  readonly random: () => number;
}

/** One write of one key: the newest correlator result it stands for, and how it has fared so far. */
interface PendingWrite {
  readonly key: string;
  /** The newest result coalesced into this write: its event is the body sent, its patch the patch sent. */
  result: CorrelateResult;
  /** Create even though `result` carries a patch: the event is not known to exist on the server. */
  forceCreate: boolean;
  /** Results this write stands for. */
  events: number;
  /** Tries started (a patch and its 404 fallback create are one try), bounded by the retry schedule. */
  tries: number;
  /** Sink calls made, reported as `WriteResult.attempts`. */
  calls: number;
  /** The last failure, reported if the write is abandoned while waiting to retry it. */
  error: SinkError | undefined;
}

/**
 * A pending key. `write` is the head of the key: queued for a concurrency slot, waiting for a retry delay, or in
 * flight. Results arriving while it waits replace its body; results arriving while it is in flight gather in
 * `followUp`, written after it, so that one key never has two sink calls at once and its writes stay in order.
 */
interface KeyEntry {
  write: PendingWrite;
  phase: 'queued' | 'waiting' | 'in-flight';
  followUp: PendingWrite | undefined;
  /** The sink call in flight or the retry timer running. */
  task: Subscription | undefined;
}

function newWrite(result: CorrelateResult): PendingWrite {
  return { key: result.key, result, forceCreate: false, events: 1, tries: 0, calls: 0, error: undefined };
}

function isCreate(write: PendingWrite): boolean {
  return write.forceCreate || write.result.patch === undefined;
}

/**
 * Only the newest count, timestamp and message need sending; but a write that would create the event must stay a
 * create, or it would patch an event the server does not have yet.
 */
function absorb(write: PendingWrite, result: CorrelateResult): void {
  write.forceCreate = isCreate(write);
  write.result = result;
  write.events += 1;
}

function resultOf(
  write: PendingWrite,
  outcome: WriteOutcome,
  event: CoreV1Event,
  error: SinkError | undefined,
): WriteResult {
  return { key: write.key, outcome, event, attempts: write.calls, events: write.events, error };
}

/**
 * The state behind one subscription to `writeToSink()`: at most one pending write per key, up to `concurrency`
 * sink calls at once, retries on the scheduler, and exactly one `WriteResult` per write.
 *
 * Every transition updates the state before it emits, because a consumer may abort or unsubscribe from inside
 * `next`; after an emission the writer checks whether it is still running.
 */
export class KeyedWriter {
  private readonly config: KeyedWriterConfig;
  private readonly subscriber: Subscriber<WriteResult>;
  private readonly entries = new Map<string, KeyEntry>();
  /** Keys ready for a concurrency slot, oldest first. */
  private readonly ready: KeyEntry[] = [];
  /** Keys whose retry delay has ended: served before `ready`, since they were queued earlier. */
  private readonly retryReady: KeyEntry[] = [];
  private inFlight = 0;
  private pumping = false;
  private inputEnded: { error?: unknown } | undefined;
  /** Set by abort, failure and teardown: nothing is started, and the writer no longer completes on its own. */
  private halted = false;

  constructor(config: KeyedWriterConfig, subscriber: Subscriber<WriteResult>) {
    this.config = config;
    this.subscriber = subscriber;
  }

  /** Takes one correlator result: ignored when skipped, coalesced into its key when pending, else queued or dropped. */
  accept(result: CorrelateResult): void {
    if (result.skip) {
      return;
    }
    const entry = this.entries.get(result.key);
    if (entry !== undefined) {
      if (entry.phase !== 'in-flight') {
        absorb(entry.write, result);
      } else if (entry.followUp === undefined) {
        entry.followUp = newWrite(result);
      } else {
        absorb(entry.followUp, result);
      }
      return;
    }
    if (this.entries.size >= this.config.maxPending) {
      this.subscriber.next({ key: result.key, outcome: 'dropped', event: result.event, attempts: 0, events: 1 });
      return;
    }
    const added: KeyEntry = { write: newWrite(result), phase: 'queued', followUp: undefined, task: undefined };
    this.entries.set(result.key, added);
    this.ready.push(added);
    this.pump();
  }

  /** The input ended: finish every pending write, then complete, or error with the input's error. */
  endInput(ending: { error?: unknown }): void {
    this.inputEnded = ending;
    this.completeIfDone();
  }

  /** Ends every pending write as `abandoned` at once, ignoring late answers, and completes. */
  abort(): void {
    this.abandonAll();
    this.subscriber.complete();
  }

  /** Teardown: cancels every sink call and timer without emitting anything. */
  dispose(): void {
    this.halted = true;
    for (const entry of this.entries.values()) {
      entry.task?.unsubscribe();
    }
    this.entries.clear();
    this.ready.length = 0;
    this.retryReady.length = 0;
  }

  private pump(): void {
    // A sink that throws synchronously settles its write inside `call`; the outer loop then carries on.
    if (this.pumping) {
      return;
    }
    this.pumping = true;
    while (!this.halted && this.inFlight < this.config.concurrency) {
      const entry = this.retryReady.shift() ?? this.ready.shift();
      if (entry === undefined) {
        break;
      }
      entry.phase = 'in-flight';
      entry.write.tries += 1;
      this.inFlight += 1;
      this.call(entry);
    }
    this.pumping = false;
    this.completeIfDone();
  }

  private call(entry: KeyEntry): void {
    const { write } = entry;
    const patch = write.forceCreate ? undefined : write.result.patch;
    const { sink } = this.config;
    write.calls += 1;
    const answer$ = defer(() =>
      patch === undefined
        ? sink.create(withoutResourceVersion(write.result.event))
        : sink.patch(write.result.event, patch),
    );
    // The task is registered before subscribing: a synchronous failure may already have replaced it.
    const task = new Subscription();
    entry.task = task;
    task.add(
      answer$.subscribe({
        next: (serverEvent) => {
          this.succeeded(entry, serverEvent, patch === undefined ? 'created' : 'patched');
        },
        error: (error: unknown) => {
          this.failed(entry, asSinkError(error, write.key), patch === undefined);
        },
      }),
    );
  }

  private succeeded(entry: KeyEntry, serverEvent: CoreV1Event, outcome: 'created' | 'patched'): void {
    let broken: { error: unknown } | undefined;
    // client-go feeds the server's copy back after every write; here a newer result may already be correlated, and
    // an older copy would roll the correlator's count back, so only the newest write of a key feeds it back.
    if (entry.followUp === undefined) {
      try {
        this.config.correlator?.updateState(serverEvent);
      } catch (error) {
        broken = { error };
      }
    }
    this.settle(entry, resultOf(entry.write, outcome, serverEvent, undefined), false);
    if (broken === undefined) {
      this.pump();
    } else {
      this.fail(broken.error);
    }
  }

  private failed(entry: KeyEntry, error: SinkError, wasCreate: boolean): void {
    const { write } = entry;
    write.error = error;
    if (!wasCreate && error.isNotFound) {
      // The server no longer has the event (its TTL expired): create it again, within the same try.
      write.forceCreate = true;
      this.call(entry);
      return;
    }
    let delayMs: number | undefined;
    try {
      if (this.config.retry.shouldRetry(error, write.tries)) {
        delayMs = this.config.retry.delayMs(write.tries, error, this.config.random);
      }
    } catch (callbackError) {
      this.fail(callbackError);
      return;
    }
    if (delayMs === undefined) {
      // After a failed create the event does not exist, so the key's next write must create it too; unless the
      // server said it already exists.
      this.settle(entry, resultOf(write, 'failed', write.result.event, error), wasCreate && !error.isAlreadyExists);
      this.pump();
      return;
    }
    // A key waiting to retry frees its slot for other keys, and keeps absorbing newer results for itself.
    this.inFlight -= 1;
    entry.phase = 'waiting';
    const task = new Subscription();
    entry.task = task;
    task.add(
      timer(delayMs, this.config.scheduler).subscribe(() => {
        entry.phase = 'queued';
        entry.task = undefined;
        this.retryReady.push(entry);
        this.pump();
      }),
    );
    this.pump();
  }

  /** Ends the in-flight write of `entry` with `result`; the key's follow-up, if any, is queued behind other keys. */
  private settle(entry: KeyEntry, result: WriteResult, followUpMustCreate: boolean): void {
    this.inFlight -= 1;
    entry.task = undefined;
    const next = entry.followUp;
    if (next === undefined) {
      this.entries.delete(result.key);
    } else {
      next.forceCreate ||= followUpMustCreate;
      entry.write = next;
      entry.followUp = undefined;
      entry.phase = 'queued';
      this.ready.push(entry);
    }
    this.subscriber.next(result);
  }

  /** A user callback threw: nothing can be trusted to finish, so abandon everything and error. */
  private fail(error: unknown): void {
    this.abandonAll();
    this.subscriber.error(error);
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
