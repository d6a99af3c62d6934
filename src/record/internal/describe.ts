import type { CoreV1Event, ObjectReference } from '../../meta/types.js';

/** `Pod shop/web-0`, for diagnostics. */
export function describeReference(ref: ObjectReference): string {
  const { kind = 'object', namespace, name = '' } = ref;
  return `${kind} ${namespace === undefined ? name : `${namespace}/${name}`}`;
}

/** `Warning/BackOff about Pod shop/web-0`, for diagnostics. */
export function describeEvent(event: CoreV1Event): string {
  return `${event.type ?? ''}/${event.reason ?? ''} about ${describeReference(event.involvedObject)}`;
}
