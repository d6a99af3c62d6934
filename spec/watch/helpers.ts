import type { Observable, SchedulerLike } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { expect } from 'vitest';

export function testScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => {
    expect(actual).toEqual(expected);
  });
}

/**
 * A thenable that settles `ms` after `then()` is called, on `scheduler`: a handler returning it is a consumer that
 * takes `ms` per event in virtual time. It settles with `error` as rejection when one is given.
 */
export function settleAfter(scheduler: SchedulerLike, ms: number, error?: Error): PromiseLike<void> {
  const thenable: PromiseLike<void> = {
    then(onFulfilled, onRejected) {
      scheduler.schedule(() => {
        if (error === undefined) onFulfilled?.();
        else onRejected?.(error);
      }, ms);
      // The broadcaster ignores what then() returns; no test chains on it.
      return thenable as PromiseLike<never>;
    },
  };
  return thenable;
}

/** A promise settled from outside, for a handler whose completion the test controls. */
export interface Deferred {
  readonly promise: Promise<void>;
  resolve(): void;
  reject(error: Error): void;
}

export function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Tracks whether a promise has settled, for asserting that it is still pending. */
export function settledFlag(promise: PromiseLike<unknown>): () => boolean {
  let settled = false;
  const mark = (): void => {
    settled = true;
  };
  promise.then(mark, mark);
  return () => settled;
}

/** Whether a promise is still pending once every queued microtask has run. */
export async function stillPending(promise: PromiseLike<unknown>): Promise<boolean> {
  const settled = settledFlag(promise);
  await flushMicrotasks();
  return !settled();
}

/** Lets every queued microtask (promise callback) run; not a wait on the clock. */
export function flushMicrotasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Subscribes and records values and completion, for the tests where time plays no part. */
export function record<T>(source: Observable<T>): { readonly values: T[]; readonly completed: () => boolean } {
  const values: T[] = [];
  let completed = false;
  source.subscribe({
    next: (value) => values.push(value),
    complete: () => {
      completed = true;
    },
  });
  return { values, completed: () => completed };
}
