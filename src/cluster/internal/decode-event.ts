import type { ClusterEvent, EventsApiVersion } from '../types.js';
import { isRecord } from '../../meta/internal/is-record.js';

const topTimes = [
  'firstTimestamp',
  'lastTimestamp',
  'eventTime',
  'deprecatedFirstTimestamp',
  'deprecatedLastTimestamp',
];
const metaTimes = ['creationTimestamp', 'deletionTimestamp'];

/** A plain copy without `null`/`undefined` members (Go's zero times), with the named members turned into `Date`s. */
function plain(value: Record<string, unknown>, times: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (member === null || member === undefined) continue;
    if (times.includes(key) && (typeof member === 'string' || member instanceof Date)) {
      const date = new Date(member);
      if (!Number.isNaN(date.getTime())) out[key] = date;
    } else {
      out[key] = member;
    }
  }
  return out;
}

/**
 * One Event in the shape the package emits, whichever way it arrived: a client-node model from a list (some times
 * `Date`s, `MicroTime`s as strings) or raw JSON from a watch (every time a string). Times become `Date`s, Go's `null`
 * zero values are left out, `kind` and `apiVersion` are set (list items come without them).
 *
 * @returns undefined when the value is not an object with `metadata.name`
 */
export function decodeEvent(api: EventsApiVersion, value: unknown): ClusterEvent | undefined {
  if (!isRecord(value) || !isRecord(value['metadata']) || typeof value['metadata']['name'] !== 'string') {
    return undefined;
  }
  const event = plain(value, topTimes);
  event['metadata'] = plain(value['metadata'], metaTimes);
  if (isRecord(value['series'])) event['series'] = plain(value['series'], ['lastObservedTime']);
  event['kind'] = 'Event';
  event['apiVersion'] = api;
  return event as unknown as ClusterEvent;
}
