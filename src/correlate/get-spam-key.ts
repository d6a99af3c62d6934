import type { CoreV1Event } from '../meta/index.js';
import { sourceObjectKey, keyPart } from './internal/key-parts.js';

/**
 * The spam filter's default key (client-go's `getSpamKey`): source component and host, involved object kind,
 * namespace, name, uid and apiVersion, and type. There is no fieldPath, reason or message in it, so every event of
 * one type about one object, whatever it says, draws on the same token bucket.
 *
 * Each field is written as `<length>:<text>` (client-go joins them with no separator, which can collide).
 *
 * @param event - the event
 * @returns the spam key
 * @example
 * ```ts
 * import { getSpamKey } from 'rx-kube-events';
 * getSpamKey(event); // '13:my-controller6:node-13:Pod2:ns5:web-05:uid-12:v16:Normal'
 * ```
 */
export function getSpamKey(event: CoreV1Event): string {
  return sourceObjectKey(event) + keyPart(event.type);
}
