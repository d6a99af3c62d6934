import type { CoreV1Event } from 'rx-kube-events';
import { correlationCount, correlationRow, podEvent } from '../fixtures.js';
import type { BenchRow, BenchSize } from '../report.js';

/** W2's event `i`: on Pod `pod-<i>`, reason `Started`, message `Started container`. */
export function w2Event(i: number): CoreV1Event {
  return podEvent(`pod-${String(i)}`, 'Started', 'Started container', i);
}

/**
 * W2: a default correlator (LRU 4096, burst 25, 1/300 s, 10 events / 600 s) over events that are all unique, one per
 * Pod: every event misses every cache, so each one is a create and each cache evicts from the moment it is full.
 */
export async function w2CorrelateUnique(size: BenchSize): Promise<BenchRow[]> {
  const total = correlationCount(size);
  const events = Array.from({ length: total }, (_, i) => w2Event(i));
  return [
    await correlationRow('W2', 'correlate, all unique', events, ({ deduplicated, skipped }) => ({
      deduplicated,
      skipped,
    })),
  ];
}
