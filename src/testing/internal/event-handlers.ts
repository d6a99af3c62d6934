import { randomInt, randomUUID } from 'node:crypto';
import type { FakeVerb } from '../fake-api-server.js';
import {
  alreadyExists,
  badRequest,
  conflict,
  failure,
  fieldInvalid,
  forbidden,
  invalid,
  notFound,
  unsupportedMediaType,
} from './api-status.js';
import type { EventApi } from './event-apis.js';
import { decodeEvent, encodeEvent } from './event-codec.js';
import type { EventRecord } from './event-record.js';
import type { EventStore } from './event-store.js';
import { validateEventCreate, validateEventUpdate } from './event-validation.js';
import { matchesFieldSelector, parseFieldSelector } from './field-selector.js';
import { isJsonObject } from './json.js';
import type { JsonValue } from './json.js';
import { matchesLabelSelector, parseLabelSelector } from './label-selector.js';
import { dns1123LabelErrors } from './names.js';
import { applyPatch } from './patch.js';
import type { WatchSpec } from './watch-stream.js';
import { timeFromMillis } from './wire-time.js';

/** A request to one of the events endpoints, after routing and authorization. */
export interface EventsRequest {
  readonly verb: FakeVerb;
  readonly api: EventApi;
  readonly namespace: string | undefined;
  readonly name: string | undefined;
  readonly query: URLSearchParams;
  readonly contentType: string | undefined;
  readonly body: string;
}

/** What the handlers need from the server. */
export interface HandlerContext {
  readonly store: EventStore;
  /** The server clock (epoch ms), for `creationTimestamp`. */
  readonly now: () => number;
  readonly terminatingNamespaces: ReadonlySet<string>;
}

/** A complete answer, or a watch to stream. */
export type HandlerResult =
  | {
      readonly kind: 'response';
      readonly status: number;
      /** Serialized with `JSON.stringify`. */
      readonly body: unknown;
      readonly headers: Readonly<Record<string, string | string[]>>;
    }
  | { readonly kind: 'watch'; readonly spec: WatchSpec };

/** Go's `strconv.ParseBool` true values, as the apiserver reads boolean query parameters. */
function parsesAsTrue(value: string | null): boolean {
  return ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value ?? '');
}

/** The verb a method means on an events path (`undefined`: 405), as the apiserver's request-info resolver maps it. */
export function eventsVerb(
  method: string,
  namespace: string | undefined,
  name: string | undefined,
  query: URLSearchParams,
): FakeVerb | undefined {
  const collection = name === undefined;
  switch (method) {
    case 'GET':
      if (!collection) return 'get';
      return parsesAsTrue(query.get('watch')) ? 'watch' : 'list';
    case 'POST':
      return collection && namespace !== undefined ? 'create' : undefined;
    case 'PUT':
      return collection ? undefined : 'update';
    case 'PATCH':
      return collection ? undefined : 'patch';
    case 'DELETE':
      return collection ? undefined : 'delete';
    default:
      return undefined;
  }
}

function respond(status: number, body: unknown, warnings: readonly string[] = []): HandlerResult {
  const headers: Record<string, string | string[]> = {};
  // The apiserver reports dropped unknown fields (fieldValidation=Warn, the default) as RFC 7234 warnings.
  if (warnings.length > 0) headers['Warning'] = warnings.map((w) => `299 - ${JSON.stringify(w)}`);
  return { kind: 'response', status, body, headers };
}

function parseObjectBody(req: EventsRequest): JsonValue {
  const mediaType = (req.contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType !== '' && mediaType !== 'application/json') throw unsupportedMediaType(['application/json']);
  try {
    return JSON.parse(req.body) as JsonValue;
  } catch (err) {
    throw badRequest(`couldn't get version/kind; json parse error: ${(err as Error).message}`);
  }
}

/** Fills an empty body namespace from the path, as the apiserver does, and refuses a different one. */
function bindNamespace(record: EventRecord, namespace: string): void {
  if (record.metadata.namespace === '') record.metadata.namespace = namespace;
  else if (record.metadata.namespace !== namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
}

/** `names.SimpleNameGenerator`: five characters from an alphabet without vowels or look-alikes. */
function generatedName(prefix: string): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += alphabet.charAt(randomInt(alphabet.length));
  return prefix + suffix;
}

function create(ctx: HandlerContext, api: EventApi, record: EventRecord, warnings: readonly string[]): HandlerResult {
  const meta = record.metadata;
  if (ctx.terminatingNamespaces.has(meta.namespace)) {
    throw forbidden(
      api.groupResource,
      meta.name,
      `unable to create new content in namespace ${meta.namespace} because it is being terminated`,
      [
        {
          reason: 'NamespaceTerminating',
          message: `namespace ${meta.namespace} is being terminated`,
          field: 'metadata.namespace',
        },
      ],
    );
  }
  if (meta.name === '' && meta.generateName !== '') meta.name = generatedName(meta.generateName);
  meta.uid = randomUUID();
  meta.creationTimestamp = timeFromMillis(ctx.now());
  const errors = validateEventCreate(api, record);
  if (errors.length > 0) throw invalid('Event', meta.name, errors);
  // etcd3's store refuses this before it looks for the key, with a plain error the apiserver reports as a bare 500.
  if (meta.resourceVersion !== '') throw failure(500, '', 'resourceVersion should not be set on objects to be created');
  if (ctx.store.get(meta.namespace, meta.name) !== undefined) throw alreadyExists(api.groupResource, meta.name);
  return respond(201, encodeEvent(api, ctx.store.create(record), true), warnings);
}

function update(
  ctx: HandlerContext,
  api: EventApi,
  namespace: string,
  name: string,
  record: EventRecord,
  warnings: readonly string[],
): HandlerResult {
  bindNamespace(record, namespace);
  const meta = record.metadata;
  if (meta.name !== name) {
    throw badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${name})`);
  }
  const old = ctx.store.get(namespace, name);
  if (old === undefined) {
    // Events allow create-on-update, but not with a precondition on a version that cannot exist.
    if (meta.resourceVersion !== '') throw notFound(api.groupResource, name);
    return create(ctx, api, record, warnings);
  }
  if (meta.resourceVersion !== '' && meta.resourceVersion !== old.metadata.resourceVersion) {
    throw conflict(
      api.groupResource,
      name,
      'the object has been modified; please apply your changes to the latest version and try again',
    );
  }
  if (meta.uid === '') meta.uid = old.metadata.uid;
  else if (meta.uid !== old.metadata.uid) {
    throw invalid('Event', name, [fieldInvalid('metadata.uid', meta.uid, 'field is immutable')]);
  }
  meta.creationTimestamp = old.metadata.creationTimestamp;
  const errors = validateEventUpdate(api, record, old);
  if (errors.length > 0) throw invalid('Event', name, errors);
  return respond(200, encodeEvent(api, ctx.store.update(record, old), true), warnings);
}

function existing(ctx: HandlerContext, api: EventApi, namespace: string, name: string): EventRecord {
  const record = ctx.store.get(namespace, name);
  if (record === undefined) throw notFound(api.groupResource, name);
  return record;
}

function remove(ctx: HandlerContext, api: EventApi, namespace: string, name: string, body: string): HandlerResult {
  const old = existing(ctx, api, namespace, name);
  if (body.trim() !== '') {
    let options: JsonValue;
    try {
      options = JSON.parse(body) as JsonValue;
    } catch (err) {
      throw badRequest(`couldn't get version/kind; json parse error: ${(err as Error).message}`);
    }
    const pre = isJsonObject(options) ? options['preconditions'] : undefined;
    if (isJsonObject(pre)) {
      const { uid, resourceVersion } = pre;
      if (typeof uid === 'string' && uid !== old.metadata.uid) {
        throw conflict(
          api.groupResource,
          name,
          `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${old.metadata.uid}`,
        );
      }
      if (typeof resourceVersion === 'string' && resourceVersion !== old.metadata.resourceVersion) {
        throw conflict(
          api.groupResource,
          name,
          `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion}`,
        );
      }
    }
  }
  ctx.store.delete(old);
  const details: Record<string, string> = { name };
  if (api.group !== '') details['group'] = api.group;
  details['kind'] = 'events';
  details['uid'] = old.metadata.uid;
  return respond(200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details });
}

function parseWholeNumber(query: URLSearchParams, param: string): number | undefined {
  const text = query.get(param) ?? '';
  if (text === '') return undefined;
  if (!/^\d+$/.test(text)) throw badRequest(`invalid ${param} ${JSON.stringify(text)}: not a whole number`);
  return Number(text);
}

/**
 * Serves one events request: the verbs, the rules and the Status answers of the real apiserver (see `docs/testing.md`
 * for what it leaves out).
 *
 * @throws ApiStatusError for every refusal; the server writes it as the Status body.
 */
export function handleEvents(ctx: HandlerContext, req: EventsRequest): HandlerResult {
  const { api, namespace, name, query } = req;
  if (namespace !== undefined && dns1123LabelErrors(namespace).length > 0) {
    // No namespace can have such a name, so the namespace lifecycle check finds none.
    throw notFound({ group: '', resource: 'namespaces' }, namespace);
  }
  switch (req.verb) {
    case 'list':
    case 'watch': {
      const fieldSelector = parseFieldSelector(query.get('fieldSelector') ?? '', api);
      const labelSelector = parseLabelSelector(query.get('labelSelector') ?? '');
      if (req.verb === 'watch') {
        const rv = query.get('resourceVersion') ?? '';
        const from = rv === '' || rv === '0' ? undefined : parseWholeNumber(query, 'resourceVersion');
        const timeoutSeconds = parseWholeNumber(query, 'timeoutSeconds');
        const bookmarks = parsesAsTrue(query.get('allowWatchBookmarks'));
        return {
          kind: 'watch',
          spec: { api, namespace, fieldSelector, labelSelector, from, timeoutSeconds, bookmarks },
        };
      }
      const items = ctx.store
        .list(namespace)
        .filter((r) => matchesFieldSelector(fieldSelector, r) && matchesLabelSelector(labelSelector, r.metadata.labels))
        .map((r) => encodeEvent(api, r, false));
      return respond(200, {
        kind: 'EventList',
        apiVersion: api.groupVersion,
        metadata: { resourceVersion: String(ctx.store.resourceVersion) },
        items,
      });
    }
    case 'get':
      return respond(200, encodeEvent(api, existing(ctx, api, namespace ?? '', name ?? ''), true));
    case 'create': {
      const { record, warnings } = decodeEvent(api, parseObjectBody(req));
      bindNamespace(record, namespace ?? '');
      return create(ctx, api, record, warnings);
    }
    case 'update': {
      const { record, warnings } = decodeEvent(api, parseObjectBody(req));
      return update(ctx, api, namespace ?? '', name ?? '', record, warnings);
    }
    case 'patch': {
      const old = existing(ctx, api, namespace ?? '', name ?? '');
      const patched = applyPatch(req.contentType, encodeEvent(api, old, true), req.body);
      const { record, warnings } = decodeEvent(api, patched);
      return update(ctx, api, namespace ?? '', name ?? '', record, warnings);
    }
    case 'delete':
      return remove(ctx, api, namespace ?? '', name ?? '', req.body);
  }
}
