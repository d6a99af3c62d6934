import { describe, expect, it } from 'vitest';
import { Lru, hashField, hashSeed } from '../../src/correlate/internal/lru.js';

type Hash = (key: string) => number;
const fnv: Hash = (key) => hashField(hashSeed, key);

/** The cache with string keys of one value, each with its key in the value so evictions can be told apart. */
class TextLru {
  readonly #lru: Lru<[string, number]>;
  readonly #hash: Hash;
  constructor(max: number, onEvict?: (value: number, key: string) => void, hash: Hash = fnv) {
    this.#lru = new Lru(max, 1, (entry) => onEvict?.(entry[1], entry[0]));
    this.#hash = hash;
  }
  get size(): number {
    return this.#lru.size;
  }
  get(key: string): number | undefined {
    return this.#lru.get([key], this.#hash(key))?.[1];
  }
  add(key: string, value: number): void {
    this.#lru.add([key], this.#hash(key), [key, value]);
  }
}

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
    const lru = new TextLru(2, (value, key) => evicted.push(`${key}=${String(value)}`));
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

  it('peeks and searches without counting it as use: the one looked at is still the first evicted', () => {
    const evicted: string[] = [];
    const lru = new Lru<number>(3, 1, (value) => evicted.push(String(value)));
    for (const [i, key] of ['a', 'b', 'c'].entries()) lru.add([key], fnv(key), i);
    expect(lru.peek(['a'], fnv('a'))).toBe(0);
    expect(lru.peek(['z'], fnv('z'))).toBeUndefined();
    expect(lru.search((value) => value < 2)).toBe(1);
    expect(lru.search((value) => value > 5)).toBeUndefined();
    lru.add(['d'], fnv('d'), 3);
    lru.add(['e'], fnv('e'), 4);
    expect(evicted).toEqual(['0', '1']);
  });

  it('keeps one entry with max 1', () => {
    const lru = new TextLru(1);
    lru.add('a', 1);
    lru.add('b', 2);
    expect([lru.get('a'), lru.get('b'), lru.size]).toEqual([undefined, 2, 1]);
  });

  const hashes: [string, Hash][] = [
    ['its hash', fnv],
    ['three hashes between all keys (long probe runs, deletions that shift)', (key) => key.length % 3],
    ['one hash for all keys', () => 7],
  ];
  const cases = [1, 2, 3, 7, 16, 100].flatMap((max) => hashes.map(([name, hash]) => [max, name, hash] as const));
  it.each(cases)(
    'agrees with a plain model over 5000 random gets and adds after a miss (max %i, %s)',
    (max, _, hash) => {
      const evicted: [string, number][] = [];
      const lru = new TextLru(max, (value, key) => evicted.push([key, value]), hash);
      const model = new ModelLru(max);
      const random = randoms(max);
      for (let i = 0; i < 5000; i++) {
        const n = Math.floor(random.next().value! * (max * 2 + 1));
        const key = `k${String(n)}${'_'.repeat(n % 4)}`;
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
    },
  );
});

describe('Lru keys of several values', () => {
  const hash = (key: readonly unknown[]): number =>
    key.reduce<number>((h, field) => hashField(h, String(field)), hashSeed);

  it('finds a key only when every value is the same (===), in its place', () => {
    const lru = new Lru<number>(8, 3);
    const keys: unknown[][] = [
      ['a', 'b', 'c'],
      ['a', 'c', 'b'],
      ['ab', 'c', ''],
      ['a', 'bc', ''],
      [1, 'b', 'c'],
    ];
    for (const [i, key] of keys.entries()) {
      expect(lru.get(key, hash(key))).toBeUndefined();
      lru.add(key, hash(key), i);
    }
    for (const [i, key] of keys.entries()) expect(lru.get([...key], hash(key))).toBe(i);
    expect(lru.get(['a', 'b', 'c'], hash(['a', 'b', 'c']) + 1)).toBeUndefined();
  });

  it('copies the key it is given, so a caller can write the next key into the same array', () => {
    const lru = new Lru<number>(4, 2);
    const scratch: unknown[] = ['a', 'b'];
    lru.add(scratch, hash(scratch), 1);
    scratch[1] = 'c';
    lru.add(scratch, hash(scratch), 2);
    expect([lru.get(['a', 'b'], hash(['a', 'b'])), lru.get(['a', 'c'], hash(['a', 'c']))]).toEqual([1, 2]);
  });

  it('hashes fields apart where concatenation would not', () => {
    expect(hash(['ab', 'c'])).not.toBe(hash(['a', 'bc']));
    expect(hashField(hashSeed, '')).not.toBe(hashSeed);
  });
});
