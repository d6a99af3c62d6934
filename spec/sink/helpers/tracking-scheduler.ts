import type { SchedulerAction, SchedulerLike, Subscription } from 'rxjs';

/** Wraps a scheduler and remembers every action scheduled through it, to tell whether any is still pending. */
export class TrackingScheduler implements SchedulerLike {
  private readonly inner: SchedulerLike;
  private readonly scheduled: Subscription[] = [];

  constructor(inner: SchedulerLike) {
    this.inner = inner;
  }

  now(): number {
    return this.inner.now();
  }

  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay?: number, state?: T): Subscription {
    const action = this.inner.schedule(work, delay, state);
    this.scheduled.push(action);
    return action;
  }

  /** Actions scheduled and neither run to the end nor cancelled. */
  get pending(): number {
    return this.scheduled.filter((action) => !action.closed).length;
  }

  /** Actions ever scheduled. */
  get total(): number {
    return this.scheduled.length;
  }
}
