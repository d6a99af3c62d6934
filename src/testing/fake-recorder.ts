import type { SchedulerLike } from 'rxjs';
import type { ObjectReference } from '../meta/types.js';
import { checkCall, unexpectedFailure } from '../record/internal/check-call.js';
import type { CheckedCall, RecordCall } from '../record/internal/check-call.js';
import type { EventObject, EventRecorder, RecordDiagnostic } from '../record/types.js';
import { RecordDiagnosticCode } from '../record/types.js';
import { annotationsString, FakeLog, kindString } from './internal/fake-log.js';
import type { FakeChecks } from './internal/fake-log.js';

/** Options of {@link FakeRecorder}. */
export interface FakeRecorderOptions {
  /**
   * Append ` involvedObject{kind=<kind>,apiVersion=<apiVersion>}` to each line (client-go's `IncludeObject`).
   * @defaultValue false
   */
  includeObject?: boolean | undefined;
  /**
   * How many events `events` and `records` (and how many diagnostics `diagnostics`) keep; later ones are counted in
   * `dropped` instead (later events are still emitted on `events$`).
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
  /** `'Normal'` or `'Warning'`: the real recorder refuses any other type, and so does the fake. */
  readonly type: string;
  readonly reason: string;
  /** The formatted message. */
  readonly message: string;
  /** The object passed in. */
  readonly object: EventObject;
  /** `getReference(object)`, the event's `involvedObject`. */
  readonly reference: ObjectReference;
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
 * It checks each call exactly as the real recorder does (the same code, not a copy), so a controller's unit test sees
 * what production sees: a call the real recorder refuses (an object it cannot reference, a type other than
 * `'Normal'`/`'Warning'`, a reason or message that is not a string, bad annotations, a bad `pastEventf` date, a
 * getter or Proxy that throws) adds no line and adds the diagnostic production would report to `diagnostics`; a
 * message that cannot be formatted is recorded with the unformatted text and reported there as a warning. Unlike
 * client-go's fake, which records anything, and unlike the real recorder, no field is cut to the server's limits.
 * It never throws.
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
export class FakeRecorder
  extends FakeLog<FakeEventRecord, RecordCall, CheckedCall, RecordDiagnostic>
  implements EventRecorder
{
  private readonly includeObject: boolean;

  /**
   * @param options - `includeObject`, the `maxEvents` bound and the clock
   * @throws TypeError when `options` is not an object
   * @throws RangeError when `maxEvents` is not an integer ≥ 0
   */
  constructor(options: FakeRecorderOptions = {}) {
    super(options, 'FakeRecorder', coreV1Checks);
    this.includeObject = options.includeObject ?? false;
  }

  event(object: EventObject, type: string, reason: string, message: string): void {
    this.record({ object, type, reason, messageFmt: message, args: undefined }, object);
  }

  eventf(object: EventObject, type: string, reason: string, messageFmt: string, ...args: unknown[]): void {
    this.record({ object, type, reason, messageFmt, args }, object);
  }

  annotatedEventf(
    object: EventObject,
    annotations: Readonly<Record<string, string>>,
    type: string,
    reason: string,
    messageFmt: string,
    ...args: unknown[]
  ): void {
    this.record({ object, type, reason, messageFmt, args, annotations }, object);
  }

  pastEventf(
    object: EventObject,
    timestamp: Date,
    type: string,
    reason: string,
    messageFmt: string,
    ...args: unknown[]
  ): void {
    this.record({ object, type, reason, messageFmt, args, timestamp }, object);
  }

  private record(call: RecordCall, object: EventObject): void {
    const accepted = this.accept(call);
    if (accepted === undefined) return;
    const { type, reason, message, reference, annotations } = accepted.call;
    const line =
      `${type} ${reason} ${message}` +
      (this.includeObject ? objectString(reference) : '') +
      annotationsString(annotations);
    this.add(line, { line, type, reason, message, object, reference, annotations, timestamp: accepted.timestamp });
  }
}

/** The core/v1 recorder's checks, and its warning for a message it records unformatted. */
const coreV1Checks: FakeChecks<RecordCall, CheckedCall, RecordDiagnostic> = {
  check: checkCall,
  unexpected: unexpectedFailure,
  warnings: (call) =>
    'formatError' in call
      ? [
          {
            code: RecordDiagnosticCode.messageFormatFailed,
            message: 'Formatting the message threw; it is recorded with the unformatted text.',
            cause: call.formatError,
          },
        ]
      : [],
  timestamp: (call) => call.timestamp,
};

/** client-go's ` involvedObject{kind=…,apiVersion=…}`, from the reference (the object's own kind and apiVersion). */
function objectString(reference: ObjectReference): string {
  return ` involvedObject${kindString(reference)}`;
}
