/**
 * A growable FIFO on a power-of-two ring buffer.
 *
 * The broadcaster's queues (incoming actions, each watcher's backlog, `action()` waiters) see one push and one
 * shift per event; `Array.prototype.shift` is O(n) and an RxJS `ReplaySubject` trims with `splice`, so neither
 * fits the hot path. Slots are cleared on shift so a delivered event is not kept alive by the buffer.
 */
export class RingQueue<T> {
  private items: (T | undefined)[] = new Array<T | undefined>(8).fill(undefined);
  private head = 0;
  private size = 0;

  get length(): number {
    return this.size;
  }

  push(item: T): void {
    if (this.size === this.items.length) this.grow();
    this.items[(this.head + this.size) & (this.items.length - 1)] = item;
    this.size++;
  }

  /** Removes and returns the oldest item, or `undefined` when empty. */
  shift(): T | undefined {
    if (this.size === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & (this.items.length - 1);
    this.size--;
    return item;
  }

  /** The oldest item without removing it, or `undefined` when empty. */
  peek(): T | undefined {
    return this.size === 0 ? undefined : this.items[this.head];
  }

  /** Empties the queue and returns how many items it held. */
  clear(): number {
    const cleared = this.size;
    this.items.fill(undefined);
    this.head = 0;
    this.size = 0;
    return cleared;
  }

  private grow(): void {
    const old = this.items;
    const mask = old.length - 1;
    const items = new Array<T | undefined>(old.length * 2).fill(undefined);
    for (let i = 0; i < this.size; i++) items[i] = old[(this.head + i) & mask];
    this.items = items;
    this.head = 0;
  }
}
