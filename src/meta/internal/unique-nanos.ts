const nanosPerMs = 1_000_000;
const twoTo32 = 2 ** 32;
const maxMs = Number.MAX_SAFE_INTEGER;
const bigNanosPerMs = 1_000_000n;
const bigMaxMs = BigInt(maxMs);
/** `'00'` … `'ff'`: a 32-bit number as 8 hex digits is four look-ups (`Number#toString(16)` costs ~15 times more). */
const hexBytes: readonly string[] = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/**
 * Unique Unix nanoseconds from a millisecond clock: each value is `trunc(ms) × 10⁶`, raised past the last value
 * handed out when needed (so strictly increasing), as a `bigint` or as its lower-case hex, the suffix of an event
 * name.
 *
 * The recorder asks for one per event, and `bigint` arithmetic and `bigint#toString(16)` were the dearest part of
 * naming it. So the last value is kept as two numbers, `ms × 10⁶ + sub` with `0 ≤ sub < 10⁶`, and its hex is built
 * from exact 32-bit halves. A value past what two numbers hold exactly (a clock beyond `Number.MAX_SAFE_INTEGER` ms,
 * which no `Date` reaches) is kept as a `bigint` from then on: every value is exactly what `bigint` arithmetic gives.
 */
export class UniqueNanos {
  /** The last value is `ms × 10⁶ + sub`, while `big` is undefined: `ms` a safe integer ≥ 0, `0 ≤ sub < 10⁶`. */
  private ms = 0;
  private sub = 0;
  /** The last value once it is past `maxMs × 10⁶ + 999 999`; it never comes back, since values only grow. */
  private big: bigint | undefined;
  /** The hex of the upper 32 bits last formatted: they change every 4.3 s of clock. */
  private hiHexOf = 0;
  private hiHex = '';
  /**
   * The hex of all but the last byte of the last value formatted, and the bits it stands for: consecutive values in
   * one ms (a burst of events; virtual time standing still) share it, but for one in 256.
   */
  private prefixHi = 0;
  private prefixLo = 0;
  private prefix = '';

  /**
   * @param ms - milliseconds since the Unix epoch
   * @returns the next unique value for `ms`
   * @throws RangeError when `ms` is not finite, as `BigInt()` of it
   */
  next(ms: number): bigint {
    return this.advance(ms) ?? BigInt(this.ms) * bigNanosPerMs + BigInt(this.sub);
  }

  /**
   * @param ms - milliseconds since the Unix epoch
   * @returns the next unique value for `ms`, as `next(ms).toString(16)` would
   * @throws RangeError when `ms` is not finite, as `BigInt()` of it
   */
  nextHex(ms: number): string {
    const big = this.advance(ms);
    return big === undefined ? this.hex() : big.toString(16);
  }

  /** Moves to the next value; returns it when it is held as a `bigint`, `undefined` while it is two numbers. */
  private advance(ms: number): bigint | undefined {
    const whole = Math.trunc(ms);
    if (this.big === undefined && whole >= -maxMs && whole <= maxMs) {
      if (whole > this.ms) {
        this.ms = whole;
        this.sub = 0;
        return undefined;
      }
      if (this.sub < nanosPerMs - 1) {
        this.sub++;
        return undefined;
      }
      if (this.ms < maxMs) {
        this.ms++;
        this.sub = 0;
        return undefined;
      }
    }
    this.advanceBig(whole);
    return this.big;
  }

  /** The general case, in `bigint`: a clock that is not a safe integer, or a value past two numbers' range. */
  private advanceBig(whole: number): void {
    // Throws for NaN and ±Infinity before anything changes.
    const nanos = BigInt(whole) * bigNanosPerMs;
    const last = this.big ?? BigInt(this.ms) * bigNanosPerMs + BigInt(this.sub);
    const value = nanos > last ? nanos : last + 1n;
    const ms = value / bigNanosPerMs;
    if (ms <= bigMaxMs) {
      this.ms = Number(ms);
      this.sub = Number(value % bigNanosPerMs);
    } else {
      this.big = value;
    }
  }

  /** The hex of `ms × 10⁶ + sub`, from 32-bit halves: every product and sum below is an exact integer. */
  private hex(): string {
    const msHi = Math.floor(this.ms / twoTo32); // < 2²¹
    const low = (this.ms - msHi * twoTo32) * nanosPerMs + this.sub; // < 2³² × 10⁶ + 10⁶ < 2⁵³
    const lowHi = Math.floor(low / twoTo32);
    const lo = low - lowHi * twoTo32;
    const hi = msHi * nanosPerMs + lowHi; // < 2²¹ × 10⁶ + 10⁶ < 2⁵³
    if (hi === 0) return lo.toString(16);
    const upper = lo >>> 8;
    if (hi !== this.prefixHi || upper !== this.prefixLo) {
      if (hi !== this.hiHexOf) {
        this.hiHexOf = hi;
        this.hiHex = hi.toString(16);
      }
      this.prefixHi = hi;
      this.prefixLo = upper;
      this.prefix = this.hiHex + byteHex(lo >>> 24) + byteHex((lo >>> 16) & 0xff) + byteHex(upper & 0xff);
    }
    return this.prefix + byteHex(lo & 0xff);
  }
}

function byteHex(byte: number): string {
  return hexBytes[byte] ?? '';
}

/**
 * The process's one source of unique event-name nanoseconds, shared by `uniqueUnixNanos`, the recorders and the
 * correlator's aggregate events, so that no two events of the process get the same name, whichever way they were
 * named.
 */
export const eventNanos = new UniqueNanos();
