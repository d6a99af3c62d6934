import { describe, expect, it } from 'vitest';
import { eventNanos, UniqueNanos } from '../../src/meta/internal/unique-nanos.js';
import { uniqueUnixNanos } from '../../src/meta/generate-event-name.js';

/** What `uniqueUnixNanos` computed before it kept its value as two numbers: all in `bigint`. */
class BigintModel {
  private last = 0n;

  next(ms: number): bigint {
    const nanos = BigInt(Math.trunc(ms)) * 1_000_000n;
    this.last = nanos > this.last ? nanos : this.last + 1n;
    return this.last;
  }
}

/**
 * Feeds `clock` to a fresh `UniqueNanos` and to the model, alternating `next` and `nextHex`, and expects no value
 * to differ (one expectation for the lot: some clocks are a million calls long).
 */
function expectSameAsModel(clock: readonly number[]): void {
  const nanos = new UniqueNanos();
  const model = new BigintModel();
  let mismatch: { call: number; ms: number; got: string; expected: string } | undefined;
  for (let call = 0; call < clock.length && mismatch === undefined; call++) {
    const ms = clock[call]!;
    const expected = model.next(ms).toString(16);
    const got = call % 2 === 0 ? nanos.next(ms).toString(16) : nanos.nextHex(ms);
    if (got !== expected) mismatch = { call, ms, got, expected };
  }
  expect(mismatch).toBeUndefined();
}

const repeat = (ms: number, times: number): number[] => Array.from({ length: times }, () => ms);
const now = Date.UTC(2026, 11, 2, 3);
/** The last ms whose ×10⁶ is below 2⁵³ (where a plain product stops being exact) and the first past it. */
const exactLimit = Math.floor(2 ** 53 / 1_000_000);
/**
 * ms whose ×10⁶ is 64 below a multiple of 2³², so that the low half carries into the high one at the 64th value
 * within the ms: 54 369 991 × 10⁶ ≡ −64 (mod 2³²), and adding multiples of 2²⁶ ms keeps that (10⁶ = 2⁶ × 15 625).
 */
const carryMs = 54_369_991 + 26_294 * 2 ** 26; // 2025-12-01T18:47:20.007Z

describe('UniqueNanos', () => {
  it('has a carry case that carries', () => {
    expect(2n ** 32n - ((BigInt(carryMs) * 1_000_000n) % 2n ** 32n)).toBe(64n);
  });

  it.each([
    ['a clock that moves on every call', Array.from({ length: 50 }, (_, i) => now + i * 7)],
    ['the same ms repeated', repeat(now, 300)],
    ['the clock going backwards, then catching up', [now, now, now - 5000, now - 1, now, now + 1, now + 1, 0, now + 2]],
    ['fractional ms', [now + 0.2, now + 0.9, now + 1.5, now + 1.99999, 0.5, -0.5, now + 2.000001]],
    ['negative ms', [-1, -1e15, -0, 0, 1, -8.64e15, 2]],
    ['ms near 2⁵³ / 10⁶', [exactLimit - 1, exactLimit, exactLimit, exactLimit + 1, ...repeat(exactLimit + 2, 5)]],
    [
      'the low 32 bits carrying within one ms',
      [54_369_991, ...repeat(54_369_991, 70), carryMs, ...repeat(carryMs, 70)],
    ],
    ['small times (a virtual clock from 0)', [0, 0, 1, 1, 4294, 4295, 4295, 10_000]],
    ['the largest Dates', [8.64e15 - 1, 8.64e15, 8.64e15, -8.64e15, 8.64e15 + 1]],
    [
      'ms near Number.MAX_SAFE_INTEGER, and past it',
      [
        Number.MAX_SAFE_INTEGER - 1,
        Number.MAX_SAFE_INTEGER,
        Number.MAX_SAFE_INTEGER,
        Number.MAX_SAFE_INTEGER + 2,
        1e20,
        1e20,
        now,
        1e21,
        ...repeat(1e21, 3),
      ],
    ],
  ])('gives exactly what bigint arithmetic gives: %s', (_, clock) => {
    expectSameAsModel(clock);
  });

  it('rolls over into the next ms after 10⁶ values in one ms, as bigint arithmetic does', () => {
    // Virtual time stands still: a million events at one instant, then the clock moves on by less than they took.
    expectSameAsModel([...repeat(now, 1_000_002), now + 1, now + 2, now + 2]);
  });

  it('rolls over past Number.MAX_SAFE_INTEGER ms into bigint, and stays exact there', () => {
    expectSameAsModel([Number.MAX_SAFE_INTEGER, ...repeat(Number.MAX_SAFE_INTEGER, 1_000_001), 0, 1e300]);
  });

  it('matches the model over random clocks: small steps, standing still, going back, huge jumps', () => {
    let seed = 17;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const clock: number[] = [];
    let ms = now;
    for (let i = 0; i < 20_000; i++) {
      const r = random();
      if (r < 0.4) ms += 0;
      else if (r < 0.7) ms += Math.floor(random() * 3);
      else if (r < 0.8) ms -= Math.floor(random() * 100);
      else if (r < 0.9) ms += random();
      else if (r < 0.97) ms = Math.floor(random() * 2 ** 43);
      else ms = carryMs + Math.floor(random() * 4);
      clock.push(ms);
    }
    expectSameAsModel(clock);
  });

  it('throws what BigInt() throws for a clock without an integer part, and changes nothing', () => {
    const nanos = new UniqueNanos();
    expect(nanos.next(now)).toBe(BigInt(now) * 1_000_000n);
    for (const ms of [Number.NaN, Infinity, -Infinity]) {
      let expected: unknown;
      try {
        BigInt(Math.trunc(ms));
      } catch (error) {
        expected = error;
      }
      expect(expected).toBeInstanceOf(RangeError);
      expect(() => nanos.next(ms)).toThrow(expected);
      expect(() => nanos.nextHex(ms)).toThrow(expected);
    }
    expect(nanos.next(now)).toBe(BigInt(now) * 1_000_000n + 1n);
  });
});

describe('eventNanos', () => {
  it('is the state uniqueUnixNanos shares: the recorder and uniqueUnixNanos never hand out one value twice', () => {
    const ms = Date.UTC(2150, 0, 1); // later than anything used before in this process
    const values = [
      uniqueUnixNanos(ms),
      BigInt(`0x${eventNanos.nextHex(ms)}`),
      uniqueUnixNanos(ms),
      BigInt(`0x${eventNanos.nextHex(ms)}`),
    ];
    expect(values).toEqual([0n, 1n, 2n, 3n].map((k) => BigInt(ms) * 1_000_000n + k));
  });
});
