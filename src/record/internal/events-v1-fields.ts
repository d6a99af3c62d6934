import type { CoreV1Event } from '../../meta/types.js';
import type { CheckedCall } from './check-call.js';

/**
 * `event` with the events.k8s.io/v1 fields of `call` set on it: `action`, `related` (frozen, as the event will be)
 * and `reportingInstance`. The core/v1 Event has all three (the API server converts them to and from
 * events.k8s.io/v1 as they are), so nothing of an events.k8s.io/v1 call is lost on the core/v1 path.
 */
export function withEventsV1Fields(event: CoreV1Event, call: CheckedCall, reportingInstance: string): CoreV1Event {
  const { action, related } = call;
  return {
    ...event,
    ...(action === undefined ? {} : { action }),
    ...(related === undefined ? {} : { related: Object.freeze(related) }),
    reportingInstance,
  };
}
