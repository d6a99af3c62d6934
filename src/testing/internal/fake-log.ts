import { asyncScheduler, Subject } from 'rxjs';
import type { Observable, SchedulerLike } from 'rxjs';
import type { Checked } from '../../meta/internal/record-checked.js';
import { checkOptions } from '../../meta/internal/check-options.js';
import type { ObjectReference } from '../../meta/types.js';
import type { Diagnostic } from '../../watch/types.js';

/** A diagnostic of `D` without its level: a refusal of the real recorder's check, or a warning about a call. */
export type FakeProblem<D extends Diagnostic> = Pick<D, 'code' | 'message' | 'cause'>;

/**
 * How a fake checks a call: with the real recorder's own checks, so that a controller's unit test sees what
 * production sees.
 *
 * @internal
 */
export interface FakeChecks<Call, Accepted, D extends Diagnostic> {
  /** The real recorder's check of a call. */
  readonly check: (call: Call) => Checked<Accepted, FakeProblem<D>>;
  /** The real recorder's refusal for what throws unexpectedly (here, the clock). */
  readonly unexpected: (error: unknown) => FakeProblem<D>;
  /** The warnings the real recorder reports for an accepted call (a note it could not format, …), in its order. */
  readonly warnings: (call: Accepted) => readonly FakeProblem<D>[];
  /** The time the call gives its event (`pastEventf`'s), if any; otherwise the scheduler's. */
  readonly timestamp: (call: Accepted) => Date | undefined;
}

/**
 * What the fake recorders (`FakeRecorder`, `FakeEventsV1Recorder`) share: the lines, structured records and
 * diagnostics of the calls, bounded by `maxEvents`, and the hot `events$`. Each fake only says how a call becomes a
 * line and a record; checking the call (with the real recorder's own checks), the clock, the bound and `clear()` are
 * here, once.
 *
 * @internal
 */
export abstract class FakeLog<R, Call, Accepted, D extends Diagnostic> {
  /** Each line emitted as it is recorded (hot, never completes). */
  readonly events$: Observable<string>;

  private readonly lines: string[] = [];
  private readonly calls: R[] = [];
  private readonly problems: D[] = [];
  private readonly subject = new Subject<string>();
  private readonly maxEvents: number;
  private readonly scheduler: SchedulerLike;
  private readonly checks: FakeChecks<Call, Accepted, D>;
  private droppedCount = 0;

  /**
   * @param options - the fake's options, of which `maxEvents` and `scheduler` are read here
   * @param where - the fake's name, for messages
   * @param checks - the real recorder's checks
   * @throws TypeError when `options` is not an object
   * @throws RangeError when `maxEvents` is not an integer ≥ 0
   */
  protected constructor(
    options: { maxEvents?: number | undefined; scheduler?: SchedulerLike | undefined } | undefined,
    where: string,
    checks: FakeChecks<Call, Accepted, D>,
  ) {
    const { maxEvents = 10_000, scheduler = asyncScheduler } = checkOptions(options, where);
    if (!Number.isInteger(maxEvents) || maxEvents < 0) {
      throw new RangeError(`maxEvents must be an integer ≥ 0, got ${String(maxEvents)}`);
    }
    this.maxEvents = maxEvents;
    this.scheduler = scheduler;
    this.checks = checks;
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
   * warnings about calls it records (a message recorded unformatted, …).
   */
  get diagnostics(): readonly D[] {
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
   * its diagnostic and gives `undefined`, the real recorder's warnings about an accepted call are kept too.
   *
   * @returns the checked call and its timestamp, or `undefined` when it makes no event
   * @internal
   */
  protected accept(call: Call): { readonly call: Accepted; readonly timestamp: Date } | undefined {
    const { checks } = this;
    const checked = checks.check(call);
    if (!checked.ok) {
      this.report(checked.refusal, 'error');
      return undefined;
    }
    let timestamp: Date;
    try {
      timestamp = checks.timestamp(checked.call) ?? new Date(this.scheduler.now());
    } catch (error) {
      // A user's scheduler; the real recorder reports its clock throwing the same way.
      this.report(checks.unexpected(error), 'error');
      return undefined;
    }
    for (const warning of checks.warnings(checked.call)) this.report(warning, 'warning');
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

  private report({ code, message, cause }: FakeProblem<D>, level: Diagnostic['level']): void {
    if (this.problems.length < this.maxEvents) {
      // `D` is the recorder's diagnostic type: its other fields (the recorder's name, the event) are optional.
      this.problems.push({ level, code, message, ...(cause === undefined ? {} : { cause }) } as D);
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
