import { EventCorrelator } from 'rx-kube-events';
import { repetitions, summarize } from '../harness.js';
import type { Figure } from '../harness.js';
import { compare } from '../report.js';
import type { BenchRow, BenchSize, NotMeasured } from '../report.js';
import { correlationCount } from '../fixtures.js';
import { w2Event } from './w2-correlate-unique.js';

/** The correlator being measured, held here so that nothing can collect it before the second reading. */
let measured: EventCorrelator | undefined;

/** W7's target: what a correlator with full caches may retain. */
const targetBytes = 8_000_000;

/**
 * W7: heap bytes retained after GC by a correlator after W2 (its three caches full at 4096 entries), against an
 * empty correlator. W2's events are made one at a time inside the measurement and dropped after correlation, as a
 * recorder's are, so everything the correlator keeps of them counts. Needs `--expose-gc` (`npm run bench` passes it);
 * without it the workload is reported as not measured.
 */
export function w7Memory(size: BenchSize): { rows: BenchRow[]; notMeasured: NotMeasured[] } {
  const gc = globalThis.gc;
  const variant = 'memory, correlator after W2';
  if (gc === undefined) {
    return {
      rows: [],
      notMeasured: [{ id: 'W7', variant, reason: 'global.gc() is unavailable (run node with --expose-gc)' }],
    };
  }
  const total = correlationCount(size);
  const retained = (fill: (correlator: EventCorrelator) => void): number[] => {
    // One warm-up, then the repetitions, as for the timed workloads.
    const samples: number[] = [];
    for (let rep = 0; rep <= repetitions; rep++) {
      const before = heapAfterGc(gc);
      measured = new EventCorrelator();
      fill(measured);
      const after = heapAfterGc(gc);
      measured = undefined;
      if (rep > 0) samples.push(after - before);
    }
    return samples;
  };
  const oursSamples = retained((correlator) => {
    for (let i = 0; i < total; i++) correlator.correlate(w2Event(i));
  });
  const baselineSamples = retained(() => undefined);
  const ours: Figure = summarize(oursSamples);
  const baseline: Figure = summarize(baselineSamples);
  return {
    rows: [
      {
        id: 'W7',
        variant,
        unit: 'bytes',
        ours,
        baseline,
        ratio: compare(ours, baseline, 'cost', 'lower'),
        target: '≤ 8 MB',
        met: ours.median <= targetBytes,
        facts: { events: total, bytesPerCacheEntry: ours.median / Math.min(total, 4096) },
      },
    ],
    notMeasured: [],
  };
}

/** The heap in use after full garbage collections (twice: weak references and finalizers free more). */
function heapAfterGc(gc: NonNullable<typeof globalThis.gc>): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}
