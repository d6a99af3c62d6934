import { limitEventFields } from '../../meta/limit-event-fields.js';
import type { EventType } from '../../meta/types.js';
import type { EventsV1Object, EventsV1Recorder } from '../types.js';
import { EventsV1DiagnosticCode } from '../types.js';
import { recordChecked } from '../../meta/internal/record-checked.js';
import type { RecordSteps } from '../../meta/internal/record-checked.js';
import { checkEventsV1Call, unexpectedEventsV1Failure } from './check-call.js';
import type { CheckedEventsV1Call, EventsV1Call, EventsV1Refusal } from './check-call.js';
import type { EventsV1Event } from '../../meta/types.js';
import type { RecordingHub } from '../../watch/internal/recording-hub.js';
import type { EventsV1Diagnostic } from '../types.js';
import type { RecorderCounters } from './counters.js';
import { describeEventsV1Event, freezeEventsV1Event, makeEventsV1Event } from './make-event.js';
import type { Reporting } from './make-event.js';
import { SharedDate } from '../../meta/internal/shared-date.js';
import { SharedReference } from '../../meta/internal/shared-reference.js';

/** The recorder `EventsV1Broadcaster.newRecorder()` returns. */
export class EventsV1RecorderImpl implements EventsV1Recorder {
  private readonly hub: RecordingHub<EventsV1Event, EventsV1Diagnostic>;
  private readonly counters: RecorderCounters;
  private readonly reporting: Reporting;
  /** The field a recorded event's submission carries, made once. */
  private readonly reporter: { readonly reportingController: string };
  private readonly regarding = new SharedReference();
  private readonly dates = new SharedDate();

  constructor(hub: RecordingHub<EventsV1Event, EventsV1Diagnostic>, counters: RecorderCounters, reporting: Reporting) {
    this.hub = hub;
    this.counters = counters;
    this.reporting = reporting;
    this.reporter = Object.freeze({ reportingController: reporting.controller });
  }

  eventf(
    regarding: EventsV1Object,
    related: EventsV1Object | undefined,
    type: EventType,
    reason: string,
    action: string,
    note: string,
    ...args: unknown[]
  ): void {
    this.record({ regarding, related, type, reason, action, note, args });
  }

  annotatedEventf(
    regarding: EventsV1Object,
    related: EventsV1Object | undefined,
    annotations: Readonly<Record<string, string>>,
    type: EventType,
    reason: string,
    action: string,
    note: string,
    ...args: unknown[]
  ): void {
    this.record({ regarding, related, annotations, type, reason, action, note, args });
  }

  private record(call: EventsV1Call): void {
    recordChecked(checkEventsV1Call(call, this.regarding), this.steps);
  }

  private readonly steps: RecordSteps<CheckedEventsV1Call, EventsV1Refusal> = {
    submit: (call) => {
      this.submit(call);
    },
    refuse: (refusal) => {
      this.refuse(refusal);
    },
    unexpected: unexpectedEventsV1Failure,
  };

  private refuse({ code, message, cause }: EventsV1Refusal): void {
    const { counters } = this;
    if (code === EventsV1DiagnosticCode.recordFailed) counters.failed++;
    else counters.invalid++;
    this.hub.report({
      level: 'error',
      code,
      message,
      ...(cause === undefined ? {} : { cause }),
      reportingController: this.reporting.controller,
    });
  }

  private submit(call: CheckedEventsV1Call): void {
    const { hub, counters } = this;
    const now = hub.scheduler.now();
    const { event: limited, truncated } = limitEventFields(
      makeEventsV1Event(call, this.reporting, now, this.dates.at(now)),
    );
    const event = freezeEventsV1Event(limited);
    if (call.relatedProblem !== undefined) {
      counters.relatedDropped++;
      this.warn(
        event,
        EventsV1DiagnosticCode.invalidRelated,
        `Could not reference the related object of ${describeEventsV1Event(event)} (${call.relatedProblem.message}); the event is recorded without it.`,
        call.relatedProblem.cause,
      );
    }
    if ('formatError' in call) {
      counters.formatFailed++;
      this.warn(
        event,
        EventsV1DiagnosticCode.noteFormatFailed,
        `Formatting the note of ${describeEventsV1Event(event)} threw; it is recorded with the unformatted text.`,
        call.formatError,
      );
    }
    if (truncated.length > 0) {
      counters.truncated++;
      const fields = truncated.map(
        ({ field, bytes, limit }) => `${field} (${String(bytes)} bytes, limit ${String(limit)})`,
      );
      this.warn(
        event,
        EventsV1DiagnosticCode.eventTruncated,
        `Event ${describeEventsV1Event(event)} had fields over the API server's limits, cut on a UTF-8 boundary: ${fields.join(', ')}.`,
      );
    }
    hub.submit(event, this.reporter);
  }

  private warn(event: EventsV1Event, code: EventsV1DiagnosticCode, message: string, cause?: unknown): void {
    const { reportingController } = this.reporter;
    this.hub.report({ level: 'warning', code, message, cause, reportingController, event });
  }
}
