/**
 * The `Date` of a recorder's events made at a clock time: the last one, while the clock has not moved. A burst of
 * events (and virtual time, which stands still) shares one `Date` per millisecond rather than making one per event:
 * a C++ call and an allocation, about a fifth of a recording call (docs/performance.md, W6). Nobody is to change
 * one: events are frozen, and their `Date`s documented as not to be changed.
 */
export class SharedDate {
  /** The clock's time of `last`; NaN equals no time, so the first call makes a `Date`. */
  private lastNow = Number.NaN;
  private last = new Date(Number.NaN);

  /**
   * @param now - the clock's time, in ms since the epoch
   * @returns a `Date` of `now`: the one returned last, when `now` is the same
   */
  at(now: number): Date {
    if (now !== this.lastNow) {
      this.lastNow = now;
      this.last = new Date(now);
    }
    return this.last;
  }
}
