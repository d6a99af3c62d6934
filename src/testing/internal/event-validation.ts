import { fieldInvalid, fieldNotSupported, fieldRequired } from './api-status.js';
import type { FieldError } from './api-status.js';
import type { EventApi } from './event-apis.js';
import type { EventRecord } from './event-record.js';
import type { JsonValue } from './json.js';
import { isDeepStrictEqual } from 'node:util';
import { dns1123LabelErrors, dns1123SubdomainErrors, qualifiedNameErrors } from './names.js';

/** The apiserver's limits (`pkg/apis/core/validation/events.go`), in bytes. */
const reportingInstanceLengthLimit = 128;
const actionLengthLimit = 128;
const reasonLengthLimit = 128;
const noteLengthLimit = 1024;

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/**
 * The checks every event passes, whichever API wrote it (`legacyValidateEvent`): without `eventTime` only the namespace
 * agreement; with `eventTime` the reporting fields and the length limits too.
 */
function legacyErrors(api: EventApi, e: EventRecord): FieldError[] {
  const errs: FieldError[] = [];
  const ns = e.metadata.namespace;
  const refNs = e.involvedObject.namespace;
  const nsMismatch = fieldInvalid('involvedObject.namespace', refNs, 'does not match event.namespace');
  if (e.eventTime === null) {
    // Old clients send cluster-scoped objects' events to "default"; the apiserver keeps accepting that.
    if (refNs === '' ? ns !== '' && ns !== 'default' : ns !== refNs) errs.push(nsMismatch);
  } else {
    if (refNs === '' && ns !== 'default' && ns !== 'kube-system') errs.push(nsMismatch);
    // The core API names the field reportingComponent, so its errors do too.
    const controllerField = api.group === '' ? 'reportingComponent' : 'reportingController';
    if (e.reportingController === '') errs.push(fieldRequired(controllerField));
    for (const msg of qualifiedNameErrors(e.reportingController)) {
      errs.push(fieldInvalid(controllerField, e.reportingController, msg));
    }
    if (e.reportingInstance === '') errs.push(fieldRequired('reportingInstance'));
    if (bytes(e.reportingInstance) > reportingInstanceLengthLimit) {
      errs.push(fieldInvalid('reportingInstance', '', `can have at most ${reportingInstanceLengthLimit} characters`));
    }
    if (e.action === '') errs.push(fieldRequired('action'));
    if (bytes(e.action) > actionLengthLimit) {
      errs.push(fieldInvalid('action', '', `can have at most ${actionLengthLimit} characters`));
    }
    if (e.reason === '') errs.push(fieldRequired('reason'));
    if (bytes(e.reason) > reasonLengthLimit) {
      errs.push(fieldInvalid('reason', '', `can have at most ${reasonLengthLimit} characters`));
    }
    if (bytes(e.message) > noteLengthLimit) {
      errs.push(fieldInvalid('message', '', `can have at most ${noteLengthLimit} characters`));
    }
  }
  for (const msg of dns1123SubdomainErrors(ns)) errs.push(fieldInvalid('namespace', ns, msg));
  return errs;
}

function seriesErrors(e: EventRecord): FieldError[] {
  if (e.series === null) return [];
  const errs: FieldError[] = [];
  if (e.series.count < 2) errs.push(fieldInvalid('series.count', '', 'should be at least 2'));
  if (e.series.lastObservedTime === null) errs.push(fieldRequired('series.lastObservedTime'));
  return errs;
}

function typeErrors(e: EventRecord): FieldError[] {
  if (e.type === 'Normal' || e.type === 'Warning') return [];
  return [e.type === '' ? fieldRequired('type') : fieldNotSupported('type', e.type, ['Normal', 'Warning'])];
}

/** `ValidateObjectMeta` for a namespaced object whose name must be a DNS subdomain. */
function objectMetaErrors(e: EventRecord): FieldError[] {
  const errs: FieldError[] = [];
  const { name, namespace } = e.metadata;
  if (name === '') errs.push(fieldRequired('metadata.name', 'name or generateName is required'));
  else for (const msg of dns1123SubdomainErrors(name)) errs.push(fieldInvalid('metadata.name', name, msg));
  if (namespace === '') errs.push(fieldRequired('metadata.namespace'));
  else for (const msg of dns1123LabelErrors(namespace)) errs.push(fieldInvalid('metadata.namespace', namespace, msg));
  return errs;
}

/** `ValidateEventCreate`: the legacy checks, plus the strict events.k8s.io/v1 rules when created through that API. */
export function validateEventCreate(api: EventApi, e: EventRecord): FieldError[] {
  const errs = legacyErrors(api, e);
  if (!api.strict) {
    // The real core/v1 path fails later, in storage, on an empty key; a field error says the same more clearly.
    if (e.metadata.name === '') errs.push(fieldRequired('metadata.name', 'name or generateName is required'));
    return errs;
  }
  errs.push(...objectMetaErrors(e), ...seriesErrors(e));
  if (e.eventTime === null) errs.push(fieldRequired('eventTime'));
  errs.push(...typeErrors(e));
  const unset = 'needs to be unset';
  if (e.firstTimestamp !== null) errs.push(fieldInvalid('deprecatedFirstTimestamp', '', unset));
  if (e.lastTimestamp !== null) errs.push(fieldInvalid('deprecatedLastTimestamp', '', unset));
  if (e.count !== 0) errs.push(fieldInvalid('deprecatedCount', '', unset));
  if (e.source.component !== '' || e.source.host !== '') errs.push(fieldInvalid('deprecatedSource', '', unset));
  return errs;
}

/** The fields an events.k8s.io/v1 update may not change (everything but series and metadata). */
const immutableFields = [
  'involvedObject',
  'reason',
  'message',
  'source',
  'firstTimestamp',
  'lastTimestamp',
  'count',
  'type',
  'eventTime',
  'action',
  'related',
  'reportingController',
  'reportingInstance',
] as const satisfies readonly (keyof EventRecord)[];

/** `ValidateEventUpdate`: the legacy checks, plus immutability and series rules through events.k8s.io/v1. */
export function validateEventUpdate(api: EventApi, e: EventRecord, old: EventRecord): FieldError[] {
  const errs = legacyErrors(api, e);
  if (!api.strict) return errs;
  if (!isDeepStrictEqual(e.series, old.series)) errs.push(...seriesErrors(e));
  for (const field of immutableFields) {
    if (!isDeepStrictEqual(e[field], old[field]))
      errs.push(fieldInvalid(field, JSON.parse(JSON.stringify(e[field])) as JsonValue, 'field is immutable'));
  }
  return errs;
}
