import { Buffer } from 'node:buffer';
import type { CoreV1Event } from '../../meta/index.js';
import { endField, hashField, hashSeed, hashUnit } from './lru.js';

/** Where a key is written, one byte a character; reused by every key. A longer key takes `JSON.stringify`. */
const scratch = Buffer.allocUnsafe(4096);

/**
 * The JSON array of the first `count` of `fields`, an unset one as `""`: the text `JSON.stringify` writes. A key of
 * strings that JSON writes as they are, each character within Latin-1 (no `"`, `\\` or control character, nothing
 * beyond U+00FF), is written byte by byte into one reused buffer and read back as one flat string: half the time of
 * `JSON.stringify` and less than half its garbage (it builds its text in growing parts, then joins them). Any other
 * key takes `JSON.stringify`.
 */
export function jsonArray(fields: readonly unknown[], count: number): string {
  let at = 0;
  let hash = hashUnit(hashSeed, 0x5b);
  scratch[at++] = 0x5b; // [
  for (let i = 0; i < count; i++) {
    const field = fields[i] ?? '';
    // Room for the field, its quotes, a comma and the closing bracket.
    if (typeof field !== 'string' || at + field.length + 4 > scratch.length) return stringified(fields, count);
    if (i !== 0) {
      scratch[at++] = 0x2c; // ,
      hash = hashUnit(hash, 0x2c);
    }
    scratch[at++] = 0x22; // "
    hash = hashUnit(hash, 0x22);
    for (let j = 0; j < field.length; j++) {
      const code = field.charCodeAt(j);
      if (code < 0x20 || code === 0x22 || code === 0x5c || code > 0xff) return stringified(fields, count);
      scratch[at++] = code;
      hash = hashUnit(hash, code);
    }
    scratch[at++] = 0x22;
    hash = hashUnit(hash, 0x22);
  }
  scratch[at++] = 0x5d; // ]
  const text = scratch.toString('latin1', 0, at);
  remember(text, endField(hashUnit(hash, 0x5d)));
  return text;
}

// The last key a default key function returned, and its hash as a key of one value (`hashField(hashSeed, text)`):
// the dedup stage looks up the event key the aggregation stage has just asked for, and takes its hash from here
// (computed while the key was written) instead of reading its hundred characters again.
let lastText = '';
let lastHash = hashField(hashSeed, '');

function remember(text: string, hash: number): void {
  lastText = text;
  lastHash = hash;
}

/** `hashField(hashSeed, text)`: the hash of a key of one value, `text`. */
export function keyHash(text: string): number {
  if (text !== lastText) remember(text, hashField(hashSeed, text));
  return lastHash;
}

function stringified(fields: readonly unknown[], count: number): string {
  return JSON.stringify(fields.slice(0, count).map((field) => field ?? ''));
}

/**
 * The fields every default key starts with, as the event holds them: source component and host, then the involved
 * object's kind, namespace, name, uid and apiVersion (no fieldPath).
 */
export function sourceObjectFields(event: CoreV1Event): unknown[] {
  const { source, involvedObject: object } = event;
  return [source?.component, source?.host, object.kind, object.namespace, object.name, object.uid, object.apiVersion];
}

/**
 * One default key function's last key, and the fields it was built from: a burst of events about one object (a crash
 * loop, W3) asks for the same key event after event, and a remembered key comes with its hash (`keyHash`), so
 * the dedup stage does not hash it again. The fields are compared by value, so a different (or mutated) event never reuses a key; a key with a
 * field that is neither a string nor unset (a JavaScript caller's object) is not remembered.
 *
 * A key is the JSON array of the source and object fields ({@link sourceObjectFields}) and the key's own
 * ({@link jsonArray}).
 */
export class LastKey {
  /** The source and object fields, then the key's own, as the last key was built from them. */
  readonly #fields: unknown[] = new Array<unknown>(11).fill(undefined);
  readonly #arity: 1 | 4;
  /** Whether the last key may be reused: every field it was built from is a string or unset. */
  #reusable = false;
  #key = '';
  /** The key's hash, `keyHash(#key)`. */
  #hash = 0;

  /** @param arity - how many fields follow the source and object: the spam key's one, or the other keys' four */
  constructor(arity: 1 | 4) {
    this.#arity = arity;
  }

  /** @returns the key `[<source and object fields>,a,…,d]` (as many of `a`…`d` as the arity) */
  of(event: CoreV1Event, a: unknown, b?: unknown, c?: unknown, d?: unknown): string {
    const { source, involvedObject: object } = event;
    const component = source?.component;
    const host = source?.host;
    const { kind, namespace, name, uid, apiVersion } = object;
    if (this.#matches([component, host, kind, namespace, name, uid, apiVersion, a, b, c, d])) {
      remember(this.#key, this.#hash);
      return this.#key;
    }
    const last = this.#fields;
    // Not reusable until the key is built: a field JSON cannot write (a `BigInt`) throws, and must throw again.
    this.#reusable = false;
    last[0] = component;
    last[1] = host;
    last[2] = kind;
    last[3] = namespace;
    last[4] = name;
    last[5] = uid;
    last[6] = apiVersion;
    last[7] = a;
    last[8] = b;
    last[9] = c;
    last[10] = d;
    this.#key = jsonArray(last, this.#arity === 1 ? 8 : 11);
    this.#hash = keyHash(this.#key);
    this.#reusable = byValue(last);
    return this.#key;
  }

  /** The last key, when it is the key of these fields (nothing is built); otherwise `undefined`. */
  peek(event: CoreV1Event, a: unknown, b?: unknown, c?: unknown, d?: unknown): string | undefined {
    const { source, involvedObject: object } = event;
    const { kind, namespace, name, uid, apiVersion } = object;
    return this.#matches([source?.component, source?.host, kind, namespace, name, uid, apiVersion, a, b, c, d])
      ? this.#key
      : undefined;
  }

  /** Whether the last key is the key of `fields` (read once, by the caller): each the same (`===`), all by value. */
  #matches(fields: readonly unknown[]): boolean {
    if (!this.#reusable) return false;
    const last = this.#fields;
    // The fields that differ most often first.
    for (const i of order) if (fields[i] !== last[i]) return false;
    return true;
  }
}

/** The order `LastKey` compares fields in: object name and uid, the key's own, then the rest. */
const order = [4, 5, 7, 8, 9, 10, 3, 2, 6, 0, 1];

/**
 * Whether fields can be remembered by value: each a string, or unset. An object a JavaScript caller put there could
 * change.
 */
function byValue(fields: readonly unknown[]): boolean {
  for (const field of fields) if (field !== undefined && field !== null && typeof field !== 'string') return false;
  return true;
}
