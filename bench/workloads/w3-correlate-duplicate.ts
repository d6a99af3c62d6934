import { correlationCount, correlationRow, podEvent } from '../fixtures.js';
import type { BenchRow, BenchSize } from '../report.js';

/**
 * W3: a default correlator over identical events on Pod `pod-0`: every event after the first is a duplicate (a count
 * patch), and after the burst of 25 the spam filter skips the rest.
 */
export async function w3CorrelateDuplicate(size: BenchSize): Promise<BenchRow[]> {
  const total = correlationCount(size);
  const events = Array.from({ length: total }, (_, i) => podEvent('pod-0', 'Started', 'Started container', i));
  return [
    await correlationRow('W3', 'correlate, all duplicate', events, ({ deduplicated, skipped }) => ({
      deduplicated,
      skipped,
    })),
  ];
}
