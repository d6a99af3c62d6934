import { isValid, parseISO } from 'date-fns';
import { isKubeTime } from './internal/kube-time-range.js';

// The second formatKubeTime formatted last (NaN, an invalid date, never equals it) and its text.
let lastSecond = Number.NaN;
let lastSecondText = '';

/**
 * Formats a `metav1.Time`: RFC 3339 in UTC with whole seconds (`2006-01-02T15:04:05Z`), as the API stores
 * `firstTimestamp` and `lastTimestamp`.
 *
 * @param date - the time to format
 * @returns the wire form
 * @throws RangeError when `date` is an invalid date, or outside years 0–9999 (RFC 3339 has four-digit years)
 * @example
 * ```ts
 * import { formatKubeTime } from 'rx-kube-events';
 * formatKubeTime(new Date('2023-01-01T12:00:00.789Z')); // '2023-01-01T12:00:00Z'
 * ```
 */
export function formatKubeTime(date: Date): string {
  // Every dedup patch formats a time, and repeats come in bursts within one second: the last second's text is kept.
  const second = Math.floor(date.getTime() / 1000);
  if (second === lastSecond) return lastSecondText;
  const text = `${isoUtc(date).slice(0, 19)}Z`;
  lastSecond = second;
  lastSecondText = text;
  return text;
}

/**
 * Formats a `metav1.MicroTime`: RFC 3339 in UTC with six fractional digits (`2006-01-02T15:04:05.000000Z`), as the
 * API stores `eventTime` and `series.lastObservedTime`. JavaScript dates hold milliseconds, so the last three digits
 * are zeros (as client-node's `V1MicroTime`).
 *
 * @param date - the time to format
 * @returns the wire form
 * @throws RangeError when `date` is an invalid date, or outside years 0–9999 (RFC 3339 has four-digit years)
 * @example
 * ```ts
 * import { formatMicroTime } from 'rx-kube-events';
 * formatMicroTime(new Date('2023-01-01T12:00:00.789Z')); // '2023-01-01T12:00:00.789000Z'
 * ```
 */
export function formatMicroTime(date: Date): string {
  return `${isoUtc(date).slice(0, 23)}000Z`;
}

/**
 * Parses a Kubernetes timestamp (`metav1.Time` or `MicroTime`, any RFC 3339 offset) into a `Date`.
 *
 * @param text - the wire form
 * @returns the time it names (sub-millisecond digits are dropped)
 * @throws RangeError when `text` is not an RFC 3339 timestamp
 * @example
 * ```ts
 * import { parseKubeTime } from 'rx-kube-events';
 * parseKubeTime('2023-01-01T12:00:00.123456Z').toISOString(); // '2023-01-01T12:00:00.123Z'
 * ```
 */
export function parseKubeTime(text: string): Date {
  const date = parseISO(text);
  if (!isValid(date)) throw new RangeError(`not an RFC 3339 timestamp: ${JSON.stringify(text)}`);
  return date;
}

function isoUtc(date: Date): string {
  // A plain check rather than date-fns' isValid: this runs for every dedup patch.
  if (!isKubeTime(date)) {
    throw new RangeError('cannot format an invalid date, or one outside years 0–9999, as a Kubernetes time');
  }
  return date.toISOString();
}
