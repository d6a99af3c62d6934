import type { CorrelateResult } from '../../../src/correlate/types.js';
import type { CoreV1Event } from '../../../src/meta/types.js';
import type { WriteResult } from '../../../src/sink/types.js';

/** The name every occurrence of `key` is written under, as the correlator keeps the first occurrence's name. */
export function nameOf(key: string): string {
  return `${key}.17f0a1b2c3d4e5f6`;
}

/**
 * The correlator's result for occurrence number `count` of the event keyed `key`: the event to create for the first,
 * and for later ones the dedup patch `{"count","lastTimestamp","message"}` of the same name.
 */
export function occurrence(key: string, count: number, options: { skip?: boolean } = {}): CorrelateResult {
  const lastTimestamp = new Date(Date.UTC(2024, 0, 1, 0, 0, count));
  const message = `synced ${key} (${count})`;
  const event: CoreV1Event = {
    metadata: { name: nameOf(key), namespace: 'ns', ...(count > 1 ? { resourceVersion: '41' } : {}) },
    involvedObject: { kind: 'Pod', namespace: 'ns', name: key },
    reason: 'Sync',
    message,
    type: 'Normal',
    source: { component: 'spec' },
    firstTimestamp: new Date(Date.UTC(2024, 0, 1)),
    lastTimestamp,
    count,
  };
  const patch =
    count > 1
      ? JSON.stringify({ count, lastTimestamp: lastTimestamp.toISOString().replace('.000', ''), message })
      : undefined;
  return { event, patch, skip: options.skip ?? false, key };
}

/** A one-line summary of a result for marble values: `key:outcome:c<count>:a<attempts>:e<events>`. */
export function brief(result: WriteResult): string {
  return `${result.key}:${result.outcome}:c${result.event.count}:a${result.attempts}:e${result.events}`;
}

/** Marble values `a`, `b`, `c`… for occurrences 1, 2, 3… of `key`. */
export function occurrences(key: string, howMany: number): Record<string, CorrelateResult> {
  return Object.fromEntries(
    Array.from({ length: howMany }, (_, i) => [String.fromCharCode(97 + i), occurrence(key, i + 1)]),
  );
}
