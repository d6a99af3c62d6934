import type { ObjectReference } from '../types.js';

/** `Pod shop/web-0`, for diagnostics. */
export function describeReference(ref: ObjectReference): string {
  const { kind = 'object', namespace, name = '' } = ref;
  return `${kind} ${namespace === undefined ? name : `${namespace}/${name}`}`;
}
