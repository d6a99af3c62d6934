import type { CoreV1Event } from '../meta/index.js';
import { LastKey, jsonArray, sourceObjectFields } from './internal/json-key.js';

const last = new LastKey(4);

/**
 * The key the dedup stage counts an event under (client-go's `getEventKey`): source component and host, involved
 * object kind, namespace, name, uid, apiVersion and fieldPath, then type, reason and message.
 *
 * client-go joins these with no separator, so `("ab", "c")` and `("a", "bc")` collide; here the key is the JSON array
 * of the same fields (an unset field is `""`, as Go's zero value), which cannot collide and reads well in logs.
 * `resourceVersion` and annotations are in no key.
 *
 * An event that carries `action` or `related` (core/v1 events made from events.k8s.io/v1-style calls, by
 * `eventsV1RecorderFor`) has them appended, the related object as kind, namespace, name, uid, apiVersion and
 * fieldPath: the dedup patch sends only `count`, `lastTimestamp` and `message`, so a repeat that names another action
 * or related object must be an event of its own rather than counted on one that names the first. Events without
 * either (everything `tools/record` makes) keep exactly the key above.
 *
 * @param event - the event
 * @returns the event key
 * @example
 * ```ts
 * import { getEventKey } from 'rx-kube-events';
 * getEventKey(event); // '["my-controller","node-1","Pod","ns","web-0","uid-1","v1","","Normal","Started","Started"]'
 * ```
 */
export function getEventKey(event: CoreV1Event): string {
  const { involvedObject, type, reason, message, action, related } = event;
  if (action === undefined && related === undefined)
    return last.of(event, involvedObject.fieldPath, type, reason, message);
  const { kind, namespace, name, uid, apiVersion, fieldPath } = related ?? {};
  const own = [
    involvedObject.fieldPath,
    type,
    reason,
    message,
    action,
    kind,
    namespace,
    name,
    uid,
    apiVersion,
    fieldPath,
  ];
  const fields = [...sourceObjectFields(event), ...own];
  return jsonArray(fields, fields.length);
}

/**
 * The key `getEventKey(event)` returns, when it is the one it returned last (nothing is built, nothing thrown for an
 * event without an involved object); otherwise `undefined`. Internal: the dedup log asks whether the key it was
 * given is the event's own.
 */
export function lastEventKey(event: CoreV1Event): string | undefined {
  const { involvedObject, type, reason, message, action, related } = event;
  if (typeof involvedObject !== 'object' || action !== undefined || related !== undefined) return undefined;
  return last.peek(event, involvedObject.fieldPath, type, reason, message);
}
