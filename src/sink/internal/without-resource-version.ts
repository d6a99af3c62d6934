import type { ObjectMeta } from '../../meta/types.js';

/**
 * A copy of `event` to create, with `metadata.resourceVersion` cleared as the API requires for a POST; the input is
 * never mutated, since the correlator and other watchers may hold the same object.
 */
export function withoutResourceVersion<E extends { readonly metadata: ObjectMeta }>(event: E): E {
  const metadata = { ...event.metadata };
  delete metadata.resourceVersion;
  return { ...event, metadata };
}
