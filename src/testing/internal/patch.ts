import { badRequest, failure, unsupportedMediaType } from './api-status.js';
import type { ApiStatusError } from './api-status.js';
import { isJsonObject, jsonEqual, jsonTypeName } from './json.js';
import type { JsonObject, JsonValue } from './json.js';

/** The patch media types the fake server applies, as the apiserver lists them in its 415 message. */
const patchTypes = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
} as const;

type PatchType = (typeof patchTypes)[keyof typeof patchTypes];

function patchTypeOf(contentType: string | undefined): PatchType {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const type = (patchTypes as Record<string, PatchType | undefined>)[mediaType];
  if (type === undefined) throw unsupportedMediaType(Object.keys(patchTypes));
  return type;
}

/**
 * The apiserver answers any failure while applying a JSON patch with this generic 422; the reason (a failed `test`, a
 * missing path) is not in the body.
 */
function applyFailed(): ApiStatusError {
  return failure(422, 'Invalid', 'the server rejected our request due to an error in our request', {});
}

/**
 * Keys that reach `Object.prototype` (or a constructor's) through a plain property access in JavaScript. A patch
 * naming one could pollute the prototypes of the whole test process, so it is refused: no Kubernetes field has these
 * names.
 */
const prototypeKeys = new Set(['__proto__', 'constructor', 'prototype']);

function checkKey(key: string): string {
  if (prototypeKeys.has(key)) throw applyFailed();
  return key;
}

/** The object's own property `key`: an inherited one (`toString`, …) is not part of the JSON. */
function ownValue(node: JsonObject, key: string): JsonValue | undefined {
  return Object.hasOwn(node, key) ? node[key] : undefined;
}

/** RFC 7386 JSON merge patch: `null` deletes, objects merge recursively, anything else replaces. */
function mergePatch(target: JsonValue, patch: JsonValue, skipDirectives: boolean): JsonValue {
  if (!isJsonObject(patch)) return patch;
  const result: JsonObject = isJsonObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    // Strategic-merge directives ($patch, $retainKeys, …) steer list merging; Event has no merge-keyed lists.
    if (skipDirectives && key.startsWith('$')) continue;
    checkKey(key);
    if (value === null) Reflect.deleteProperty(result, key);
    else result[key] = mergePatch(ownValue(result, key) ?? null, value, skipDirectives);
  }
  return result;
}

/** RFC 6901 reference tokens. */
function pointerTokens(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw applyFailed();
  return pointer
    .slice(1)
    .split('/')
    .map((t) => checkKey(t.replace(/~1/g, '/').replace(/~0/g, '~')));
}

function arrayIndex(token: string, length: number, allowEnd: boolean): number {
  if (allowEnd && token === '-') return length;
  if (!/^(0|[1-9]\d*)$/.test(token)) throw applyFailed();
  const index = Number(token);
  if (index > length || (!allowEnd && index === length)) throw applyFailed();
  return index;
}

/** The container holding the pointer's last token, and that token. */
function parentOf(doc: JsonValue, pointer: string): { parent: JsonObject | JsonValue[]; key: string } {
  const tokens = pointerTokens(pointer);
  const key = tokens.pop();
  if (key === undefined) throw applyFailed();
  let node: JsonValue = doc;
  for (const token of tokens) {
    const next: JsonValue | undefined = Array.isArray(node)
      ? node[arrayIndex(token, node.length, false)]
      : isJsonObject(node)
        ? ownValue(node, token)
        : undefined;
    if (next === undefined) throw applyFailed();
    node = next;
  }
  if (!Array.isArray(node) && !isJsonObject(node)) throw applyFailed();
  return { parent: node, key };
}

function getAt(doc: JsonValue, pointer: string): JsonValue {
  if (pointer === '') return doc;
  const { parent, key } = parentOf(doc, pointer);
  const value = Array.isArray(parent) ? parent[arrayIndex(key, parent.length, false)] : ownValue(parent, key);
  if (value === undefined) throw applyFailed();
  return value;
}

function removeAt(doc: JsonValue, pointer: string): JsonValue {
  const { parent, key } = parentOf(doc, pointer);
  if (Array.isArray(parent)) return parent.splice(arrayIndex(key, parent.length, false), 1)[0] ?? null;
  const value = ownValue(parent, key);
  if (value === undefined) throw applyFailed();
  Reflect.deleteProperty(parent, key);
  return value;
}

function addAt(doc: JsonValue, pointer: string, value: JsonValue): JsonValue {
  if (pointer === '') return value;
  const { parent, key } = parentOf(doc, pointer);
  if (Array.isArray(parent)) parent.splice(arrayIndex(key, parent.length, true), 0, value);
  else parent[key] = value;
  return doc;
}

function operationField(op: JsonObject, name: string): JsonValue {
  const value = op[name];
  if (value === undefined) throw applyFailed();
  return value;
}

function pathField(op: JsonObject, name: string): string {
  const value = operationField(op, name);
  if (typeof value !== 'string') throw applyFailed();
  return value;
}

/** RFC 6902 JSON patch, all six operations, applied in order to a copy. */
function jsonPatch(target: JsonValue, operations: JsonValue[]): JsonValue {
  let doc = structuredClone(target);
  for (const op of operations) {
    if (!isJsonObject(op)) throw applyFailed();
    const path = pathField(op, 'path');
    switch (op['op']) {
      case 'add':
        doc = addAt(doc, path, structuredClone(operationField(op, 'value')));
        break;
      case 'remove':
        removeAt(doc, path);
        break;
      case 'replace': {
        const value = structuredClone(operationField(op, 'value'));
        if (path === '') {
          doc = value;
        } else {
          removeAt(doc, path);
          doc = addAt(doc, path, value);
        }
        break;
      }
      case 'move': {
        const from = pathField(op, 'from');
        if (path.startsWith(`${from}/`)) throw applyFailed();
        doc = addAt(doc, path, removeAt(doc, from));
        break;
      }
      case 'copy':
        doc = addAt(doc, path, structuredClone(getAt(doc, pathField(op, 'from'))));
        break;
      case 'test':
        if (!jsonEqual(getAt(doc, path), operationField(op, 'value'))) throw applyFailed();
        break;
      default:
        throw applyFailed();
    }
  }
  return doc;
}

/**
 * Applies a PATCH body to the object's JSON as the request's API version shows it, choosing the algorithm from the
 * `Content-Type` as the apiserver does.
 *
 * @returns the patched JSON, still to be decoded and validated.
 * @throws ApiStatusError 415 for another content type; 400 for a body that is not JSON or, for a JSON patch, not an
 *   array (the message client-node users meet when they forget the content type); 422 when a JSON patch cannot be
 *   applied.
 */
export function applyPatch(contentType: string | undefined, original: JsonObject, body: string): JsonValue {
  const type = patchTypeOf(contentType);
  let patch: JsonValue;
  try {
    patch = JSON.parse(body) as JsonValue;
  } catch (err) {
    throw badRequest(`error decoding patch: ${(err as Error).message}`);
  }
  if (type === 'json') {
    if (!Array.isArray(patch)) {
      throw badRequest(
        `error decoding patch: json: cannot unmarshal ${jsonTypeName(patch)} into Go value of type []handlers.jsonPatchOp`,
      );
    }
    return jsonPatch(original, patch);
  }
  if (!isJsonObject(patch)) {
    throw badRequest(
      `error decoding patch: json: cannot unmarshal ${jsonTypeName(patch)} into Go value of type map[string]interface {}`,
    );
  }
  return mergePatch(original, patch, type === 'strategic');
}
