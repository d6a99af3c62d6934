import { getReference } from '../../meta/get-reference.js';
import { checkAnnotations } from '../../meta/internal/annotations.js';
import { describeType } from '../../meta/internal/describe-type.js';
import { show } from '../../meta/internal/show.js';
import { isKubeTime } from '../../meta/internal/kube-time-range.js';
import { isEventType } from '../../meta/is-event-type.js';
import { ObjectReferenceError } from '../../meta/object-reference-error.js';
import type { EventType, ObjectReference } from '../../meta/types.js';
import { RecordDiagnosticCode } from '../types.js';
import { describeEventAbout, describeReference } from '../../meta/internal/describe-reference.js';
import { formatMessage } from '../../meta/internal/format-message.js';
import type { SharedReference } from '../../meta/internal/shared-reference.js';

/**
 * One recording call as it was made. Typed loosely on purpose: JavaScript callers (and `as` casts) can pass anything,
 * and every field is checked before it is used.
 */
export interface RecordCall {
  readonly object: unknown;
  readonly type: unknown;
  readonly reason: unknown;
  /** The message of `event()`, or the format of the `…f` methods. */
  readonly messageFmt: unknown;
  /** `undefined` for `event()`: the message is used as is. */
  readonly args: readonly unknown[] | undefined;
  /** `annotatedEventf`'s annotations; absent for the other methods. */
  readonly annotations?: unknown;
  /** `pastEventf`'s time; absent for the other methods. */
  readonly timestamp?: unknown;
  /** The action of an events.k8s.io/v1-style call (`eventf(regarding, related, type, reason, action, note)`). */
  readonly action?: unknown;
  /** Its `related` object (`undefined` or `null` for none); absent for core/v1 calls. */
  readonly related?: unknown;
}

/** A call that makes an event: every field checked, the message formatted, the annotations copied. */
export interface CheckedCall {
  readonly reference: ObjectReference;
  readonly type: EventType;
  readonly reason: string;
  readonly message: string;
  /** What formatting the message threw, when it fell back to the unformatted text. */
  readonly formatError?: unknown;
  readonly annotations: Readonly<Record<string, string>> | undefined;
  readonly timestamp: Date | undefined;
  /** The action, for an events.k8s.io/v1-style call. */
  readonly action?: string;
  /** `getReference(related)`, for an events.k8s.io/v1-style call naming a related object that can be referenced. */
  readonly related?: ObjectReference;
  /** Why the `related` object of an events.k8s.io/v1-style call could not be referenced: it is left out. */
  readonly relatedProblem?: { readonly message: string; readonly cause: unknown };
}

/** Why a call makes no event: the diagnostic the recorder reports. */
export interface Refusal {
  readonly code: RecordDiagnosticCode;
  readonly message: string;
  readonly cause?: unknown;
}

/** The outcome of {@link checkCall}. */
export type CheckResult =
  { readonly ok: true; readonly call: CheckedCall } | { readonly ok: false; readonly refusal: Refusal };

/**
 * Checks a recording call the way the real recorder does, in client-go's order (the reference, then the type), then
 * the reason, the message, the annotations and the time; formats the message. Shared by the recorder and
 * `FakeRecorder`, so a controller's unit test sees what production sees. Never throws: what throws unexpectedly
 * (a getter, a Proxy) is a `'record-failed'` refusal.
 *
 * @param call - the call as made
 * @param references - a recorder's involved objects: the reference is taken from it, frozen and shared with the
 *   recorder's previous event when it has the same fields; without it, the reference is `getReference`'s copy
 * @returns the checked call, or the refusal to report
 */
export function checkCall(call: RecordCall, references?: SharedReference): CheckResult {
  try {
    return check(call, references);
  } catch (error) {
    return { ok: false, refusal: unexpectedFailure(error) };
  }
}

/**
 * The `'record-failed'` refusal for something that threw unexpectedly while recording.
 *
 * @param error - what was thrown
 * @returns the refusal, with `error` as its cause
 */
export function unexpectedFailure(error: unknown): Refusal {
  return {
    code: RecordDiagnosticCode.recordFailed,
    message: `Recording an event failed unexpectedly and it is lost: ${errorText(error)}`,
    cause: error,
  };
}

function check(call: RecordCall, references: SharedReference | undefined): CheckResult {
  const { object, type, reason, messageFmt, args } = call;

  let reference: ObjectReference;
  try {
    reference = references === undefined ? getReference(object as ObjectReference) : references.of(object);
  } catch (error) {
    return refuse(
      RecordDiagnosticCode.invalidObject,
      `Could not reference the object (${referenceProblem(error)}); event ${show(reason)} is not recorded.`,
      error,
    );
  }
  let related: ObjectReference | undefined;
  let relatedProblem: CheckedCall['relatedProblem'];
  if (call.related !== undefined && call.related !== null) {
    try {
      related = getReference(call.related);
    } catch (error) {
      // As events.k8s.io/v1's recorder (and client-go's): the event is recorded without it.
      relatedProblem = { message: referenceProblem(error), cause: error };
    }
  }
  if (!isEventType(type)) {
    return refuse(
      RecordDiagnosticCode.invalidEventType,
      `Unsupported event type ${show(type)} (use 'Normal' or 'Warning'); ${describeEventAbout(reason, reference)} is not recorded.`,
    );
  }
  if (typeof reason !== 'string') {
    return refuse(
      RecordDiagnosticCode.invalidReason,
      `The reason of a ${type} event about ${describeReference(reference)} is ${describeType(reason)}, not a string (e.g. 'BackOff'); it is not recorded.`,
    );
  }
  // An events.k8s.io/v1-style call is refused what that API's recorder refuses, whichever API records it.
  const eventsV1Call = 'action' in call;
  if (eventsV1Call && reason === '') {
    return refuse(
      RecordDiagnosticCode.invalidReason,
      `The reason of a ${type} event about ${describeReference(reference)} is empty; ${requiresNonEmpty('BackOff')}`,
    );
  }
  if (eventsV1Call && typeof call.action !== 'string') {
    return refuse(
      RecordDiagnosticCode.invalidAction,
      `The action of ${describeEventAbout(reason, reference)} is ${describeType(call.action)}, not a string (e.g. 'Scale'); it is not recorded.`,
    );
  }
  if (eventsV1Call && call.action === '') {
    return refuse(
      RecordDiagnosticCode.invalidAction,
      `The action of ${describeEventAbout(reason, reference)} is empty; ${requiresNonEmpty('Scale')}`,
    );
  }
  if (typeof messageFmt !== 'string') {
    // events.k8s.io/v1 calls it the note.
    const what = 'action' in call ? 'note' : args === undefined ? 'message' : 'message format';
    return refuse(
      RecordDiagnosticCode.invalidMessage,
      `The ${what} of ${describeEventAbout(reason, reference)} is ${describeType(messageFmt)}, not a string; it is not recorded.`,
    );
  }
  let annotations: Readonly<Record<string, string>> | undefined;
  if ('annotations' in call) {
    const checked = checkAnnotations(call.annotations);
    if (checked.problem !== undefined) {
      return refuse(
        RecordDiagnosticCode.invalidAnnotations,
        `The annotations of ${describeEventAbout(reason, reference)} are refused (${checked.problem}); it is not recorded.`,
        'cause' in checked ? checked.cause : undefined,
      );
    }
    annotations = checked.annotations;
  }
  let timestamp: Date | undefined;
  if ('timestamp' in call) {
    if (!isKubeTime(call.timestamp)) {
      return refuse(
        RecordDiagnosticCode.invalidTimestamp,
        `pastEventf() needs a valid Date in years 0–9999, got ${show(call.timestamp)}; ${describeEventAbout(reason, reference)} is not recorded.`,
      );
    }
    timestamp = new Date(call.timestamp.getTime());
  }

  const formatted = args === undefined ? { message: messageFmt } : formatMessage(messageFmt, args);
  const checked: CheckedCall = { reference, type, reason, message: formatted.message, annotations, timestamp };
  const withFormatError = 'error' in formatted ? { ...checked, formatError: formatted.error } : checked;
  // Only an events.k8s.io/v1-style call (its action a string by now) has more to add: a core/v1 call, the common
  // one, is built without spreading.
  return {
    ok: true,
    call:
      typeof call.action === 'string'
        ? { ...withFormatError, ...eventsV1Fields(call.action, related, relatedProblem) }
        : withFormatError,
  };
}

/** Why an object cannot be referenced: a getter that throws, or a revoked Proxy, is a bad object too. */
function referenceProblem(error: unknown): string {
  return error instanceof ObjectReferenceError ? error.message : `reading it threw: ${errorText(error)}`;
}

/** The events.k8s.io/v1 fields of a checked call. */
function eventsV1Fields(
  action: string,
  related: ObjectReference | undefined,
  relatedProblem: CheckedCall['relatedProblem'],
): Pick<CheckedCall, 'action' | 'related' | 'relatedProblem'> {
  return {
    action,
    ...(related === undefined ? {} : { related }),
    ...(relatedProblem === undefined ? {} : { relatedProblem }),
  };
}

/** The end of the refusal of an empty reason or action in an events.k8s.io/v1-style call. */
function requiresNonEmpty(example: string): string {
  return `an events.k8s.io/v1 recorder requires a non-empty string (e.g. '${example}'), so it is not recorded.`;
}

function refuse(code: RecordDiagnosticCode, message: string, cause?: unknown): CheckResult {
  return { ok: false, refusal: cause === undefined ? { code, message } : { code, message, cause } };
}

function errorText(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return 'an unprintable error';
  }
}
