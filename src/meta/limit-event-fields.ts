import { truncateUtf8 } from './truncate-utf8.js';
import type { CoreV1Event, EventsV1Event } from './types.js';

/**
 * The API server's byte limits on event fields (`pkg/apis/core/validation/events.go`): `message` (events.k8s.io's
 * `note`) 1024 bytes; `reason`, `action` and `reportingInstance` 128 bytes.
 */
export const eventFieldLimits = {
  message: 1024,
  note: 1024,
  reason: 128,
  action: 128,
  reportingInstance: 128,
} as const;

/** A field that was over its limit and was shortened. */
export interface TruncatedField {
  readonly field: keyof typeof eventFieldLimits;
  /** The field's size before, in UTF-8 bytes. */
  readonly bytes: number;
  /** The limit it was cut to. */
  readonly limit: number;
}

const encoder = new TextEncoder();
const limitedFields = Object.keys(eventFieldLimits) as (keyof typeof eventFieldLimits)[];
const noneTruncated: readonly TruncatedField[] = Object.freeze([]);

/**
 * Cuts the fields of `event` that are over the API server's limits ({@link eventFieldLimits}) on a UTF-8 boundary,
 * and says which ones it cut. It takes core/v1 events (`message`) and events.k8s.io/v1 events (`note`) alike.
 *
 * The server rejects such an event with a 422 that client-go never retries, so the event would be lost; a
 * shortened event with a diagnostic is better. (For core/v1 events without `eventTime` today's servers check no
 * length, but events.k8s.io and events with `eventTime` are checked, and the limits are documented for all events.)
 *
 * @param event - the event to check; it is not mutated
 * @returns the event (the same object when nothing was cut) and the fields that were cut
 * @example
 * ```ts
 * import { limitEventFields } from 'rx-kube-events';
 * const { event: fitted, truncated } = limitEventFields(event);
 * if (truncated.length > 0) console.warn(truncated);
 * ```
 */
export function limitEventFields<E extends CoreV1Event | EventsV1Event>(
  event: E,
): { event: E; truncated: readonly TruncatedField[] } {
  // Each API has only one of `message` and `note`: the other is undefined.
  const fields = event as Partial<Record<keyof typeof eventFieldLimits, string>>;
  // The common case without the loop: every field at most a third of its limit long fits whatever it holds, since
  // a UTF-16 unit takes at most 3 bytes (this runs for every recorded event).
  if (
    fitsAnyway(fields.message, eventFieldLimits.message) &&
    fitsAnyway(fields.note, eventFieldLimits.note) &&
    fitsAnyway(fields.reason, eventFieldLimits.reason) &&
    fitsAnyway(fields.action, eventFieldLimits.action) &&
    fitsAnyway(fields.reportingInstance, eventFieldLimits.reportingInstance)
  ) {
    return { event, truncated: noneTruncated };
  }
  let truncated: TruncatedField[] | undefined;
  let fitted = event;
  for (const field of limitedFields) {
    const value = fields[field];
    const limit = eventFieldLimits[field];
    if (value === undefined) continue;
    const shortened = truncateUtf8(value, limit);
    if (shortened === value) continue;
    (truncated ??= []).push({ field, bytes: encoder.encode(value).length, limit });
    fitted = { ...fitted, [field]: shortened };
  }
  return { event: fitted, truncated: truncated ?? noneTruncated };
}

function fitsAnyway(value: string | undefined, limit: number): boolean {
  return value === undefined || value.length * 3 <= limit;
}
