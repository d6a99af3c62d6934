import { readFileSync } from 'node:fs';
import { Bench } from 'tinybench';

/** Median, min and max of the timed repetitions, in milliseconds. */
export interface Timing {
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
}

/** Repetitions timed after the warm-up (WORKLOADS.md: the median of 5 after one warm-up). */
export const repetitions = 5;

/** Untimed runs of a workload before its repetitions: {@link time} calls `fn` this many times first. */
export const warmUps = 1;

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
  const bench = new Bench({ iterations: repetitions, warmupIterations: warmUps, time: 0, warmupTime: 0, throws: true });
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

/** Linux's `USER_HZ`, the unit of the CPU times in `/proc/<pid>/stat`: 100 on every architecture Node runs on. */
const USER_HZ = 100;

/**
 * The user + system CPU time, in microseconds, of a process from the text of its `/proc/<pid>/stat` (`utime` and
 * `stime`, fields 14 and 15). The command name in field 2 is in parentheses and may hold spaces and parentheses
 * itself, so fields are counted from the last `)`.
 */
export function procCpuMicros(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (the state): utime is fields[11], stime fields[12].
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isInteger(utime) || !Number.isInteger(stime)) {
    throw new Error(`not the text of a /proc/<pid>/stat: ${stat.slice(0, 80)}`);
  }
  return ((utime + stime) * 1e6) / USER_HZ;
}

/** CPU per thing done, in microseconds, over every {@link CpuMeter.measure} so far. */
export interface CpuPerThing {
  /** This process's (`process.cpuUsage()`: user + system). */
  readonly own: number;
  /** The other processes' together, from `/proc`; `undefined` when the meter watches none. */
  readonly others: number | undefined;
}

/** Adds up the CPU time spent while the functions it runs are running, for figures per thing done. */
export interface CpuMeter {
  /** Runs `fn` (awaited) and adds the CPU time spent meanwhile, and `count` things done. */
  measure<T>(count: number, fn: () => Promise<T>): Promise<T>;
  /** CPU per thing so far; `NaN` before anything was measured. */
  perThing(): CpuPerThing;
}

/** What a {@link cpuMeter} leaves out. */
export interface CpuMeterOptions {
  /**
   * The first calls of `measure` that run without being counted, a whole number: {@link warmUps} for a function
   * {@link time} times, whose warm-up goes through the same function.
   *
   * @defaultValue 0
   */
  readonly skip?: number | undefined;
}

/**
 * A {@link CpuMeter} of this process and of the processes `pids` (Linux only: their CPU time is read from
 * `/proc/<pid>/stat`, in steps of 10 ms per process and per user and system time, so a measured stretch should hold
 * seconds of their CPU). A pid that cannot be read is an error at the first measure counted, not a figure of zero.
 */
export function cpuMeter(pids: readonly number[], options: CpuMeterOptions = {}): CpuMeter {
  let skip = options.skip ?? 0;
  if (!Number.isInteger(skip) || skip < 0) {
    throw new RangeError(`cpuMeter: skip is the number of first measures left out, 0 or more (got ${String(skip)})`);
  }
  const others = (): number =>
    pids.reduce((sum, pid) => sum + procCpuMicros(readFileSync(`/proc/${String(pid)}/stat`, 'utf8')), 0);
  let own = 0;
  let theirs = 0;
  let things = 0;
  return {
    async measure(count, fn) {
      if (skip > 0) {
        skip--;
        return fn();
      }
      const othersBefore = others();
      const ownBefore = process.cpuUsage();
      try {
        return await fn();
      } finally {
        const used = process.cpuUsage(ownBefore);
        own += used.user + used.system;
        theirs += others() - othersBefore;
        things += count;
      }
    },
    perThing: () => ({ own: own / things, others: pids.length === 0 ? undefined : theirs / things }),
  };
}
