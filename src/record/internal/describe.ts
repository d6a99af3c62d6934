import { describeReference } from '../../meta/internal/describe-reference.js';
import type { CoreV1Event } from '../../meta/types.js';

/** `Warning/BackOff about Pod shop/web-0`, for diagnostics. */
export function describeEvent(event: CoreV1Event): string {
  return `${event.type ?? ''}/${event.reason ?? ''} about ${describeReference(event.involvedObject)}`;
}
