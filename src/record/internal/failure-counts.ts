/**
 * Failure counts by reason, summed over `sources`, in a null-prototype object: a reason the server sends is only
 * data, so `__proto__`, `constructor` or `toString` are keys like any other.
 */
export function failureCounts(
  sources: Iterable<ReadonlyMap<string, number> | Readonly<Record<string, number>>>,
): Record<string, number> {
  const merged = Object.create(null) as Record<string, number>;
  for (const source of sources) {
    const entries: Iterable<readonly [string, number]> =
      source instanceof Map ? source.entries() : Object.entries(source as Readonly<Record<string, number>>);
    for (const [reason, count] of entries) merged[reason] = (merged[reason] ?? 0) + count;
  }
  return merged;
}
