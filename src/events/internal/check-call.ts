import { getReference } from '../../meta/get-reference.js';
import { checkAnnotations } from '../../meta/internal/annotations.js';
import { describeEventAbout, describeReference } from '../../meta/internal/describe-reference.js';
import { describeType } from '../../meta/internal/describe-type.js';
import { formatMessage } from '../../meta/internal/format-message.js';
import { show } from '../../meta/internal/show.js';
import { isEventType } from '../../meta/is-event-type.js';
import { ObjectReferenceError } from '../../meta/object-reference-error.js';
import type { EventType, ObjectReference } from '../../meta/types.js';
import { describeThrown } from '../../sink/internal/as-sink-error.js';
import type { SharedReference } from '../../meta/internal/shared-reference.js';
import { EventsV1DiagnosticCode } from '../types.js';

/**
 * One `eventf` / `annotatedEventf` call as it was made. Typed loosely on purpose: JavaScript callers (and `as` casts)
 * can pass anything, and every field is checked before it is used.
 */
export interface EventsV1Call {
  readonly regarding: unknown;
  readonly related: unknown;
  readonly type: unknown;
  readonly reason: unknown;
  readonly action: unknown;
  readonly note: unknown;
  readonly args: readonly unknown[];
  /** `annotatedEventf`'s annotations; absent for `eventf`. */
  readonly annotations?: unknown;
}

/** A call that makes an event: every field checked, the note formatted, the annotations copied. */
export interface CheckedEventsV1Call {
  readonly regarding: ObjectReference;
  /** `undefined` when none was given, or when it could not be referenced (then `relatedProblem` says why). */
  readonly related: ObjectReference | undefined;
  readonly relatedProblem: { readonly message: string; readonly cause: unknown } | undefined;
  readonly type: EventType;
  readonly reason: string;
  readonly action: string;
  readonly note: string;
  /** What formatting the note threw, when it fell back to the unformatted text. */
  readonly formatError?: unknown;
  readonly annotations: Readonly<Record<string, string>> | undefined;
}

/** Why a call makes no event: the diagnostic the recorder reports. */
export interface EventsV1Refusal {
  readonly code: EventsV1DiagnosticCode;
  readonly message: string;
  readonly cause?: unknown;
}

/** The outcome of {@link checkEventsV1Call}. */
export type EventsV1CheckResult =
  { readonly ok: true; readonly call: CheckedEventsV1Call } | { readonly ok: false; readonly refusal: EventsV1Refusal };

/**
 * Checks an events.k8s.io/v1 recording call the way client-go's `tools/events` recorder does, in its order (the
 * note formatted, `regarding` referenced, `related` referenced, the type), and what the API server requires that
 * client-go leaves to it (a non-empty reason and action, annotations it accepts). A `related` object that cannot be
 * referenced is dropped from the event, as client-go does, and said so. Never throws: what throws unexpectedly (a
 * getter, a Proxy) is a `'record-failed'` refusal. For the recorder and a fake recorder alike.
 *
 * @param call - the call as made
 * @param references - a recorder's regarding objects: the reference is taken from it, frozen and shared with the
 *   recorder's previous event when it has the same fields; without it, the reference is `getReference`'s copy
 * @returns the checked call, or the refusal to report
 */
export function checkEventsV1Call(call: EventsV1Call, references?: SharedReference): EventsV1CheckResult {
  try {
    return check(call, references);
  } catch (error) {
    return { ok: false, refusal: unexpectedEventsV1Failure(error) };
  }
}

/**
 * The `'record-failed'` refusal for something that threw unexpectedly while recording.
 *
 * @param error - what was thrown
 * @returns the refusal, with `error` as its cause
 */
export function unexpectedEventsV1Failure(error: unknown): EventsV1Refusal {
  return {
    code: EventsV1DiagnosticCode.recordFailed,
    message: `Recording an event failed unexpectedly and it is lost: ${describeThrown(error)}`,
    cause: error,
  };
}

/** The reference of `object` (from `references`, when given), or what is wrong with it. */
function reference(
  object: unknown,
  references?: SharedReference,
): { ref: ObjectReference } | { problem: string; cause: unknown } {
  try {
    return { ref: references === undefined ? getReference(object as ObjectReference) : references.of(object) };
  } catch (error) {
    // A getter that throws, or a revoked Proxy, is a bad object too: nothing else reads it.
    const problem =
      error instanceof ObjectReferenceError ? error.message : `reading it threw: ${describeThrown(error)}`;
    return { problem, cause: error };
  }
}

function check(call: EventsV1Call, references: SharedReference | undefined): EventsV1CheckResult {
  const { type, reason, action, note, args } = call;
  const regarding = reference(call.regarding, references);
  if ('problem' in regarding) {
    return refuse(
      EventsV1DiagnosticCode.invalidObject,
      `Could not reference the regarding object (${regarding.problem}); event ${show(reason)} is not recorded.`,
      regarding.cause,
    );
  }
  const { ref } = regarding;
  let related: ObjectReference | undefined;
  let relatedProblem: CheckedEventsV1Call['relatedProblem'];
  if (call.related !== undefined && call.related !== null) {
    const referenced = reference(call.related);
    if ('ref' in referenced) related = referenced.ref;
    else relatedProblem = { message: referenced.problem, cause: referenced.cause };
  }
  if (!isEventType(type)) {
    return refuse(
      EventsV1DiagnosticCode.invalidEventType,
      `Unsupported event type ${show(type)} (use 'Normal' or 'Warning'); ${describeEventAbout(reason, ref)} is not recorded.`,
    );
  }
  if (typeof reason !== 'string' || reason === '') {
    return refuseEmpty('reason', reason, EventsV1DiagnosticCode.invalidReason, type, ref);
  }
  if (typeof action !== 'string' || action === '') {
    return refuseEmpty('action', action, EventsV1DiagnosticCode.invalidAction, type, ref);
  }
  if (typeof note !== 'string') {
    return refuse(
      EventsV1DiagnosticCode.invalidNote,
      `The note of ${describeEventAbout(reason, ref)} is ${describeType(note)}, not a string; it is not recorded.`,
    );
  }
  let annotations: Readonly<Record<string, string>> | undefined;
  if ('annotations' in call) {
    const checked = checkAnnotations(call.annotations);
    if (checked.problem !== undefined) {
      return refuse(
        EventsV1DiagnosticCode.invalidAnnotations,
        `The annotations of ${describeEventAbout(reason, ref)} are refused (${checked.problem}); it is not recorded.`,
        'cause' in checked ? checked.cause : undefined,
      );
    }
    annotations = checked.annotations;
  }
  const formatted = formatMessage(note, args);
  const checked: CheckedEventsV1Call = {
    regarding: ref,
    related,
    type,
    reason,
    action,
    note: formatted.message,
    annotations,
    relatedProblem,
  };
  return { ok: true, call: 'error' in formatted ? { ...checked, formatError: formatted.error } : checked };
}

/** The refusal of a reason or an action that is not a non-empty string. */
function refuseEmpty(
  field: 'reason' | 'action',
  value: unknown,
  code: EventsV1DiagnosticCode,
  type: EventType,
  ref: ObjectReference,
): EventsV1CheckResult {
  return refuse(
    code,
    `The ${field} of a ${type} event about ${describeReference(ref)} is ${typeof value === 'string' ? 'empty' : describeType(value)}; events.k8s.io requires a non-empty string (e.g. ${field === 'reason' ? "'BackOff'" : "'Pull'"}), so it is not recorded.`,
  );
}

function refuse(code: EventsV1DiagnosticCode, message: string, cause?: unknown): EventsV1CheckResult {
  return { ok: false, refusal: cause === undefined ? { code, message } : { code, message, cause } };
}
