import type { CoreV1Event } from '../../meta/index.js';

/**
 * The fields every default key starts with: source component and host, then the involved object's kind, namespace,
 * name, uid and apiVersion (no fieldPath). An unset field is `""`, as Go's zero value, so unset and empty agree.
 * A fresh array, so callers push their own fields onto it.
 */
export function sourceObjectFields(event: CoreV1Event): string[] {
  const { source, involvedObject: object } = event;
  return [
    source?.component ?? '',
    source?.host ?? '',
    object.kind ?? '',
    object.namespace ?? '',
    object.name ?? '',
    object.uid ?? '',
    object.apiVersion ?? '',
  ];
}
