import { describe, expect, it } from 'vitest';
import { RingQueue } from '../../../src/watch/internal/ring-queue.js';

describe('RingQueue', () => {
  it('is empty at first', () => {
    const queue = new RingQueue<number>();
    expect(queue.length).toBe(0);
    expect(queue.shift()).toBeUndefined();
    expect(queue.peek()).toBeUndefined();
  });

  it('keeps FIFO order across wrap-around and growth', () => {
    const queue = new RingQueue<number>();
    const out: number[] = [];
    let next = 0;
    // Push 3, take 2, repeatedly: the head walks round the buffer while it grows past its first capacity.
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 3; i++) queue.push(next++);
      for (let i = 0; i < 2; i++) out.push(queue.shift() ?? -1);
    }
    expect(queue.length).toBe(50);
    expect(queue.peek()).toBe(100);
    while (queue.length > 0) out.push(queue.shift() ?? -1);
    expect(out).toEqual([...Array(150).keys()]);
  });

  it('clear() empties it and returns how many items it held', () => {
    const queue = new RingQueue<string>();
    for (const item of ['a', 'b', 'c']) queue.push(item);
    queue.shift();
    expect(queue.clear()).toBe(2);
    expect(queue.length).toBe(0);
    queue.push('d');
    expect(queue.shift()).toBe('d');
  });
});
