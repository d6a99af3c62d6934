/**
 * A thenable whose reactions run synchronously when it settles, for sink answers in virtual time.
 *
 * Why not a Promise: inside `TestScheduler.run()` all of virtual time passes in one synchronous `flush()`, so a real
 * Promise settled by an action at virtual time t would only call back after the whole run, and every answer would
 * land at the end. `writeToSink()` consumes a sink's answer through `then` only (an `EventSink` answers
 * `PromiseLike`); a thenable settled by a scheduled action and reacting at once delivers the answer exactly at t, so
 * marbles see real latencies. It is not a Promise: `await` on it still goes through a microtask, and a callback
 * returning a thenable is not adopted.
 */
export class ScheduledAnswer<T> implements PromiseLike<T> {
  private outcome:
    { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: unknown } | undefined;
  private readonly reactions: (() => void)[] = [];

  resolve(value: T): void {
    this.settle({ ok: true, value });
  }

  reject(reason: unknown): void {
    this.settle({ ok: false, reason });
  }

  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): ScheduledAnswer<R1 | R2> {
    const next = new ScheduledAnswer<R1 | R2>();
    const react = (): void => {
      const { outcome } = this;
      try {
        if (outcome?.ok === true) {
          next.resolve(onFulfilled ? (onFulfilled(outcome.value) as R1) : (outcome.value as unknown as R1));
        } else if (onRejected) {
          next.resolve(onRejected(outcome?.reason) as R2);
        } else {
          next.reject(outcome?.reason);
        }
      } catch (error) {
        next.reject(error);
      }
    };
    if (this.outcome === undefined) {
      this.reactions.push(react);
    } else {
      react();
    }
    return next;
  }

  private settle(outcome: NonNullable<ScheduledAnswer<T>['outcome']>): void {
    if (this.outcome !== undefined) {
      return;
    }
    this.outcome = outcome;
    for (const react of this.reactions.splice(0)) {
      react();
    }
  }
}
