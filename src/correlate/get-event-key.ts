import type { CoreV1Event } from '../meta/index.js';
import { keyPart, sourceObjectKey } from './internal/key-parts.js';

/**
 * The key the dedup stage counts an event under (client-go's `getEventKey`): source component and host, involved
 * object kind, namespace, name, uid, apiVersion and fieldPath, then type, reason and message.
 *
 * client-go joins these with no separator, so `("ab", "c")` and `("a", "bc")` collide; here each field is written as
 * `<length>:<text>` (an unset field is `""`, as Go's zero value), which cannot collide and reads well in logs.
 * `resourceVersion` and annotations are in no key.
 *
 * @param event - the event
 * @returns the event key
 * @example
 * ```ts
 * import { getEventKey } from 'rx-kube-events';
 * getEventKey(event); // '13:my-controller6:node-13:Pod2:ns5:web-05:uid-12:v10:6:Normal7:Started7:Started'
 * ```
 */
export function getEventKey(event: CoreV1Event): string {
  return (
    sourceObjectKey(event) +
    keyPart(event.involvedObject.fieldPath) +
    keyPart(event.type) +
    keyPart(event.reason) +
    keyPart(event.message)
  );
}
