import type { CoreV1Event } from '../../meta/index.js';
import { keyHash } from './json-key.js';
import { hashField, hashSeed } from './lru.js';

/**
 * In a key's first place, where a default key holds a string: the key is held as its text, in the second place.
 */
const byText = Symbol('key by text');

/**
 * The key of one `Lru` lookup, written afresh for each: the values the cache compares (`fields`) and their hash.
 *
 * - A key function's string is a key of one value ({@link CacheKey.text}).
 * - A default key (the aggregation and spam keys) is held as its fields, so the cache never builds or hashes its
 *   text: two events have the same key exactly when each field would be written the same in the key's JSON. So an
 *   unset field is `""`, and a JavaScript caller's value that JSON writes as a string (a `String` object) is that
 *   string. A key with a field that JSON writes otherwise (a number, an object) is held as its JSON text instead,
 *   behind a mark no field can equal: it can only equal another such key, by text.
 */
export class CacheKey {
  readonly fields: unknown[];
  hash = 0;
  /** The fields as the event held them, at the last `ofFields`. */
  readonly #read: unknown[];
  /**
   * Whether `fields` and `hash` still hold the key of the fields in `#read`: after `ofFields` of an event whose fields
   * are each a string or unset (an object a JavaScript caller put there could have changed since).
   */
  #reusable = false;

  /** @param arity - how many values the cache's keys have */
  constructor(arity: number) {
    this.fields = new Array<unknown>(arity).fill('');
    this.#read = new Array<unknown>(arity).fill(undefined);
  }

  /** The key `key`, of one value. */
  text(key: string): this {
    this.fields[0] = key;
    this.hash = keyHash(key);
    return this;
  }

  /**
   * A default key: the fields every default key starts with (source component and host, object kind, namespace,
   * name, uid, apiVersion), then the key's own: `a` alone in a key of 8 values, `a`…`d` in one of 11. The fields are
   * compared as the key function's JSON would write them. A run of events about one object (W3) reads the same
   * strings each time: their key is not hashed again.
   *
   * @param asText - the key function, for a key that has to be held as its text
   */
  ofFields(
    event: CoreV1Event,
    asText: (event: CoreV1Event) => string,
    a: unknown,
    b?: unknown,
    c?: unknown,
    d?: unknown,
  ): this {
    const read = this.#read;
    const { source, involvedObject: object } = event;
    let same = this.#reusable;
    // Not reusable until the key is read: `#read` changes below, and a read or a field JSON cannot write (a
    // `BigInt`) may throw before it is done; that event must throw again, and the next be read anew.
    this.#reusable = false;
    same = keep(read, 0, source?.component) && same;
    same = keep(read, 1, source?.host) && same;
    same = keep(read, 2, object.kind) && same;
    same = keep(read, 3, object.namespace) && same;
    same = keep(read, 4, object.name) && same;
    same = keep(read, 5, object.uid) && same;
    same = keep(read, 6, object.apiVersion) && same;
    same = keep(read, 7, a) && same;
    if (read.length === 11) {
      same = keep(read, 8, b) && same;
      same = keep(read, 9, c) && same;
      same = keep(read, 10, d) && same;
    }
    if (same) {
      this.#reusable = true;
      return this;
    }
    const { fields } = this;
    let hash = hashSeed;
    let reusable = true;
    for (let i = 0; i < read.length; i++) {
      const field = read[i];
      let text: string | undefined;
      if (typeof field === 'string') text = field;
      else if (field === undefined || field === null) text = '';
      else {
        text = jsonString(field);
        reusable = false;
        if (text === undefined) return this.#byText(asText(event));
      }
      fields[i] = text;
      hash = hashField(hash, text);
    }
    this.hash = hash;
    this.#reusable = reusable;
    return this;
  }

  #byText(key: string): this {
    const { fields } = this;
    this.#reusable = false;
    fields.fill('');
    fields[0] = byText;
    fields[1] = key;
    this.hash = keyHash(key);
    return this;
  }
}

/** Writes `value` at `array[at]`; whether it was there already. */
function keep(array: unknown[], at: number, value: unknown): boolean {
  if (array[at] === value) return true;
  array[at] = value;
  return false;
}

/** The string JSON writes `value` as, when it writes it as a string (a `String` object, a `toJSON` string). */
function jsonString(value: unknown): string | undefined {
  const json = JSON.stringify(value);
  return typeof json === 'string' && json.startsWith('"') ? (JSON.parse(json) as string) : undefined;
}
