import { asyncScheduler, Subject } from 'rxjs';
import type { Observable, SchedulerLike } from 'rxjs';
import { getReference } from '../meta/get-reference.js';
import type { ObjectReference } from '../meta/types.js';
import { formatMessage } from '../record/internal/format-message.js';
import type { EventObject, EventRecorder } from '../record/types.js';

/** Options of {@link FakeRecorder}. */
export interface FakeRecorderOptions {
  /**
   * Append ` involvedObject{kind=<kind>,apiVersion=<apiVersion>}` to each line (client-go's `IncludeObject`).
   * @defaultValue false
   */
  includeObject?: boolean | undefined;
  /**
   * How many events `events` and `records` keep; later ones are counted in `dropped` instead (they are still
   * emitted on `events$`).
   * @defaultValue 10 000
   */
  maxEvents?: number | undefined;
  /**
   * The clock of each record's `timestamp`.
   * @defaultValue `asyncScheduler`
   */
  scheduler?: SchedulerLike | undefined;
}

/** One call to a {@link FakeRecorder}, as it was made. */
export interface FakeEventRecord {
  /** The client-go-style line, as in `events`. */
  readonly line: string;
  /** The type as given (not validated, as client-go's fake). */
  readonly type: string;
  readonly reason: string;
  /** The formatted message. */
  readonly message: string;
  /** The object passed in. */
  readonly object: EventObject;
  /** `getReference(object)`, or `undefined` when the real recorder could not reference it (and would drop it). */
  readonly reference: ObjectReference | undefined;
  /** A copy of the annotations of `annotatedEventf`. */
  readonly annotations: Readonly<Record<string, string>> | undefined;
  /** `scheduler.now()` at the call, or the timestamp given to `pastEventf`. */
  readonly timestamp: Date;
}

/**
 * An {@link EventRecorder} for unit tests of controllers: it keeps what was recorded, as client-go's
 * `record.FakeRecorder` does, and never blocks or throws.
 *
 * Each call adds a line to `events` in client-go's format, `<type> <reason> <message>`, e.g.
 * `'Warning Failed x=3'`; with `includeObject`, followed by ` involvedObject{kind=Pod,apiVersion=v1}`; then, when
 * annotations were given and are not empty, ` map[a:b c:d]` (keys sorted, as Go prints a map). The message is
 * formatted with `util.format` like the real recorder (`event()` uses it as is, so a `%` in it is safe); a `%` in
 * the type or reason is kept as is (Go would read it as a verb). `records` keeps the same calls structured.
 *
 * Unlike the real recorder nothing is validated: a type other than `'Normal'`/`'Warning'` or an object that cannot
 * be referenced is recorded all the same (check `records[i].reference`).
 *
 * `events$` is hot: it emits each line as it is recorded and never completes; what came before is in `events`.
 * Client-go's fake blocks when its channel is full; this one keeps the first `maxEvents` in the arrays and counts
 * later ones in `dropped`, and emits every line on `events$`.
 *
 * ```
 * recorder.eventf   a--b--c
 * events$              ^--b--c     (subscribed after a; a is in events[0])
 * ```
 *
 * @example
 * ```ts
 * import { FakeRecorder } from 'rx-kube-events/testing';
 *
 * const recorder = new FakeRecorder({ includeObject: true });
 * reconcile(pod, recorder);
 * expect(recorder.events).toEqual(['Warning BackOff Back-off restarting web involvedObject{kind=Pod,apiVersion=v1}']);
 * ```
 */
export class FakeRecorder implements EventRecorder {
  /** Each line emitted as it is recorded (hot, never completes). */
  readonly events$: Observable<string>;

  private readonly lines: string[] = [];
  private readonly calls: FakeEventRecord[] = [];
  private readonly subject = new Subject<string>();
  private readonly includeObject: boolean;
  private readonly maxEvents: number;
  private readonly scheduler: SchedulerLike;
  private droppedCount = 0;

  /**
   * @param options - `includeObject`, the `maxEvents` bound and the clock
   * @throws RangeError when `maxEvents` is not an integer ≥ 0
   */
  constructor(options: FakeRecorderOptions = {}) {
    const { includeObject = false, maxEvents = 10_000, scheduler = asyncScheduler } = options;
    if (!Number.isInteger(maxEvents) || maxEvents < 0) {
      throw new RangeError(`maxEvents must be an integer ≥ 0, got ${String(maxEvents)}`);
    }
    this.includeObject = includeObject;
    this.maxEvents = maxEvents;
    this.scheduler = scheduler;
    this.events$ = this.subject.asObservable();
  }

  /** The lines recorded so far, oldest first (at most `maxEvents`). */
  get events(): readonly string[] {
    return this.lines;
  }

  /** The calls recorded so far, structured, oldest first (at most `maxEvents`). */
  get records(): readonly FakeEventRecord[] {
    return this.calls;
  }

  /** Calls not kept in `events` and `records` because `maxEvents` were kept already. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** Forgets what was recorded (`events`, `records`, `dropped`), e.g. between the steps of a test. */
  clear(): void {
    this.lines.length = 0;
    this.calls.length = 0;
    this.droppedCount = 0;
  }

  event(object: EventObject, type: string, reason: string, message: string): void {
    this.write(object, type, reason, message, undefined, undefined);
  }

  eventf(object: EventObject, type: string, reason: string, messageFmt: string, ...args: unknown[]): void {
    this.write(object, type, reason, formatMessage(messageFmt, args).message, undefined, undefined);
  }

  annotatedEventf(
    object: EventObject,
    annotations: Readonly<Record<string, string>>,
    type: string,
    reason: string,
    messageFmt: string,
    ...args: unknown[]
  ): void {
    this.write(object, type, reason, formatMessage(messageFmt, args).message, { ...annotations }, undefined);
  }

  pastEventf(
    object: EventObject,
    timestamp: Date,
    type: string,
    reason: string,
    messageFmt: string,
    ...args: unknown[]
  ): void {
    this.write(object, type, reason, formatMessage(messageFmt, args).message, undefined, timestamp);
  }

  private write(
    object: EventObject,
    type: string,
    reason: string,
    message: string,
    annotations: Record<string, string> | undefined,
    timestamp: Date | undefined,
  ): void {
    const line =
      `${type} ${reason} ${message}` +
      (this.includeObject ? objectString(object) : '') +
      annotationsString(annotations);
    if (this.lines.length < this.maxEvents) {
      this.lines.push(line);
      this.calls.push({
        line,
        type,
        reason,
        message,
        object,
        reference: referenceOrUndefined(object),
        annotations,
        timestamp: timestamp ?? new Date(this.scheduler.now()),
      });
    } else {
      this.droppedCount++;
    }
    this.subject.next(line);
  }
}

/** client-go's ` involvedObject{kind=…,apiVersion=…}`, from the object's (or reference's) own kind and apiVersion. */
function objectString(object: EventObject): string {
  // JavaScript callers can pass anything; Go's typed objects always have a (possibly empty) kind.
  const { kind = '', apiVersion = '' } = typeof object === 'object' && (object as unknown) !== null ? object : {};
  return ` involvedObject{kind=${kind},apiVersion=${apiVersion}}`;
}

/** ` map[a:b c:d]` as Go prints a map (keys sorted), or nothing for no or empty annotations. */
function annotationsString(annotations: Record<string, string> | undefined): string {
  if (annotations === undefined) return '';
  const keys = Object.keys(annotations).sort();
  if (keys.length === 0) return '';
  return ` map[${keys.map((key) => `${key}:${String(annotations[key])}`).join(' ')}]`;
}

function referenceOrUndefined(object: EventObject): ObjectReference | undefined {
  try {
    return getReference(object);
  } catch {
    return undefined;
  }
}
