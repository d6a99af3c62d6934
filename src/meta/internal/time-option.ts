/** The longest wait a Node.js timer keeps (2³¹ − 1 ms, about 24.8 days); a longer one fires after 1 ms. */
export const maxTimerMs = 2 ** 31 - 1;

/**
 * Checks a time option, in milliseconds, at the call that takes it: a number from 0 to {@link maxTimerMs}, or
 * `Infinity` where `infinity` says what it means (`'no-limit'`: no timeout, no cap). Node cuts a timer of 2³¹ ms or
 * more to 1 ms, so such a value would silently mean its opposite.
 *
 * @param name - the option's name as the caller wrote it, for the message (e.g. `'retry.initialDelayMs'`)
 * @param value - what was given (JavaScript callers may give anything)
 * @param infinity - `'no-limit'` when `Infinity` is a meaningful "no limit", `'refuse'` when it is not
 * @returns the value, `Infinity` included when allowed
 * @throws RangeError when the value is not such a number
 */
export function checkTimeOption(name: string, value: unknown, infinity: 'no-limit' | 'refuse'): number {
  if (
    typeof value === 'number' &&
    value >= 0 &&
    (value <= maxTimerMs || (value === Infinity && infinity === 'no-limit'))
  ) {
    return value;
  }
  const range =
    infinity === 'no-limit' ? `0–${String(maxTimerMs)} ms, or Infinity for no limit` : `0–${String(maxTimerMs)} ms`;
  throw new RangeError(`${name} must be a number of milliseconds in ${range}, got ${describe(value)}`);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || value == null) {
    return String(value);
  }
  return typeof value;
}
