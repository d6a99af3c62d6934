import { correlationCount, correlationRow, podEvent } from '../fixtures.js';
import type { BenchRow, BenchSize } from '../report.js';

/**
 * W4: a default correlator over events on 100 Pods (`pod-<i % 100>`), reason `BackOff`, each Pod seeing 20 distinct
 * messages (`Back-off restarting failed container attempt <floor(i / 100) % 20>`): after 9 distinct messages an
 * object's events go out as its aggregate event, and after 25 events the spam filter skips the rest.
 */
export async function w4CorrelateSimilar(size: BenchSize): Promise<BenchRow[]> {
  const total = correlationCount(size);
  const events = Array.from({ length: total }, (_, i) =>
    podEvent(
      `pod-${String(i % 100)}`,
      'BackOff',
      `Back-off restarting failed container attempt ${String(Math.floor(i / 100) % 20)}`,
      i,
    ),
  );
  return [
    await correlationRow('W4', 'correlate, similar', events, ({ aggregated, skipped }) => ({ aggregated, skipped })),
  ];
}
