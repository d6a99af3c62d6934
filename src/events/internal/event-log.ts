import { goQuote } from '../../meta/internal/go-quote.js';
import type { EventsV1Event } from '../../meta/types.js';

/** The fields client-go's `tools/events` `StartLogging` logs with "Event occurred". */
export interface EventsV1LogFields {
  /** klog's `KRef` of `regarding`: `namespace/name`, or `name` when there is no namespace. */
  readonly object: string;
  readonly kind: string;
  readonly apiVersion: string;
  readonly type: string;
  readonly reason: string;
  readonly action: string;
  readonly note: string;
}

/** The "Event occurred" fields of `event` (empty strings when absent, as Go's zero strings). */
export function eventsV1LogFields(event: EventsV1Event): EventsV1LogFields {
  const { regarding = {}, type = '', reason = '', action = '', note = '' } = event;
  const { name = '', namespace = '', kind = '', apiVersion = '' } = regarding;
  return { object: namespace === '' ? name : `${namespace}/${name}`, kind, apiVersion, type, reason, action, note };
}

/**
 * The "Event occurred" line as klog's text format writes client-go's structured call, after its header:
 * `"Event occurred" object="shop/web-0" kind="Pod" apiVersion="v1" type="Warning" reason="BackOff" action="Pull"
 * note="…"`, every value quoted as Go's `%q`.
 */
export function formatEventsV1Line(event: EventsV1Event): string {
  const fields: Readonly<Record<string, string>> = { ...eventsV1LogFields(event) };
  const pairs = Object.entries(fields).map(([key, value]) => `${key}=${goQuote(value)}`);
  return `"Event occurred" ${pairs.join(' ')}`;
}
