import { inspect } from 'node:util';
import { uniqueUnixNanos } from '../../meta/generate-event-name.js';
import { getReference } from '../../meta/get-reference.js';
import { isEventType } from '../../meta/is-event-type.js';
import { limitEventFields } from '../../meta/limit-event-fields.js';
import { ObjectReferenceError } from '../../meta/object-reference-error.js';
import type { EventType } from '../../meta/types.js';
import type { EventObject, EventRecorder, EventRecorderSource } from '../types.js';
import { RecordDiagnosticCode } from '../types.js';
import { formatMessage } from './format-message.js';
import { freezeEvent, makeEvent } from './make-event.js';
import type { RecordingState } from './recording-state.js';
import { describeEvent, describeReference } from './describe.js';

/** One recording call, before anything is checked. */
interface Call {
  readonly object: EventObject;
  readonly type: EventType;
  readonly reason: string;
  readonly messageFmt: string;
  /** `undefined` for `event()`: the message is used as is. */
  readonly args: readonly unknown[] | undefined;
  readonly annotations?: Readonly<Record<string, string>>;
  /** `pastEventf`'s time. */
  readonly timestamp?: Date;
}

/** The recorder `EventBroadcaster.newRecorder()` returns. */
export class Recorder implements EventRecorder {
  private readonly state: RecordingState;
  private readonly source: EventRecorderSource;

  constructor(state: RecordingState, source: EventRecorderSource) {
    this.state = state;
    this.source = source;
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

  private record(call: Call): void {
    const { state } = this;
    const { component } = this.source;
    try {
      this.make(call);
    } catch (error) {
      state.counters.failed++;
      state.report({
        level: 'error',
        code: RecordDiagnosticCode.recordFailed,
        message: `Recording an event failed unexpectedly and it is lost: ${safeString(error)}`,
        cause: error,
        component,
      });
    }
  }

  /** client-go's order: the reference, then the type, then the event. */
  private make(call: Call): void {
    const { state, source } = this;
    const { component } = source;
    const { object, type, reason, messageFmt, args, annotations, timestamp } = call;

    let reference;
    try {
      reference = getReference(object);
    } catch (error) {
      if (!(error instanceof ObjectReferenceError)) throw error;
      this.refuse(
        RecordDiagnosticCode.invalidObject,
        `Could not reference the object (${error.message}); event ${inspect(reason)} is not recorded.`,
        error,
      );
      return;
    }
    if (!isEventType(type)) {
      this.refuse(
        RecordDiagnosticCode.invalidEventType,
        `Unsupported event type ${inspect(type)} (use 'Normal' or 'Warning'); event ${inspect(reason)} about ${describeReference(reference)} is not recorded.`,
      );
      return;
    }
    if (timestamp !== undefined && !(timestamp instanceof Date && Number.isFinite(timestamp.getTime()))) {
      this.refuse(
        RecordDiagnosticCode.invalidTimestamp,
        `pastEventf() needs a valid Date, got ${inspect(timestamp)}; event ${inspect(reason)} is not recorded.`,
      );
      return;
    }

    const formatted = args === undefined ? { message: messageFmt } : formatMessage(messageFmt, args);
    const now = state.scheduler.now();
    const made = makeEvent(
      {
        reference,
        type,
        reason,
        message: formatted.message,
        annotations,
        time: timestamp === undefined ? new Date(now) : new Date(timestamp.getTime()),
        unixNanos: uniqueUnixNanos(now),
      },
      source,
    );
    const { event: limited, truncated } = limitEventFields(made);
    const event = freezeEvent(limited);

    if ('error' in formatted) {
      state.counters.formatFailed++;
      state.report({
        level: 'warning',
        code: RecordDiagnosticCode.messageFormatFailed,
        message: `Formatting the message of ${describeEvent(event)} threw; it is recorded with the unformatted text.`,
        cause: formatted.error,
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
    state.submit(event, component);
  }

  private refuse(code: RecordDiagnosticCode, message: string, cause?: unknown): void {
    this.state.counters.invalid++;
    this.state.report({
      level: 'error',
      code,
      message,
      ...(cause === undefined ? {} : { cause }),
      component: this.source.component,
    });
  }
}

function safeString(value: unknown): string {
  try {
    return value instanceof Error ? value.message : String(value);
  } catch {
    return 'an unprintable error';
  }
}
