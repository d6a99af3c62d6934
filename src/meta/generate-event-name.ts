import { eventName } from './internal/event-name.js';
import { eventNanos } from './internal/unique-nanos.js';

/**
 * Turns a millisecond timestamp into Unix nanoseconds that are unique within this process.
 *
 * JavaScript clocks tick in milliseconds, and virtual time stands still, so many events for one object can share a
 * millisecond. Go names events after a nanosecond clock; two events with the same name would make the second create
 * fail as AlreadyExists and the event would be lost. So the result is `ms × 10⁶`, raised past the last value handed
 * out when needed: strictly increasing across calls, and equal to `ms × 10⁶` whenever the clock has moved on.
 *
 * @param ms - milliseconds since the Unix epoch (e.g. `scheduler.now()`)
 * @returns nanoseconds since the Unix epoch, unique in this process
 * @throws RangeError when `ms` is `NaN` or infinite (it has no integer part)
 * @example
 * ```ts
 * import { uniqueUnixNanos } from 'rx-kube-events';
 * uniqueUnixNanos(1_672_574_400_000); // 1672574400000000000n, then …001n for the same ms
 * ```
 */
export function uniqueUnixNanos(ms: number): bigint {
  return eventNanos.next(ms);
}

/**
 * Names an event after its object and time, as client-go's `GenerateEventName`: `<object name>.<hex unix nanos>`
 * (lower-case hex). When that is not a valid object name (an empty, upper-case, `:`-containing or over-long object
 * name) it is a random UUID instead.
 *
 * @param refName - the name of the object the event is about
 * @param unixNanos - the event time in Unix nanoseconds (see {@link uniqueUnixNanos})
 * @returns a DNS-subdomain event name
 * @example
 * ```ts
 * import { generateEventName } from 'rx-kube-events';
 * generateEventName('test-pod', 105999103295324396n); // 'test-pod.178959f726d80ec'
 * ```
 */
export function generateEventName(refName: string, unixNanos: bigint): string {
  return eventName(refName, unixNanos.toString(16));
}
