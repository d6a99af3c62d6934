/**
 * Tells whether `date` is a valid `Date` the API server can parse back: RFC 3339 has four-digit years, so a time
 * before year 0 or after 9999 (UTC), which `toISOString()` writes as `+010000-…` or `-000001-…`, is refused with a
 * 400 "parsing time".
 *
 * @param date - the value to check
 * @returns `true` for a `Date` in years 0–9999 UTC
 */
export function isKubeTime(date: unknown): date is Date {
  if (!(date instanceof Date)) return false;
  const time = date.getTime();
  if (!Number.isFinite(time)) return false;
  const year = date.getUTCFullYear();
  return year >= 0 && year <= 9999;
}
