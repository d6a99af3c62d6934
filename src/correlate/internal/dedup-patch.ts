import { formatKubeTime } from '../../meta/index.js';
import type { CoreV1Event } from '../../meta/index.js';

/**
 * The strategic-merge patch client-go computes for a duplicate, byte for byte: the two-way diff of the event against
 * a copy with count 0, lastTimestamp 1970 and an empty message leaves exactly these three keys, in alphabetical
 * order, with `message` left out when empty (omitempty). An unset lastTimestamp is Go's zero time, `null` in JSON.
 */
export function dedupPatch(event: CoreV1Event): string {
  const { count = 0, lastTimestamp, message } = event;
  const time = lastTimestamp === undefined ? 'null' : `"${formatKubeTime(lastTimestamp)}"`;
  const text = message === undefined || message === '' ? '' : `,"message":${JSON.stringify(message)}`;
  return `{"count":${count},"lastTimestamp":${time}${text}}`;
}
