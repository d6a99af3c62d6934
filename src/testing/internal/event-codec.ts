import { badRequest } from './api-status.js';
import type { EventApi } from './event-apis.js';
import { emptyRef, refFields } from './event-record.js';
import type { EventRecord, MetaRecord, RefRecord, SeriesRecord } from './event-record.js';
import { isJsonObject, jsonTypeName } from './json.js';
import type { JsonObject, JsonValue } from './json.js';
import { canonicalMicroTime, canonicalTime, timeParseError } from './wire-time.js';

/** A decoded request body and the `unknown field` warnings the apiserver would send back in `Warning` headers. */
export interface Decoded {
  readonly record: EventRecord;
  readonly warnings: readonly string[];
}

/** An empty record, the zero value every decode starts from. */
export function emptyRecord(): EventRecord {
  return {
    metadata: {
      name: '',
      generateName: '',
      namespace: '',
      uid: '',
      resourceVersion: '',
      creationTimestamp: null,
      labels: null,
      annotations: null,
      ownerReferences: null,
      finalizers: null,
    },
    involvedObject: emptyRef(),
    reason: '',
    message: '',
    source: { component: '', host: '' },
    firstTimestamp: null,
    lastTimestamp: null,
    count: 0,
    type: '',
    eventTime: null,
    series: null,
    action: '',
    related: null,
    reportingController: '',
    reportingInstance: '',
  };
}

/** ObjectMeta fields the server accepts and ignores (it sets or does not model them). */
const ignoredMetaFields = new Set([
  'selfLink',
  'generation',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
]);

/**
 * Reads one JSON body the way the apiserver's decoder does: `null` is the zero value, a wrong JSON type is a 400 with
 * Go's `cannot unmarshal` message, an unknown field is dropped with a warning.
 */
class BodyReader {
  readonly warnings: string[] = [];

  fail(message: string): never {
    throw badRequest(`Event in version "v1" cannot be handled as a Event: ${message}`);
  }

  typeError(path: string, value: JsonValue, goType: string): never {
    return this.fail(
      `json: cannot unmarshal ${jsonTypeName(value)} into Go struct field Event.${path} of type ${goType}`,
    );
  }

  unknown(path: string): void {
    this.warnings.push(`unknown field "${path}"`);
  }

  string(value: JsonValue, path: string): string {
    if (value === null) return '';
    if (typeof value !== 'string') this.typeError(path, value, 'string');
    return value;
  }

  int32(value: JsonValue, path: string): number {
    if (value === null) return 0;
    if (typeof value !== 'number') this.typeError(path, value, 'int32');
    if (!Number.isInteger(value) || value > 2 ** 31 - 1 || value < -(2 ** 31)) {
      this.fail(`json: cannot unmarshal number ${value} into Go struct field Event.${path} of type int32`);
    }
    return value;
  }

  time(value: JsonValue, path: string, micro: boolean): string | null {
    if (value === null) return null;
    if (typeof value !== 'string') this.typeError(path, value, micro ? 'v1.MicroTime' : 'v1.Time');
    const canonical = micro ? canonicalMicroTime(value) : canonicalTime(value);
    if (canonical === undefined) {
      this.fail(timeParseError(value, micro));
    }
    return canonical;
  }

  object(value: JsonValue, path: string, goType: string): JsonObject | null {
    if (value === null) return null;
    if (!isJsonObject(value)) this.typeError(path, value, goType);
    return value;
  }

  stringMap(value: JsonValue, path: string): Record<string, string> | null {
    const obj = this.object(value, path, 'map[string]string');
    if (obj === null) return null;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(obj)) out[k] = this.string(v, `${path}.${k}`);
    return out;
  }

  ref(value: JsonValue, path: string): RefRecord | null {
    const obj = this.object(value, path, 'v1.ObjectReference');
    if (obj === null) return null;
    const ref = emptyRef();
    for (const [k, v] of Object.entries(obj)) {
      const field = refFields.find((f) => f === k);
      if (field === undefined) this.unknown(`${path}.${k}`);
      else ref[field] = this.string(v, `${path}.${k}`);
    }
    return ref;
  }

  meta(value: JsonValue, into: MetaRecord): void {
    const obj = this.object(value, 'metadata', 'v1.ObjectMeta');
    if (obj === null) return;
    for (const [k, v] of Object.entries(obj)) {
      const path = `metadata.${k}`;
      switch (k) {
        case 'name':
        case 'generateName':
        case 'namespace':
        case 'uid':
        case 'resourceVersion':
          into[k] = this.string(v, path);
          break;
        case 'creationTimestamp':
          into.creationTimestamp = this.time(v, path, false);
          break;
        case 'labels':
        case 'annotations':
          into[k] = this.stringMap(v, path);
          break;
        case 'ownerReferences':
          if (v !== null && !Array.isArray(v)) this.typeError(path, v, '[]v1.OwnerReference');
          into.ownerReferences = v;
          break;
        case 'finalizers':
          if (v !== null && !Array.isArray(v)) this.typeError(path, v, '[]string');
          into.finalizers = v === null ? null : v.map((f, i) => this.string(f, `${path}[${i}]`));
          break;
        default:
          if (!ignoredMetaFields.has(k)) this.unknown(path);
      }
    }
  }

  series(value: JsonValue): SeriesRecord | null {
    const obj = this.object(value, 'series', 'v1.EventSeries');
    if (obj === null) return null;
    const series: SeriesRecord = { count: 0, lastObservedTime: null };
    for (const [k, v] of Object.entries(obj)) {
      if (k === 'count') series.count = this.int32(v, 'series.count');
      else if (k === 'lastObservedTime') series.lastObservedTime = this.time(v, 'series.lastObservedTime', true);
      else this.unknown(`series.${k}`);
    }
    return series;
  }

  source(value: JsonValue, path: string): { component: string; host: string } {
    const source = { component: '', host: '' };
    const obj = this.object(value, path, 'v1.EventSource');
    for (const [k, v] of Object.entries(obj ?? {})) {
      if (k === 'component' || k === 'host') source[k] = this.string(v, `${path}.${k}`);
      else this.unknown(`${path}.${k}`);
    }
    return source;
  }
}

/**
 * Decodes a request body sent to `api` into the internal record (the events.k8s.io/v1 → core conversion happens here,
 * through `api.names`).
 *
 * @throws ApiStatusError 400 when the body is not an object or a field has the wrong JSON type or time format.
 */
export function decodeEvent(api: EventApi, body: JsonValue): Decoded {
  const reader = new BodyReader();
  if (!isJsonObject(body)) {
    throw badRequest(
      `couldn't get version/kind; json parse error: json: cannot unmarshal ${jsonTypeName(body)} into Go value of ` +
        'type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }',
    );
  }
  const record = emptyRecord();
  const n = api.names;
  for (const [key, value] of Object.entries(body)) {
    switch (key) {
      case 'kind':
      case 'apiVersion':
        reader.string(value, key);
        break;
      case 'metadata':
        reader.meta(value, record.metadata);
        break;
      case n.regarding:
        record.involvedObject = reader.ref(value, key) ?? emptyRef();
        break;
      case n.note:
        record.message = reader.string(value, key);
        break;
      case n.source:
        record.source = reader.source(value, key);
        break;
      case n.firstTimestamp:
        record.firstTimestamp = reader.time(value, key, false);
        break;
      case n.lastTimestamp:
        record.lastTimestamp = reader.time(value, key, false);
        break;
      case n.count:
        record.count = reader.int32(value, key);
        break;
      case n.reportingController:
        record.reportingController = reader.string(value, key);
        break;
      case 'reason':
      case 'type':
      case 'action':
      case 'reportingInstance':
        record[key] = reader.string(value, key);
        break;
      case 'eventTime':
        record.eventTime = reader.time(value, key, true);
        break;
      case 'series':
        record.series = reader.series(value);
        break;
      case 'related':
        record.related = reader.ref(value, key);
        break;
      default:
        reader.unknown(key);
    }
  }
  return { record, warnings: reader.warnings };
}

function putString(out: JsonObject, key: string, value: string): void {
  if (value !== '') out[key] = value;
}

function encodeRef(ref: RefRecord): JsonObject {
  const out: JsonObject = {};
  for (const f of refFields) putString(out, f, ref[f]);
  return out;
}

function encodeMeta(meta: MetaRecord): JsonObject {
  const out: JsonObject = {};
  putString(out, 'name', meta.name);
  putString(out, 'generateName', meta.generateName);
  putString(out, 'namespace', meta.namespace);
  putString(out, 'uid', meta.uid);
  putString(out, 'resourceVersion', meta.resourceVersion);
  out['creationTimestamp'] = meta.creationTimestamp;
  if (meta.labels !== null && Object.keys(meta.labels).length > 0) out['labels'] = { ...meta.labels };
  if (meta.annotations !== null && Object.keys(meta.annotations).length > 0) {
    out['annotations'] = { ...meta.annotations };
  }
  if (meta.ownerReferences !== null && meta.ownerReferences.length > 0) {
    out['ownerReferences'] = structuredClone(meta.ownerReferences);
  }
  if (meta.finalizers !== null && meta.finalizers.length > 0) out['finalizers'] = [...meta.finalizers];
  return out;
}

function encodeSource(source: { component: string; host: string }): JsonObject {
  const out: JsonObject = {};
  putString(out, 'component', source.component);
  putString(out, 'host', source.host);
  return out;
}

/**
 * Encodes a record as core/v1 JSON, field for field as the apiserver writes it: Go's `omitempty` does not omit structs,
 * so `source` is always there (`{}`), unset times are `null`, and `reportingComponent`/`reportingInstance` (no
 * `omitempty`) are `""` when unset.
 */
function encodeCore(record: EventRecord, out: JsonObject): JsonObject {
  out['metadata'] = encodeMeta(record.metadata);
  out['involvedObject'] = encodeRef(record.involvedObject);
  putString(out, 'reason', record.reason);
  putString(out, 'message', record.message);
  out['source'] = encodeSource(record.source);
  out['firstTimestamp'] = record.firstTimestamp;
  out['lastTimestamp'] = record.lastTimestamp;
  if (record.count !== 0) out['count'] = record.count;
  putString(out, 'type', record.type);
  out['eventTime'] = record.eventTime;
  if (record.series !== null) {
    const series: JsonObject = {};
    if (record.series.count !== 0) series['count'] = record.series.count;
    series['lastObservedTime'] = record.series.lastObservedTime;
    out['series'] = series;
  }
  putString(out, 'action', record.action);
  if (record.related !== null) out['related'] = encodeRef(record.related);
  out['reportingComponent'] = record.reportingController;
  out['reportingInstance'] = record.reportingInstance;
  return out;
}

/** Encodes a record as events.k8s.io/v1 JSON (the core → events/v1 conversion), with that type's `omitempty` rules. */
function encodeEventsV1(record: EventRecord, out: JsonObject): JsonObject {
  out['metadata'] = encodeMeta(record.metadata);
  out['eventTime'] = record.eventTime;
  if (record.series !== null) {
    out['series'] = { count: record.series.count, lastObservedTime: record.series.lastObservedTime };
  }
  putString(out, 'reportingController', record.reportingController);
  putString(out, 'reportingInstance', record.reportingInstance);
  putString(out, 'action', record.action);
  putString(out, 'reason', record.reason);
  out['regarding'] = encodeRef(record.involvedObject);
  if (record.related !== null) out['related'] = encodeRef(record.related);
  putString(out, 'note', record.message);
  putString(out, 'type', record.type);
  out['deprecatedSource'] = encodeSource(record.source);
  out['deprecatedFirstTimestamp'] = record.firstTimestamp;
  out['deprecatedLastTimestamp'] = record.lastTimestamp;
  if (record.count !== 0) out['deprecatedCount'] = record.count;
  return out;
}

/**
 * Encodes a record as `api` shows it. `typeMeta` adds `kind`/`apiVersion`, as on single objects and watch events
 * (list items go without).
 */
export function encodeEvent(api: EventApi, record: EventRecord, typeMeta: boolean): JsonObject {
  const out: JsonObject = typeMeta ? { kind: 'Event', apiVersion: api.groupVersion } : {};
  return api.group === '' ? encodeCore(record, out) : encodeEventsV1(record, out);
}
