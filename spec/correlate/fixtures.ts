import { expect } from 'vitest';
import { VirtualTimeScheduler } from 'rxjs';
import type { SchedulerLike } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { CoreV1Event } from '../../src/meta/index.js';
import type { CorrelateResult } from '../../src/correlate/index.js';

/** An event as the recorder makes it: pod `web-0` in `ns`, from `kubelet` on `node-1`, Normal, count 1. */
export function podEvent(overrides: Partial<CoreV1Event> = {}): CoreV1Event {
  return {
    metadata: { name: 'web-0.17362d8e1c698000', namespace: 'ns' },
    involvedObject: { kind: 'Pod', namespace: 'ns', name: 'web-0', uid: 'uid-1', apiVersion: 'v1' },
    reason: 'BackOff',
    message: 'Back-off restarting failed container',
    source: { component: 'kubelet', host: 'node-1' },
    reportingComponent: 'kubelet',
    reportingInstance: 'node-1',
    type: 'Normal',
    count: 1,
    firstTimestamp: new Date('2023-01-01T12:00:00Z'),
    lastTimestamp: new Date('2023-01-01T12:00:00Z'),
    ...overrides,
  };
}

/** The same event with another message. */
export function saying(message: string): CoreV1Event {
  return podEvent({ message });
}

/** A result in one word: `create`/`patch`/`skip`, the count and the message (`agg:` for an aggregate message). */
export function brief({ event, patch, skip }: Omit<CorrelateResult, 'key'>): string {
  const kind = skip ? 'skip' : patch === undefined ? 'create' : 'patch';
  const message = (event.message ?? '').replace('(combined from similar events): ', 'agg:');
  return `${kind} ${event.count ?? 0} ${message}`;
}

export function testScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => {
    expect(actual).toEqual(expected);
  });
}

/** A deep copy, to check later that the original was not mutated. */
export function snapshot<T>(value: T): T {
  return structuredClone(value);
}

/** A virtual clock standing at `ms`; move it by setting `frame`. */
export function clockAt(ms: number): VirtualTimeScheduler {
  const scheduler = new VirtualTimeScheduler();
  scheduler.frame = ms;
  return scheduler;
}

/** A virtual clock at 0 that counts how often it is read. */
export function countingClock(): { scheduler: SchedulerLike; reads: () => number } {
  const clock = clockAt(0);
  let reads = 0;
  const scheduler: SchedulerLike = {
    now: () => {
      reads++;
      return clock.now();
    },
    schedule: clock.schedule.bind(clock),
  };
  return { scheduler, reads: () => reads };
}
