/**
 * Copies the named fields that are set: with `exactOptionalPropertyTypes` an unset field must stay absent, not become
 * `undefined`.
 */
export function pickDefined<T extends object, K extends keyof T>(from: T, keys: readonly K[]): Pick<T, K> {
  const picked: Partial<Pick<T, K>> = {};
  for (const key of keys) {
    const value = from[key];
    if (value !== undefined) picked[key] = value;
  }
  return picked as Pick<T, K>;
}
