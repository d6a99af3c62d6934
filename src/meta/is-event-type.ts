import { EventType } from './types.js';

/**
 * Tells whether `type` is one of the two event types the API accepts: exactly `'Normal'` or `'Warning'`
 * (case-sensitive, as client-go's `ValidateEventType`).
 *
 * @param type - the value to check
 * @returns `true` for `'Normal'` and `'Warning'`
 * @example
 * ```ts
 * import { isEventType } from 'rx-kube-events';
 * isEventType('Warning'); // true
 * isEventType('warning'); // false
 * ```
 */
export function isEventType(type: unknown): type is EventType {
  return type === EventType.Normal || type === EventType.Warning;
}
