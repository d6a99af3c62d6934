import { describe, expect, it } from 'vitest';
import { Lru } from '../../src/correlate/internal/lru.js';

/** The obvious model: an array of [key, value] in order of use, oldest first. */
class ModelLru {
  readonly entries: [string, number][] = [];
  readonly evicted: [string, number][] = [];
  readonly max: number;
  constructor(max: number) {
    this.max = max;
  }
  get(key: string): number | undefined {
    const at = this.entries.findIndex(([k]) => k === key);
    if (at === -1) return undefined;
    const [entry] = this.entries.splice(at, 1);
    this.entries.push(entry!);
    return entry![1];
  }
  add(key: string, value: number): void {
    if (this.entries.length === this.max) this.evicted.push(this.entries.shift()!);
    this.entries.push([key, value]);
  }
}

/** A fixed pseudo-random sequence, so a failure can be replayed. */
function* randoms(seed: number): Generator<number> {
  let x = seed;
  for (;;) {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    yield x / 2 ** 31;
  }
}

describe('Lru (the correlator caches)', () => {
  it('evicts the least recently used key; get and add both count as use', () => {
    const evicted: string[] = [];
    const lru = new Lru<number>(2, (value, key) => evicted.push(`${key}=${String(value)}`));
    lru.add('a', 1);
    lru.add('b', 2);
    expect(lru.get('a')).toBe(1);
    lru.add('c', 3);
    expect(evicted).toEqual(['b=2']);
    expect(lru.get('a')).toBe(1);
    lru.add('d', 4);
    expect(evicted).toEqual(['b=2', 'c=3']);
    expect([lru.get('a'), lru.get('b'), lru.get('c'), lru.get('d'), lru.size]).toEqual([1, undefined, undefined, 4, 2]);
  });

  it('keeps one entry with max 1', () => {
    const lru = new Lru<number>(1);
    lru.add('a', 1);
    lru.add('b', 2);
    expect([lru.get('a'), lru.get('b'), lru.size]).toEqual([undefined, 2, 1]);
  });

  it.each([1, 2, 3, 7, 16])('agrees with a plain model over 5000 random gets and adds after a miss (max %i)', (max) => {
    const evicted: [string, number][] = [];
    const lru = new Lru<number>(max, (value, key) => evicted.push([key, value]));
    const model = new ModelLru(max);
    const random = randoms(max);
    for (let i = 0; i < 5000; i++) {
      const key = `k${String(Math.floor(random.next().value! * (max * 2 + 1)))}`;
      if (random.next().value! < 0.5) expect(lru.get(key)).toBe(model.get(key));
      else if (lru.get(key) === undefined) {
        expect(model.get(key)).toBeUndefined();
        lru.add(key, i);
        model.add(key, i);
      } else {
        expect(model.get(key)).toBeDefined();
      }
      expect(lru.size).toBe(model.entries.length);
    }
    expect(evicted).toEqual(model.evicted);
    for (const [key, value] of [...model.entries]) expect(lru.get(key)).toBe(value);
  });
});
