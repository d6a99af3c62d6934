import { Bench } from 'tinybench';

/** Median, min and max of the timed repetitions, in milliseconds. */
export interface Timing {
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
}

/**
 * Times `fn` as WORKLOADS.md asks: one warm-up, then 5 repetitions in this process; `setup` runs before each
 * repetition, outside the timing.
 */
export async function time(fn: () => unknown, setup?: () => void | Promise<void>, repetitions = 5): Promise<Timing> {
  const bench = new Bench({ iterations: repetitions, warmupIterations: 1, time: 0, warmupTime: 0, throws: true });
  bench.add('task', fn, setup ? { beforeEach: setup } : {});
  await bench.run();
  const latency =
    bench.tasks[0]?.result && 'latency' in bench.tasks[0].result ? bench.tasks[0].result.latency : undefined;
  if (!latency) throw new Error('tinybench returned no latency statistics');
  return { medianMs: latency.p50, minMs: latency.min, maxMs: latency.max };
}

/** A rate (per second) from a count and a timing: median, and the min/max rates from the slowest/fastest run. */
export interface Rate {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export function rate(count: number, t: Timing): Rate {
  return { median: (count * 1000) / t.medianMs, min: (count * 1000) / t.maxMs, max: (count * 1000) / t.minMs };
}
