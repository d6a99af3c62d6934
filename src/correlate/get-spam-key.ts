import type { CoreV1Event } from '../meta/index.js';
import { LastKey } from './internal/json-key.js';

const last = new LastKey(1);

/**
 * The spam filter's default key (client-go's `getSpamKey`): source component and host, involved object kind,
 * namespace, name, uid and apiVersion, and type. There is no fieldPath, reason or message in it, so every event of
 * one type about one object, whatever it says, draws on the same token bucket.
 *
 * The fields are joined as a JSON array (client-go joins them with no separator, which can collide).
 *
 * @param event - the event
 * @returns the spam key
 * @example
 * ```ts
 * import { getSpamKey } from 'rx-kube-events';
 * getSpamKey(event); // '["my-controller","node-1","Pod","ns","web-0","uid-1","v1","Normal"]'
 * ```
 */
export function getSpamKey(event: CoreV1Event): string {
  return last.of(event, event.type);
}
