/**
 * A least-recently-used cache of at most `max` entries, made for the correlator's three caches: `get` and `add` both
 * count as use, and adding a key to a full cache evicts the least recently used one (handed to `onEvict`).
 *
 * Entries live in slots: parallel arrays of keys, values and the two links of a doubly linked list in order of use,
 * and a `Map` from key to slot. A full cache reuses the evicted entry's slot, so a steady stream of new keys allocates
 * nothing but the `Map`'s entry. Slots grow on demand, so a large `max` costs nothing until it is used; the links
 * are `Int32Array`s (4 bytes a link, where an array of small integers takes 8 on 64-bit Node), doubled when full.
 */
export class Lru<V> {
  readonly #max: number;
  readonly #onEvict: ((value: V, key: string) => void) | undefined;
  readonly #slots = new Map<string, number>();
  readonly #keys: string[] = [];
  readonly #values: V[] = [];
  /** The slot used next before / after each slot, or -1 at the ends. */
  #older: Int32Array;
  #newer: Int32Array;
  #oldest = -1;
  #newest = -1;

  /**
   * @param max - the most entries kept, a positive integer (checked by the caller's options)
   * @param onEvict - called with each entry evicted to make room
   */
  constructor(max: number, onEvict?: (value: V, key: string) => void) {
    this.#max = max;
    this.#onEvict = onEvict;
    this.#older = new Int32Array(Math.min(max, 16));
    this.#newer = new Int32Array(this.#older.length);
  }

  /** Entries held. */
  get size(): number {
    return this.#slots.size;
  }

  /** The value of `key`, which becomes the most recently used; `undefined` when absent. */
  get(key: string): V | undefined {
    const slot = this.#slots.get(key);
    if (slot === undefined) return undefined;
    this.#use(slot);
    return this.#values[slot];
  }

  /**
   * Adds `key`, which must be absent (a `get` of it has just missed), as the most recently used, evicting the least
   * recently used when full. There is no `set`: each cache changes a value it found in place, so a miss needs one
   * lookup, not two.
   */
  add(key: string, value: V): void {
    let slot: number;
    if (this.#slots.size < this.#max) {
      slot = this.#keys.length;
      this.#keys.push(key);
      this.#values.push(value);
      if (slot === this.#older.length) this.#grow();
      this.#older[slot] = this.#newest;
      this.#link(slot);
    } else {
      slot = this.#oldest;
      const evictedKey = this.#keys[slot] ?? '';
      const evicted = this.#values[slot] as V;
      this.#slots.delete(evictedKey);
      this.#keys[slot] = key;
      this.#values[slot] = value;
      this.#use(slot);
      this.#onEvict?.(evicted, evictedKey);
    }
    this.#slots.set(key, slot);
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

  /** Doubles the room for links, up to `max`. */
  #grow(): void {
    const size = Math.min(this.#max, this.#older.length * 2);
    const older = new Int32Array(size);
    const newer = new Int32Array(size);
    older.set(this.#older);
    newer.set(this.#newer);
    this.#older = older;
    this.#newer = newer;
  }

  /** Puts `slot`, whose older link is already the current newest, at the newest end. */
  #link(slot: number): void {
    this.#newer[slot] = -1;
    if (this.#newest === -1) this.#oldest = slot;
    else this.#newer[this.#newest] = slot;
    this.#newest = slot;
  }
}
