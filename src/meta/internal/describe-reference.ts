import { show } from './show.js';
import type { ObjectReference } from '../types.js';

/** `Pod shop/web-0`, for diagnostics. */
export function describeReference(ref: ObjectReference): string {
  const { kind = 'object', namespace, name = '' } = ref;
  return `${kind} ${namespace === undefined ? name : `${namespace}/${name}`}`;
}

/**
 * `event 'BackOff' about Pod shop/web-0`, for the recorders' refusals only: inspecting the reason on every call would
 * cost more than recording.
 */
export function describeEventAbout(reason: unknown, ref: ObjectReference): string {
  return `event ${show(reason)} about ${describeReference(ref)}`;
}
