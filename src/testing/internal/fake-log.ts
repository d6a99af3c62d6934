import { asyncScheduler, Subject } from 'rxjs';
import type { Observable, SchedulerLike } from 'rxjs';
import { checkOptions } from '../../meta/internal/check-options.js';
import type { ObjectReference } from '../../meta/types.js';
import { checkCall, unexpectedFailure } from '../../record/internal/check-call.js';
import type { CheckedCall, RecordCall, Refusal } from '../../record/internal/check-call.js';
import type { RecordDiagnostic } from '../../record/types.js';
import { RecordDiagnosticCode } from '../../record/types.js';

/**
 * What the fake recorders (`FakeRecorder`, `FakeEventsV1Recorder`) share: the lines, structured records and
 * diagnostics of the calls, bounded by `maxEvents`, and the hot `events$`. Each fake only says how a call becomes a
 * line and a record; checking the call (with the real recorder's own checks), the clock, the bound and `clear()` are
 * here, once.
 *
 * @internal
 */
export abstract class FakeLog<R> {
  /** Each line emitted as it is recorded (hot, never completes). */
  readonly events$: Observable<string>;

  private readonly lines: string[] = [];
  private readonly calls: R[] = [];
  private readonly problems: RecordDiagnostic[] = [];
  private readonly subject = new Subject<string>();
  private readonly maxEvents: number;
  private readonly scheduler: SchedulerLike;
  private droppedCount = 0;

  /**
   * @param options - the fake's options, of which `maxEvents` and `scheduler` are read here
   * @param where - the fake's name, for messages
   * @throws TypeError when `options` is not an object
   * @throws RangeError when `maxEvents` is not an integer ≥ 0
   */
  protected constructor(
    options: { maxEvents?: number | undefined; scheduler?: SchedulerLike | undefined } | undefined,
    where: string,
  ) {
    const { maxEvents = 10_000, scheduler = asyncScheduler } = checkOptions(options, where);
    if (!Number.isInteger(maxEvents) || maxEvents < 0) {
      throw new RangeError(`maxEvents must be an integer ≥ 0, got ${String(maxEvents)}`);
    }
    this.maxEvents = maxEvents;
    this.scheduler = scheduler;
    this.events$ = this.subject.asObservable();
  }

  /** The lines recorded so far, oldest first (at most `maxEvents`). */
  get events(): readonly string[] {
    return this.lines;
  }

  /** The calls recorded so far, structured, oldest first (at most `maxEvents`). */
  get records(): readonly R[] {
    return this.calls;
  }

  /**
   * What the real recorder would have reported on `diagnostics$` for the calls so far, oldest first (at most
   * `maxEvents`): the refused calls (`level: 'error'`, e.g. `'invalid-event-type'`, `'invalid-object'`) and the
   * messages recorded unformatted (`'message-format-failed'`, a warning).
   */
  get diagnostics(): readonly RecordDiagnostic[] {
    return this.problems;
  }

  /** Calls and diagnostics not kept in `events`, `records` and `diagnostics` because `maxEvents` were kept already. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** Forgets what was recorded (`events`, `records`, `diagnostics`, `dropped`), e.g. between the steps of a test. */
  clear(): void {
    this.lines.length = 0;
    this.calls.length = 0;
    this.problems.length = 0;
    this.droppedCount = 0;
  }

  /**
   * Checks `call` as the real recorder does and reads the clock; a refused call (or a clock that throws) is kept as
   * its diagnostic and gives `undefined`, a message that could not be formatted is kept as a warning.
   *
   * @returns the checked call and its timestamp, or `undefined` when it makes no event
   * @internal
   */
  protected accept(call: RecordCall): { readonly call: CheckedCall; readonly timestamp: Date } | undefined {
    const checked = checkCall(call);
    if (!checked.ok) {
      this.report(checked.refusal, 'error');
      return undefined;
    }
    let timestamp: Date;
    try {
      timestamp = checked.call.timestamp ?? new Date(this.scheduler.now());
    } catch (error) {
      // A user's scheduler; the real recorder reports its clock throwing the same way.
      this.report(unexpectedFailure(error), 'error');
      return undefined;
    }
    if ('formatError' in checked.call) {
      this.report(
        {
          code: RecordDiagnosticCode.messageFormatFailed,
          message: 'Formatting the message threw; it is recorded with the unformatted text.',
          cause: checked.call.formatError,
        },
        'warning',
      );
    }
    return { call: checked.call, timestamp };
  }

  /**
   * Keeps `line` and `record` while there is room (otherwise counts them in `dropped`), and emits `line`.
   *
   * @internal
   */
  protected add(line: string, record: R): void {
    if (this.lines.length < this.maxEvents) {
      this.lines.push(line);
      this.calls.push(record);
    } else {
      this.droppedCount++;
    }
    this.subject.next(line);
  }

  private report({ code, message, cause }: Refusal, level: RecordDiagnostic['level']): void {
    if (this.problems.length < this.maxEvents) {
      this.problems.push({ level, code, message, ...(cause === undefined ? {} : { cause }) });
    } else {
      this.droppedCount++;
    }
  }
}

/** `{kind=…,apiVersion=…}` of a reference, as client-go's fakes print an object's kind and group/version. */
export function kindString({ kind = '', apiVersion = '' }: ObjectReference): string {
  return `{kind=${kind},apiVersion=${apiVersion}}`;
}

/** ` map[a:b c:d]` as Go prints a map (keys sorted), or nothing for no or empty annotations. */
export function annotationsString(annotations: Readonly<Record<string, string>> | undefined): string {
  if (annotations === undefined) return '';
  const keys = Object.keys(annotations).sort();
  if (keys.length === 0) return '';
  return ` map[${keys.map((key) => `${key}:${String(annotations[key])}`).join(' ')}]`;
}
