import type { JsonValue } from './json.js';

/**
 * The server's internal form of an Event (the Go `core.Event`), whichever API wrote it: every string present (`''` when
 * unset), every time as its canonical wire text or `null`. Both API versions encode from it and decode into it, so
 * core/v1 and events.k8s.io/v1 see one stored object.
 */
export interface EventRecord {
  metadata: MetaRecord;
  involvedObject: RefRecord;
  reason: string;
  message: string;
  source: { component: string; host: string };
  firstTimestamp: string | null;
  lastTimestamp: string | null;
  count: number;
  type: string;
  eventTime: string | null;
  series: SeriesRecord | null;
  action: string;
  related: RefRecord | null;
  reportingController: string;
  reportingInstance: string;
}

/** The `ObjectMeta` fields the fake server keeps. */
export interface MetaRecord {
  name: string;
  generateName: string;
  namespace: string;
  uid: string;
  resourceVersion: string;
  creationTimestamp: string | null;
  labels: Record<string, string> | null;
  annotations: Record<string, string> | null;
  ownerReferences: JsonValue[] | null;
  finalizers: string[] | null;
}

/** `ObjectReference`, all seven fields. */
export interface RefRecord {
  kind: string;
  namespace: string;
  name: string;
  uid: string;
  apiVersion: string;
  resourceVersion: string;
  fieldPath: string;
}

/** `EventSeries`. */
export interface SeriesRecord {
  count: number;
  lastObservedTime: string | null;
}

/** The seven `ObjectReference` fields in wire order. */
export const refFields = ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'] as const;

/** An empty reference. */
export function emptyRef(): RefRecord {
  return { kind: '', namespace: '', name: '', uid: '', apiVersion: '', resourceVersion: '', fieldPath: '' };
}

/** A deep copy, so stored records never alias what handlers or callers hold. */
export function cloneRecord(record: EventRecord): EventRecord {
  return structuredClone(record);
}
