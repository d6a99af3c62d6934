import type { CoreV1Event } from '../../meta/index.js';
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

  /** @param arity - how many values the cache's keys have */
  constructor(arity: number) {
    this.fields = new Array<unknown>(arity).fill('');
  }

  /** The key `key`, of one value. */
  text(key: string): this {
    this.fields[0] = key;
    this.hash = hashField(hashSeed, key);
    return this;
  }

  /**
   * A default key: the fields every default key starts with (source component and host, object kind, namespace,
   * name, uid, apiVersion), then the key's own: `a` alone in a key of 8 values, `a`…`d` in one of 11. The fields are
   * compared as the key function's JSON would write them.
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
    const { fields } = this;
    const { source, involvedObject: object } = event;
    fields[0] = source?.component;
    fields[1] = source?.host;
    fields[2] = object.kind;
    fields[3] = object.namespace;
    fields[4] = object.name;
    fields[5] = object.uid;
    fields[6] = object.apiVersion;
    fields[7] = a;
    if (fields.length === 11) {
      fields[8] = b;
      fields[9] = c;
      fields[10] = d;
    }
    let hash = hashSeed;
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i];
      const text = typeof field === 'string' ? field : field === undefined || field === null ? '' : jsonString(field);
      if (text === undefined) return this.#byText(asText(event));
      fields[i] = text;
      hash = hashField(hash, text);
    }
    this.hash = hash;
    return this;
  }

  #byText(key: string): this {
    const { fields } = this;
    fields.fill('');
    fields[0] = byText;
    fields[1] = key;
    this.hash = hashField(hashSeed, key);
    return this;
  }
}

/** The string JSON writes `value` as, when it writes it as a string (a `String` object, a `toJSON` string). */
function jsonString(value: unknown): string | undefined {
  const json = JSON.stringify(value);
  return typeof json === 'string' && json.startsWith('"') ? (JSON.parse(json) as string) : undefined;
}
