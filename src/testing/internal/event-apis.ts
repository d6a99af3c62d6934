import type { GroupResource } from './api-status.js';
import type { EventRecord } from './event-record.js';

/**
 * One API version through which the stored events are seen: its paths, its JSON field names and its selectable fields.
 * The field-name table is the core/v1 ↔ events.k8s.io/v1 conversion (`pkg/apis/events/v1/conversion.go`).
 */
export interface EventApi {
  /** `''` for core. */
  readonly group: '' | 'events.k8s.io';
  readonly groupVersion: 'v1' | 'events.k8s.io/v1';
  readonly groupResource: GroupResource;
  /** JSON names of the fields whose names differ between the versions. */
  readonly names: {
    readonly regarding: string;
    readonly note: string;
    readonly source: string;
    readonly firstTimestamp: string;
    readonly lastTimestamp: string;
    readonly count: string;
    readonly reportingController: string;
  };
  /** events.k8s.io/v1 applies the strict create/update rules of `ValidateEventCreate`. */
  readonly strict: boolean;
  /** Field selector labels this version accepts, each reading the record. */
  readonly fieldLabels: ReadonlyMap<string, (event: EventRecord) => string>;
}

function selectableFields(prefix: string, reportingController: string, withSource: boolean) {
  const labels = new Map<string, (event: EventRecord) => string>([
    ['metadata.name', (e) => e.metadata.name],
    ['metadata.namespace', (e) => e.metadata.namespace],
    [`${prefix}.kind`, (e) => e.involvedObject.kind],
    [`${prefix}.namespace`, (e) => e.involvedObject.namespace],
    [`${prefix}.name`, (e) => e.involvedObject.name],
    [`${prefix}.uid`, (e) => e.involvedObject.uid],
    [`${prefix}.apiVersion`, (e) => e.involvedObject.apiVersion],
    [`${prefix}.resourceVersion`, (e) => e.involvedObject.resourceVersion],
    [`${prefix}.fieldPath`, (e) => e.involvedObject.fieldPath],
    ['reason', (e) => e.reason],
    [reportingController, (e) => e.reportingController],
    ['type', (e) => e.type],
  ]);
  if (withSource) labels.set('source', (e) => e.source.component);
  return labels;
}

/** `/api/v1/…/events`. */
export const coreV1Events: EventApi = {
  group: '',
  groupVersion: 'v1',
  groupResource: { group: '', resource: 'events' },
  names: {
    regarding: 'involvedObject',
    note: 'message',
    source: 'source',
    firstTimestamp: 'firstTimestamp',
    lastTimestamp: 'lastTimestamp',
    count: 'count',
    reportingController: 'reportingComponent',
  },
  strict: false,
  fieldLabels: selectableFields('involvedObject', 'reportingComponent', true),
};

/** `/apis/events.k8s.io/v1/…/events`. */
export const eventsV1Events: EventApi = {
  group: 'events.k8s.io',
  groupVersion: 'events.k8s.io/v1',
  groupResource: { group: 'events.k8s.io', resource: 'events' },
  names: {
    regarding: 'regarding',
    note: 'note',
    source: 'deprecatedSource',
    firstTimestamp: 'deprecatedFirstTimestamp',
    lastTimestamp: 'deprecatedLastTimestamp',
    count: 'deprecatedCount',
    reportingController: 'reportingController',
  },
  strict: true,
  fieldLabels: selectableFields('regarding', 'reportingController', false),
};
