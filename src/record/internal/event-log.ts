import type { CoreV1Event } from '../../meta/types.js';
import { formatGoObjectReference } from '../../meta/internal/go-quote.js';

/** client-go's `StartLogging` line: `Event(<%#v of the reference>): type: '<type>' reason: '<reason>' <message>`. */
export function formatEventLine(event: CoreV1Event): string {
  const { involvedObject, type = '', reason = '', message = '' } = event;
  return `Event(${formatGoObjectReference(involvedObject)}): type: '${type}' reason: '${reason}' ${message}`;
}

/** The fields client-go's `StartStructuredLogging` logs with "Event occurred". */
export interface StructuredEventFields {
  /** klog's `KRef`: `namespace/name`, or `name` when there is no namespace. */
  readonly object: string;
  readonly fieldPath: string;
  readonly kind: string;
  readonly apiVersion: string;
  readonly type: string;
  readonly reason: string;
  readonly message: string;
}

export function structuredEventFields(event: CoreV1Event): StructuredEventFields {
  const { involvedObject: ref, type = '', reason = '', message = '' } = event;
  const { name = '', namespace = '' } = ref;
  return {
    object: namespace === '' ? name : `${namespace}/${name}`,
    fieldPath: ref.fieldPath ?? '',
    kind: ref.kind ?? '',
    apiVersion: ref.apiVersion ?? '',
    type,
    reason,
    message,
  };
}
