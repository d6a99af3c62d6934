/**
 * A least-recently-used cache of at most `max` entries, made for the correlator's three caches: `get` and `add` both
 * count as use, and adding a key to a full cache evicts the least recently used one (handed to `onEvict`).
 *
 * A key is a tuple of `arity` values compared with `===`: the fields of an event that a default key is made of (see
 * `CacheKey`), so the cache never builds the key's text, or a single key string. The caller hashes the tuple
 * ({@link hashField}); entries are found through an open-addressing table of slots (linear probing, deletion by
 * backward shift), with no `Map` and nothing allocated per entry but the caller's value.
 *
 * Entries live in slots: a flat array of key fields, parallel arrays of hashes, values and the two links of a doubly
 * linked list in order of use. A full cache reuses the evicted entry's slot. Slots and the table grow on demand
 * (doubling), so a large `max` costs nothing until it is used.
 */
export class Lru<V> {
  readonly #max: number;
  readonly #arity: number;
  readonly #onEvict: ((value: V) => void) | undefined;
  /** Slot `s` holds key fields `#keys[s * arity …]`. */
  readonly #keys: unknown[] = [];
  readonly #values: V[] = [];
  #size = 0;
  #hashes: Int32Array;
  /** The slot used next before / after each slot, or -1 at the ends. */
  #older: Int32Array;
  #newer: Int32Array;
  #oldest = -1;
  #newest = -1;
  /**
   * Open addressing: each cell holds a slot + 1, or 0 when empty; a power of two, at most a quarter full, for short
   * probe runs.
   */
  #table: Int32Array;

  /**
   * @param max - the most entries kept, a positive integer (checked by the caller's options)
   * @param arity - how many values make a key
   * @param onEvict - called with each value evicted to make room
   */
  constructor(max: number, arity: number, onEvict?: (value: V) => void) {
    this.#max = max;
    this.#arity = arity;
    this.#onEvict = onEvict;
    const slots = Math.min(max, 16);
    this.#hashes = new Int32Array(slots);
    this.#older = new Int32Array(slots);
    this.#newer = new Int32Array(slots);
    this.#table = new Int32Array(cellsFor(slots));
  }

  /** Entries held. */
  get size(): number {
    return this.#size;
  }

  /**
   * The value of a key, which becomes the most recently used; `undefined` when absent.
   *
   * @param key - the key's values, from index 0 (`arity` of them)
   * @param hash - the key's hash, from {@link hashField}
   */
  get(key: ArrayLike<unknown>, hash: number): V | undefined {
    const slot = this.#find(key, hash);
    if (slot === -1) return undefined;
    this.#use(slot);
    return this.#values[slot];
  }

  /** The value of a key, left where it is in the order of use; `undefined` when absent. */
  peek(key: ArrayLike<unknown>, hash: number): V | undefined {
    const slot = this.#find(key, hash);
    return slot === -1 ? undefined : this.#values[slot];
  }

  /**
   * The most recently used value that `test` accepts, left where it is in the order of use: a walk over every entry,
   * for what a lookup by key cannot find.
   */
  search(test: (value: V) => boolean): V | undefined {
    for (let slot = this.#newest; slot !== -1; slot = this.#older[slot] ?? -1) {
      const value = this.#values[slot] as V;
      if (test(value)) return value;
    }
    return undefined;
  }

  /**
   * Adds a key, which must be absent (a `get` of it has just missed), as the most recently used, evicting the least
   * recently used when full. There is no `set`: each cache changes a value it found in place, so a miss needs one
   * lookup, not two.
   *
   * @param key - the key's values (copied), as given to `get`
   * @param hash - the key's hash, as given to `get`
   * @param value - the entry's value
   */
  add(key: ArrayLike<unknown>, hash: number, value: V): void {
    let slot: number;
    let evicted: V | undefined;
    if (this.#size < this.#max) {
      slot = this.#size++;
      if (slot === this.#hashes.length) this.#grow();
      this.#older[slot] = this.#newest;
      this.#link(slot);
    } else {
      slot = this.#oldest;
      evicted = this.#values[slot];
      this.#unindex(slot);
      this.#use(slot);
    }
    const keys = this.#keys;
    const arity = this.#arity;
    for (let i = 0, at = slot * arity; i < arity; i++, at++) keys[at] = key[i];
    this.#hashes[slot] = hash;
    this.#values[slot] = value;
    this.#index(slot, hash);
    if (evicted !== undefined) this.#onEvict?.(evicted);
  }

  /** The slot holding `key`, or -1. */
  #find(key: ArrayLike<unknown>, hash: number): number {
    const table = this.#table;
    const mask = table.length - 1;
    const hashes = this.#hashes;
    const keys = this.#keys;
    const arity = this.#arity;
    for (let cell = spread(hash) & mask; ; cell = (cell + 1) & mask) {
      const slot = (table[cell] ?? 0) - 1;
      if (slot === -1) return -1;
      if (hashes[slot] === hash && sameKey(keys, slot * arity, key, arity)) return slot;
    }
  }

  /** Puts `slot` in the table, at the first empty cell from its hash's. */
  #index(slot: number, hash: number): void {
    const table = this.#table;
    const mask = table.length - 1;
    let cell = spread(hash) & mask;
    while (table[cell] !== 0) cell = (cell + 1) & mask;
    table[cell] = slot + 1;
  }

  /**
   * Takes `slot` out of the table, moving back each later entry of the run that would no longer be found past the
   * emptied cell (deletion by backward shift: no tombstones, so lookups never slow down).
   */
  #unindex(slot: number): void {
    const table = this.#table;
    const mask = table.length - 1;
    let empty = spread(this.#hashes[slot] ?? 0) & mask;
    while (table[empty] !== slot + 1) empty = (empty + 1) & mask;
    for (let cell = (empty + 1) & mask; table[cell] !== 0; cell = (cell + 1) & mask) {
      const home = spread(this.#hashes[(table[cell] ?? 0) - 1] ?? 0) & mask;
      // The entry at `cell` may move to `empty` when its home is not in the cyclic range (empty, cell].
      if (empty <= cell ? home <= empty || home > cell : home <= empty && home > cell) {
        table[empty] = table[cell] ?? 0;
        empty = cell;
      }
    }
    table[empty] = 0;
  }

  /** Moves `slot` to the newest end of the list. */
  #use(slot: number): void {
    if (slot === this.#newest) return;
    const older = this.#older[slot] ?? -1;
    const newer = this.#newer[slot] ?? -1;
    // Not the newest, so `newer` is a slot; `older` is -1 when it is the oldest.
    this.#older[newer] = older;
    if (older === -1) this.#oldest = newer;
    else this.#newer[older] = newer;
    this.#older[slot] = this.#newest;
    this.#link(slot);
  }

  /** Doubles the room for slots, up to `max`, and the table with it (every entry indexed anew). */
  #grow(): void {
    const size = Math.min(this.#max, this.#hashes.length * 2);
    this.#hashes = resized(this.#hashes, size);
    this.#older = resized(this.#older, size);
    this.#newer = resized(this.#newer, size);
    this.#table = new Int32Array(cellsFor(size));
    for (let slot = 0; slot < this.#size - 1; slot++) this.#index(slot, this.#hashes[slot] ?? 0);
  }

  /** Puts `slot`, whose older link is already the current newest, at the newest end. */
  #link(slot: number): void {
    this.#newer[slot] = -1;
    if (this.#newest === -1) this.#oldest = slot;
    else this.#newer[this.#newest] = slot;
    this.#newest = slot;
  }
}

/**
 * The hash every key starts from: drawn once per process, so which keys share a cell differs from run to run (as
 * V8 seeds its own string hashes).
 */
export const hashSeed = (Math.random() * 0x1_0000_0000) | 0;

/**
 * `hash` extended by one key field: FNV-1a over its UTF-16 code units, then a separator, so `("ab", "c")` and
 * `("a", "bc")` hash apart. Start from {@link hashSeed}.
 */
export function hashField(hash: number, field: string): number {
  let h = hash;
  for (let i = 0; i < field.length; i++) h = hashUnit(h, field.charCodeAt(i));
  return endField(h);
}

/** `hash` extended by one UTF-16 code unit of a field ({@link hashField} is these, then {@link endField}). */
export function hashUnit(hash: number, unit: number): number {
  return Math.imul(hash ^ unit, 0x0100_0193);
}

/** `hash` closed after the last unit of a field: the separator. */
export function endField(hash: number): number {
  return Math.imul(hash ^ 0x1_0000, 0x0100_0193);
}

/** A hash with its high bits folded into the low ones the table's mask keeps. */
function spread(hash: number): number {
  return hash ^ (hash >>> 15);
}

function sameKey(keys: readonly unknown[], at: number, key: ArrayLike<unknown>, arity: number): boolean {
  for (let i = 0; i < arity; i++) if (keys[at + i] !== key[i]) return false;
  return true;
}

/** Cells for `slots` entries: the power of two at least four times as many (16 384 cells, 64 KiB, for 4096). */
function cellsFor(slots: number): number {
  let cells = 2;
  while (cells < slots * 4) cells *= 2;
  return cells;
}

function resized(array: Int32Array, size: number): Int32Array {
  const copy = new Int32Array(size);
  copy.set(array);
  return copy;
}
