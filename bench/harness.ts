import { Bench } from 'tinybench';

/** Median, min and max of the timed repetitions, in milliseconds. */
export interface Timing {
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
}

/** Repetitions timed after the warm-up (WORKLOADS.md: the median of 5 after one warm-up). */
export const repetitions = 5;

/** What runs around each repetition (the warm-up included), outside the timing. */
export interface TimeHooks {
  /** Before each repetition: build what it works on. */
  readonly setup?: (() => void | Promise<void>) | undefined;
  /** After each repetition: check what it did. */
  readonly teardown?: (() => void | Promise<void>) | undefined;
}

/**
 * A full garbage collection when node runs with `--expose-gc` (`npm run bench`), called between workloads so that
 * one is not billed for the garbage another left: run straight after the HTTP workload, W6 measured 1.6–1.7 µs per
 * call instead of 0.9. Not called between repetitions: a collected heap starts small, and the allocation-heavy HTTP
 * workload then measured ~35 % slower on both sides. Without `--expose-gc` (inside vitest) it does nothing.
 */
export function collectGarbage(): void {
  globalThis.gc?.();
}

/**
 * Times `fn` as WORKLOADS.md asks: one warm-up, then 5 repetitions in this process, with `hooks` around each
 * repetition outside the timing. `fn` may return a promise, which is awaited inside the timing.
 */
export async function time(fn: () => unknown, hooks: TimeHooks = {}): Promise<Timing> {
  const { setup, teardown } = hooks;
  const bench = new Bench({ iterations: repetitions, warmupIterations: 1, time: 0, warmupTime: 0, throws: true });
  // `async: true` stops tinybench from calling `fn` once, outside any setup, to find out whether it is async; the
  // one await it adds per repetition is nothing next to a repetition's milliseconds.
  bench.add('task', fn, {
    async: true,
    ...(setup ? { beforeEach: setup } : {}),
    ...(teardown ? { afterEach: teardown } : {}),
  });
  await bench.run();
  const latency =
    bench.tasks[0]?.result && 'latency' in bench.tasks[0].result ? bench.tasks[0].result.latency : undefined;
  if (!latency) throw new Error('tinybench returned no latency statistics');
  return { medianMs: latency.p50, minMs: latency.min, maxMs: latency.max };
}

/**
 * A figure of a workload: the median of the repetitions, and the worst and best of them (for a rate, `min` comes from
 * the slowest repetition; for a duration or a size, it is the smallest).
 */
export interface Figure {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** Per second: `count` things done in each repetition of `t`. */
export function rate(count: number, t: Timing): Figure {
  return { median: (count * 1000) / t.medianMs, min: (count * 1000) / t.maxMs, max: (count * 1000) / t.minMs };
}

/** Nanoseconds per thing: `count` things done in each repetition of `t`. */
export function nanosEach(count: number, t: Timing): Figure {
  const ns = (ms: number): number => (ms * 1e6) / count;
  return { median: ns(t.medianMs), min: ns(t.minMs), max: ns(t.maxMs) };
}

/** Median, min and max of plain samples (e.g. bytes measured once per repetition). */
export function summarize(samples: readonly number[]): Figure {
  if (samples.length === 0) throw new RangeError('summarize() needs at least one sample');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}
