/**
 * Wire shapes of the Kubernetes objects this library reads and writes.
 *
 * They are plain interfaces, structurally compatible with `@kubernetes/client-node`'s generated models
 * (`CoreV1Event`, `V1ObjectReference`, `KubernetesObject`), so objects from either side can be passed to the other.
 * Optional fields mirror the API's `omitempty`.
 */

/** A reference to an API object, as in `core/v1.ObjectReference` (all seven fields optional). */
export interface ObjectReference {
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiVersion?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

/** An owner of an object, as in `metav1.OwnerReference` (client-node's `V1OwnerReference`). */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** One entry of `metadata.managedFields` (server-side apply's record of who owns which fields). */
export interface ManagedFieldsEntry {
  apiVersion?: string;
  fieldsType?: string;
  fieldsV1?: object;
  manager?: string;
  operation?: string;
  subresource?: string;
  time?: Date;
}

/**
 * `metav1.ObjectMeta`, every field, as client-node's `V1ObjectMeta`: so the metadata of any object (a Pod read through
 * client-node, a custom resource's own type, an object literal) fits. The event machinery reads only `name`,
 * `namespace`, `uid`, `resourceVersion` and `generateName`.
 */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: Date;
  deletionTimestamp?: Date;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: ManagedFieldsEntry[];
  selfLink?: string;
}

/**
 * Any Kubernetes object with type and object metadata: a Pod read through client-node (or its own
 * `KubernetesObject`), or a custom resource's type declared as `interface Widget extends KubernetesObject`.
 */
export interface KubernetesObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

/** The component (and host) that reports an event; `core/v1.EventSource`. */
export interface EventSource {
  component?: string;
  host?: string;
}

/** `core/v1.EventSeries`. */
export interface EventSeries {
  count?: number;
  lastObservedTime?: Date;
}

/**
 * A `core/v1` Event (`/api/v1/namespaces/{ns}/events`).
 *
 * `firstTimestamp` and `lastTimestamp` are `metav1.Time` (whole seconds on the wire); `eventTime` is a `MicroTime`.
 * The Go field `ReportingController` is `reportingComponent` in JSON.
 */
export interface CoreV1Event {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  involvedObject: ObjectReference;
  reason?: string;
  message?: string;
  source?: EventSource;
  firstTimestamp?: Date;
  lastTimestamp?: Date;
  count?: number;
  type?: string;
  eventTime?: Date;
  series?: EventSeries;
  action?: string;
  related?: ObjectReference;
  reportingComponent?: string;
  reportingInstance?: string;
}

/** The two event types the API accepts (exact, case-sensitive). */
export const EventType = { Normal: 'Normal', Warning: 'Warning' } as const;
/** `'Normal' | 'Warning'`. */
export type EventType = (typeof EventType)[keyof typeof EventType];

/**
 * An `events.k8s.io/v1` Event (`/apis/events.k8s.io/v1/namespaces/{ns}/events`), the same stored object as a
 * {@link CoreV1Event} seen through the newer API: `regarding` for `involvedObject`, `note` for `message`,
 * `reportingController` for `reportingComponent`, and the old counters under `deprecated*`.
 */
export interface EventsV1Event {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  eventTime?: Date;
  series?: EventSeries;
  reportingController?: string;
  reportingInstance?: string;
  action?: string;
  reason?: string;
  regarding?: ObjectReference;
  related?: ObjectReference;
  note?: string;
  type?: string;
  deprecatedSource?: EventSource;
  deprecatedFirstTimestamp?: Date;
  deprecatedLastTimestamp?: Date;
  deprecatedCount?: number;
}
