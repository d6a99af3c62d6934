// Wire shapes and constants
export { EventType } from './types.js';
export type {
  CoreV1Event,
  EventsV1Event,
  EventSeries,
  EventSource,
  KubernetesObject,
  ManagedFieldsEntry,
  ObjectMeta,
  ObjectReference,
  OwnerReference,
} from './types.js';

// References
export { getReference, getPartialReference, isObjectReference } from './get-reference.js';
export { ObjectReferenceError } from './object-reference-error.js';
export type { MissingReferenceField } from './object-reference-error.js';

// Validation
export { isEventType } from './is-event-type.js';
export { isDnsLabel, isDnsSubdomain, isQualifiedName } from './names.js';
export { eventFieldLimits, limitEventFields } from './limit-event-fields.js';
export type { TruncatedField } from './limit-event-fields.js';
export { truncateUtf8 } from './truncate-utf8.js';

// Names and times
export { generateEventName, uniqueUnixNanos } from './generate-event-name.js';
export { formatKubeTime, formatMicroTime, parseKubeTime } from './kube-time.js';
