import type { SchedulerLike } from 'rxjs';
import type { KubernetesObject, ObjectReference } from '../../src/meta/index.js';
import type { EventBroadcaster, RecordDiagnostic } from '../../src/record/index.js';

export { deferred, flushMicrotasks, record, settleAfter, testScheduler } from '../watch/helpers.js';
export type { Deferred } from '../watch/helpers.js';

export const pod: KubernetesObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-0', namespace: 'shop', uid: 'uid-1', resourceVersion: '42' },
};

/** The reference `getReference(pod)` makes. */
export const podReference: ObjectReference = {
  kind: 'Pod',
  apiVersion: 'v1',
  name: 'web-0',
  namespace: 'shop',
  uid: 'uid-1',
  resourceVersion: '42',
};

/** A value `util.format` cannot turn into a string: its `toString` throws `new Error(message)`. */
export function unprintable(message: string): object {
  return {
    toString(): string {
      throw new Error(message);
    },
  };
}

// Event names must be unique in the process (uniqueUnixNanos raises a time already used), so every clock starts
// 30 days after the previous one: a test's names then come from its own virtual time, whatever ran before it.
let nextStart = Date.UTC(2100, 0, 1);

/**
 * A clock reading `scheduler`'s virtual time from a fresh start (its `startMs`), scheduling on `scheduler`.
 */
export function freshClock(scheduler: SchedulerLike): SchedulerLike & { readonly startMs: number } {
  const startMs = nextStart;
  nextStart += 30 * 24 * 3600 * 1000;
  return {
    startMs,
    now: () => startMs + scheduler.now(),
    schedule: scheduler.schedule.bind(scheduler),
  };
}

/** The name client-go gives an event about `name` at `ms` (when that time was not used before). */
export function nameAt(name: string, ms: number): string {
  return `${name}.${(BigInt(ms) * 1_000_000n).toString(16)}`;
}

/** Collects the diagnostics of `broadcaster`. */
export function diagnosticsOf(broadcaster: EventBroadcaster): RecordDiagnostic[] {
  const diagnostics: RecordDiagnostic[] = [];
  broadcaster.diagnostics$.subscribe((diagnostic) => diagnostics.push(diagnostic));
  return diagnostics;
}
