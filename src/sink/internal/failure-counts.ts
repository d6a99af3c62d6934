import type { SinkError } from '../sink-error.js';

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

/** The key a failure is counted under: a namespace being deleted is told apart from an RBAC `Forbidden`. */
export function failureReason(error: SinkError | undefined): string {
  if (error === undefined) return 'unknown';
  if (error.isNamespaceTerminating) return 'NamespaceTerminating';
  return error.reason ?? (error.status === undefined ? error.kind : String(error.status));
}
