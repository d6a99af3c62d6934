import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cpuMeter, procCpuMicros, repetitions, time, warmUps } from '../../bench/harness.js';

/** Spins until this process has used `micros` of CPU since the call; resolves to `value`. */
function burn<T>(micros: number, value?: T): Promise<T | undefined> {
  const start = process.cpuUsage();
  for (;;) {
    const used = process.cpuUsage(start);
    if (used.user + used.system >= micros) return Promise.resolve(value);
  }
}

const hasProc = existsSync('/proc/self/stat');

describe('procCpuMicros', () => {
  it('adds utime and stime (fields 14 and 15, in 1/100 s), counting from the last ")" of the command name', () => {
    const fields = Array.from({ length: 40 }, (_, i) => String(i));
    fields[11] = '250';
    fields[12] = '50';
    expect(procCpuMicros(`4242 (kube (api) server) ${fields.join(' ')}\n`)).toBe(3_000_000);
  });

  it('refuses text that is not a stat line', () => {
    expect(() => procCpuMicros('no such process')).toThrow(/not the text of a \/proc\/<pid>\/stat/);
  });
});

describe('cpuMeter', () => {
  it("adds this process's CPU per thing over every measure, and watches no other process without pids", async () => {
    const meter = cpuMeter([]);
    expect(await meter.measure(4, () => burn(20_000, 'done'))).toBe('done');
    await meter.measure(6, () => burn(30_000));
    const { own, others } = meter.perThing();
    // 50 ms over 10 things, and little more: divided by the things, not by the measures.
    expect(own).toBeGreaterThanOrEqual(5_000);
    expect(own).toBeLessThan(7_500);
    expect(others).toBeUndefined();
  });

  it('leaves out the first calls it is told to skip, as time() warms up through the same function', async () => {
    const meter = cpuMeter([], { skip: warmUps });
    let calls = 0;
    await time(() =>
      meter.measure(1, () => {
        calls++;
        // The warm-up burns 200 ms, the first repetition 40 ms and each other 10 ms: 16 ms per repetition, where
        // counting the warm-up makes it 47 ms and skipping one call too many 10 ms.
        return burn(calls <= warmUps ? 200_000 : calls === warmUps + 1 ? 40_000 : 10_000);
      }),
    );
    expect(calls).toBe(warmUps + repetitions);
    expect(meter.perThing().own).toBeGreaterThanOrEqual(16_000);
    expect(meter.perThing().own).toBeLessThan(22_000);
  });

  it('refuses a skip that is not a whole number of calls', () => {
    expect(() => cpuMeter([], { skip: -1 })).toThrow(RangeError);
    expect(() => cpuMeter([], { skip: 0.5 })).toThrow(/skip is the number of first measures/);
  });

  it.skipIf(!hasProc)("reads the other processes' CPU from /proc, as much as this process's own", async () => {
    // This process as the other one: /proc counts user and system time in 10 ms steps each, and its window encloses
    // the process.cpuUsage() one, so over the same 200 ms the two may differ by some 20 ms, 10 ms per thing.
    const meter = cpuMeter([process.pid]);
    await meter.measure(2, () => burn(200_000));
    const { own, others } = meter.perThing();
    expect(own).toBeGreaterThanOrEqual(100_000);
    expect(Math.abs((others ?? 0) - own)).toBeLessThanOrEqual(15_000);
  });

  it.skipIf(!hasProc)('fails for a pid that cannot be read, rather than counting it as idle', async () => {
    const meter = cpuMeter([2 ** 31 - 1]);
    await expect(meter.measure(1, () => Promise.resolve())).rejects.toThrow(/ENOENT/);
  });
});
