import type { SchedulerLike } from 'rxjs';
import { checkEventsV1Call, unexpectedEventsV1Failure } from '../events/internal/check-call.js';
import type { CheckedEventsV1Call, EventsV1Call } from '../events/internal/check-call.js';
import type { EventsV1Diagnostic, EventsV1Object, EventsV1Recorder } from '../events/types.js';
import { EventsV1DiagnosticCode } from '../events/types.js';
import type { ObjectReference } from '../meta/types.js';
import { annotationsString, FakeLog, kindString } from './internal/fake-log.js';
import type { FakeChecks, FakeProblem } from './internal/fake-log.js';

/** Options of {@link FakeEventsV1Recorder}. */
export interface FakeEventsV1RecorderOptions {
  /**
   * Write client-go master's verbose line (its `Verbose`): `<type> <reason> <action> <note>`, then
   * ` {kind=<kind>,apiVersion=<apiVersion>}` for `regarding` and for `related`, then ` map[k:v …]` for annotations.
   * @defaultValue false (`<type> <reason> <note>`, as client-go v0.36)
   */
  verbose?: boolean | undefined;
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

/** One call to a {@link FakeEventsV1Recorder}, as it was made. */
export interface FakeEventsV1Record {
  /** The client-go-style line, as in `events`. */
  readonly line: string;
  /** `'Normal'` or `'Warning'`: the real recorder refuses any other type, and so does the fake. */
  readonly type: string;
  readonly reason: string;
  readonly action: string;
  /** The formatted note. */
  readonly note: string;
  /** `getReference(regarding)`, the event's `regarding`. */
  readonly regarding: ObjectReference;
  /** `getReference(related)`, the event's `related`; `undefined` when the call named none or one it cannot reference. */
  readonly related: ObjectReference | undefined;
  /** The `regarding` object passed in. */
  readonly object: EventsV1Object;
  /** The `related` object passed in, if any and the event has it. */
  readonly relatedObject: EventsV1Object | undefined;
  /** A copy of the annotations of `annotatedEventf`. */
  readonly annotations: Readonly<Record<string, string>> | undefined;
  /** `scheduler.now()` at the call. */
  readonly timestamp: Date;
}

/**
 * An {@link EventsV1Recorder} for unit tests of controllers that record events.k8s.io/v1 events: it keeps what was
 * recorded, as client-go's `events.FakeRecorder` does, and never blocks or throws.
 *
 * Each call adds a line to `events` in client-go's format, `<type> <reason> <note>`, e.g. `'Warning Failed x=3'`
 * (action, regarding, related and annotations are not shown, as in client-go v0.36). With `verbose` (client-go
 * master's `Verbose`) the line is `<type> <reason> <action> <note>`, then ` {kind=Pod,apiVersion=v1}` for `regarding`
 * and again for `related` (each left out when the object is absent or has neither kind nor apiVersion), then
 * ` map[a:b c:d]` for non-empty annotations (keys sorted, as Go prints a map). The note is formatted with
 * `util.format` like the real recorder. `records` keeps the same calls structured, with both references.
 *
 * Each call is checked with the checks of the real events.k8s.io/v1 recorder (`EventsV1Broadcaster.newRecorder()`),
 * so `diagnostics` holds the {@link EventsV1Diagnostic}s production reports: a call it refuses (a reason or action
 * that is not a non-empty string, a type other than `'Normal'` or `'Warning'`, …) adds no line and its error; a
 * `related` object that cannot be referenced is left out of the line and the record, with an `'invalid-related'`
 * warning, as production records the event without it; a note that cannot be formatted is recorded unformatted,
 * with a `'note-format-failed'` warning. Everything else is as for {@link FakeRecorder}: no field is cut to the
 * server's limits; `events$` is hot and never completes; the arrays keep the first `maxEvents` and count the rest in
 * `dropped`; it never blocks or throws.
 *
 * @example
 * ```ts
 * import { FakeEventsV1Recorder } from 'rx-kube-events/testing';
 *
 * const recorder = new FakeEventsV1Recorder({ verbose: true });
 * recorder.eventf(replicaSet, pod, 'Normal', 'SuccessfulCreate', 'Create', 'Created pod %s', 'web-0');
 * expect(recorder.events).toEqual([
 *   'Normal SuccessfulCreate Create Created pod web-0 {kind=ReplicaSet,apiVersion=apps/v1} {kind=Pod,apiVersion=v1}',
 * ]);
 * expect(recorder.records[0]?.related).toMatchObject({ kind: 'Pod', name: 'web-0' });
 * ```
 */
export class FakeEventsV1Recorder
  extends FakeLog<FakeEventsV1Record, EventsV1Call, CheckedEventsV1Call, EventsV1Diagnostic>
  implements EventsV1Recorder
{
  private readonly verbose: boolean;

  /**
   * @param options - `verbose`, the `maxEvents` bound and the clock
   * @throws TypeError when `options` is not an object
   * @throws RangeError when `maxEvents` is not an integer ≥ 0
   */
  constructor(options: FakeEventsV1RecorderOptions = {}) {
    super(options, 'FakeEventsV1Recorder', eventsV1Checks);
    this.verbose = options.verbose ?? false;
  }

  /** Records a line and a record for the call, or its diagnostic when the real recorder would refuse it. */
  readonly eventf: EventsV1Recorder['eventf'] = (regarding, related, type, reason, action, note, ...args) => {
    this.record({ regarding, related, type, reason, action, note, args }, regarding, related);
  };

  /** As {@link FakeEventsV1Recorder.eventf}, with annotations (shown in the `verbose` line). */
  readonly annotatedEventf: EventsV1Recorder['annotatedEventf'] = (regarding, related, annotations, ...rest) => {
    const [type, reason, action, note, ...args] = rest;
    this.record({ regarding, related, type, reason, action, note, args, annotations }, regarding, related);
  };

  private record(call: EventsV1Call, object: EventsV1Object, relatedObject: EventsV1Object | undefined): void {
    const accepted = this.accept(call);
    if (accepted === undefined) return;
    const { type, reason, action, note, regarding, related, annotations } = accepted.call;
    const line = this.verbose
      ? `${type} ${reason} ${action} ${note}` +
        objectString(regarding) +
        objectString(related) +
        annotationsString(annotations)
      : `${type} ${reason} ${note}`;
    this.add(line, {
      line,
      type,
      reason,
      action,
      note,
      regarding,
      related,
      object,
      relatedObject: related === undefined ? undefined : relatedObject,
      annotations,
      timestamp: accepted.timestamp,
    });
  }
}

/**
 * The events.k8s.io/v1 recorder's checks, and its warnings, in its order: a `related` object it drops, a note it
 * records unformatted.
 */
const eventsV1Checks: FakeChecks<EventsV1Call, CheckedEventsV1Call, EventsV1Diagnostic> = {
  check: checkEventsV1Call,
  unexpected: unexpectedEventsV1Failure,
  warnings: (call) => {
    const warnings: FakeProblem<EventsV1Diagnostic>[] = [];
    if (call.relatedProblem !== undefined) {
      warnings.push({
        code: EventsV1DiagnosticCode.invalidRelated,
        message: `Could not reference the related object (${call.relatedProblem.message}); the event is recorded without it.`,
        cause: call.relatedProblem.cause,
      });
    }
    if ('formatError' in call) {
      warnings.push({
        code: EventsV1DiagnosticCode.noteFormatFailed,
        message: 'Formatting the note threw; it is recorded with the unformatted text.',
        cause: call.formatError,
      });
    }
    return warnings;
  },
  timestamp: () => undefined,
};

/** client-go master's ` {kind=…,apiVersion=…}`, left out for no object or one with neither kind nor apiVersion. */
function objectString(reference: ObjectReference | undefined): string {
  if (reference === undefined || (reference.kind === undefined && reference.apiVersion === undefined)) return '';
  return ` ${kindString(reference)}`;
}
