import { eventNanos } from '../../meta/internal/unique-nanos.js';
import { limitEventFields } from '../../meta/limit-event-fields.js';
import type { EventType } from '../../meta/types.js';
import type { EventObject, EventRecorder } from '../types.js';
import { RecordDiagnosticCode } from '../types.js';
import { recordChecked } from '../../meta/internal/record-checked.js';
import type { RecordSteps } from '../../meta/internal/record-checked.js';
import { checkCall, unexpectedFailure } from './check-call.js';
import type { CheckedCall, RecordCall, Refusal } from './check-call.js';
import { describeEvent } from './describe.js';
import { withEventsV1Fields } from './events-v1-fields.js';
import { freezeEvent, makeEvent } from './make-event.js';
import type { RecorderSource } from './make-event.js';
import type { RecordingState } from './recording-state.js';
import { SharedDate } from '../../meta/internal/shared-date.js';
import { SharedReference } from '../../meta/internal/shared-reference.js';

/** The recorder `EventBroadcaster.newRecorder()` returns. */
export class Recorder implements EventRecorder {
  private readonly state: RecordingState;
  private readonly source: RecorderSource;
  /** The field a refused event's diagnostic carries. */
  private readonly reporter: { readonly component: string };
  private readonly involvedObject = new SharedReference();
  private readonly dates = new SharedDate();

  /** @param source - the recorder's own copy, `{ component }` or `{ component, host }`: frozen, and shared by its events */
  constructor(state: RecordingState, source: RecorderSource) {
    this.state = state;
    this.source = Object.freeze(source);
    this.reporter = Object.freeze({ component: source.component });
  }

  event(object: EventObject, type: EventType, reason: string, message: string): void {
    this.record({ object, type, reason, messageFmt: message, args: undefined });
  }

  eventf(object: EventObject, type: EventType, reason: string, messageFmt: string, ...args: unknown[]): void {
    this.record({ object, type, reason, messageFmt, args });
  }

  annotatedEventf(
    object: EventObject,
    annotations: Readonly<Record<string, string>>,
    type: EventType,
    reason: string,
    messageFmt: string,
    ...args: unknown[]
  ): void {
    this.record({ object, type, reason, messageFmt, args, annotations });
  }

  pastEventf(
    object: EventObject,
    timestamp: Date,
    type: EventType,
    reason: string,
    messageFmt: string,
    ...args: unknown[]
  ): void {
    this.record({ object, type, reason, messageFmt, args, timestamp });
  }

  /**
   * Records an events.k8s.io/v1-style call (`call.action`, `call.related`) as a core/v1 event carrying `action`,
   * `related` and `reportingInstance`: the events adapter's legacy path (`eventsV1RecorderFor`), through the same
   * checks, limits, counters and diagnostics as every other call of this recorder, plus those of events.k8s.io/v1's
   * recorder (a non-empty reason and action; a `related` it cannot reference is left out, with a warning).
   */
  recordEventsV1(call: RecordCall, reportingInstance: string): void {
    recordChecked(checkCall(call, this.involvedObject), {
      ...this.steps,
      submit: (checked) => {
        this.submit(checked, reportingInstance);
      },
    });
  }

  private record(call: RecordCall): void {
    recordChecked(checkCall(call, this.involvedObject), this.steps);
  }

  private readonly steps: RecordSteps<CheckedCall, Refusal> = {
    submit: (call) => {
      this.submit(call, undefined);
    },
    refuse: (refusal) => {
      this.refuse(refusal);
    },
    unexpected: unexpectedFailure,
  };

  private refuse({ code, message, cause }: Refusal): void {
    const { state } = this;
    if (code === RecordDiagnosticCode.recordFailed) state.counters.failed++;
    else state.counters.invalid++;
    state.report({
      level: 'error',
      code,
      message,
      ...(cause === undefined ? {} : { cause }),
      component: this.source.component,
    });
  }

  private submit(call: CheckedCall, reportingInstance: string | undefined): void {
    const { state, source } = this;
    const { component } = source;
    const now = state.scheduler.now();
    const made = makeEvent(call, call.timestamp ?? this.dates.at(now), eventNanos.nextHex(now), source);
    const { event: limited, truncated } = limitEventFields(
      reportingInstance === undefined ? made : withEventsV1Fields(made, call, reportingInstance),
    );
    const event = freezeEvent(limited);

    if (call.relatedProblem !== undefined) {
      state.report({
        level: 'warning',
        code: RecordDiagnosticCode.invalidRelated,
        message: `Could not reference the related object of ${describeEvent(event)} (${call.relatedProblem.message}); the event is recorded without it.`,
        cause: call.relatedProblem.cause,
        component,
        event,
      });
    }
    if ('formatError' in call) {
      state.counters.formatFailed++;
      state.report({
        level: 'warning',
        code: RecordDiagnosticCode.messageFormatFailed,
        message: `Formatting the message of ${describeEvent(event)} threw; it is recorded with the unformatted text.`,
        cause: call.formatError,
        component,
        event,
      });
    }
    if (truncated.length > 0) {
      state.counters.truncated++;
      const fields = truncated.map(
        ({ field, bytes, limit }) => `${field} (${String(bytes)} bytes, limit ${String(limit)})`,
      );
      state.report({
        level: 'warning',
        code: RecordDiagnosticCode.eventTruncated,
        message: `Event ${describeEvent(event)} had fields over the API server's limits, cut on a UTF-8 boundary: ${fields.join(', ')}.`,
        component,
        event,
      });
    }
    state.submit(event, this.reporter);
  }
}
