import type { CoreV1Event } from '../../meta/index.js';

// The default keys are JSON arrays of strings, built here from quoted fields rather than by `JSON.stringify` of a
// fresh array: the same text, in about half the time. Every correlated event needs three keys that start with the
// same seven fields, so the last prefix is remembered (see `sourceObjectPrefix`), and each key function remembers
// its last key (see `LastKey`).

/**
 * What `JSON.stringify` may escape in a string: `"`, `\`, and what is outside U+0020–U+D7FF and U+E000–U+FFFF, that
 * is control characters and surrogates (it escapes lone ones; a string with a pair takes the slow path all the same).
 */
const needsEscape = /["\\]|[^ -\ud7ff\ue000-\uffff]/;

/**
 * A field as the JSON array holds it: `"text"`. An unset field is `""`, as Go's zero value; a string that needs
 * escaping, or a value that is not a string (JavaScript callers), goes through `JSON.stringify` as it would in the
 * array.
 */
export function quote(value: unknown): string {
  return typeof value === 'string' && !needsEscape.test(value) ? `"${value}"` : JSON.stringify(value ?? '');
}

/**
 * The key of the prefix and the other quoted fields: `<prefix>,<field>,…,<field>]`, as one flat string made by
 * `join`. V8 keeps a concatenation as a rope of its parts, and a cache holding ropes keeps every part alive and
 * compares them slowly (W7: 9.2 MB instead of 4.3 MB); a rope flattened in place keeps a 32-byte wrapper, which the
 * collector removes only when it copies the string out of the young generation (W7: up to 0.4 MB more).
 */
export function flatKey(fields: string[]): string {
  const last = fields.length - 1;
  fields[last] = `${fields[last] ?? ''}]`;
  return fields.join(',');
}

/**
 * `text` as one flat string, in place: converting a string to a number flattens it. The comparison is never true
 * (a prefix starts with `[`), but it uses the number: with its result unused the conversion was optimized away.
 */
function flat(text: string): string {
  return Number(text) === 0 ? '' : text;
}

// The last prefix built, and the seven fields it was built from: a correlator asks for the aggregate key, the event
// key and the spam key of one event in a row, and a recorder's events about one object share these fields.
let lastFields: readonly unknown[] = [];
let lastPrefix = '';

/**
 * The start every default key shares, without the closing bracket: source component and host, then the involved
 * object's kind, namespace, name, uid and apiVersion (no fieldPath), e.g. `["kubelet","node-1","Pod",…,"v1"`.
 *
 * Remembered for the last seven fields seen, compared by value, so a different (or mutated) event never reuses it.
 */
export function sourceObjectPrefix(event: CoreV1Event): string {
  const { source, involvedObject: object } = event;
  const component = source?.component;
  const host = source?.host;
  const { kind, namespace, name, uid, apiVersion } = object;
  const last = lastFields;
  if (
    last.length === 7 &&
    name === last[4] &&
    uid === last[5] &&
    namespace === last[3] &&
    kind === last[2] &&
    apiVersion === last[6] &&
    component === last[0] &&
    host === last[1]
  ) {
    return lastPrefix;
  }
  const fields: unknown[] = [component, host, kind, namespace, name, uid, apiVersion];
  const prefix = flat(
    `[${quote(component)},${quote(host)},${quote(kind)},${quote(namespace)},${quote(name)},${quote(uid)},${quote(apiVersion)}`,
  );
  lastFields = fields.every(byValue) ? fields : [];
  lastPrefix = prefix;
  return prefix;
}

/**
 * Whether a field can be remembered by value: a string, or unset. An object a JavaScript caller put there could
 * change.
 */
function byValue(field: unknown): boolean {
  return field === undefined || field === null || typeof field === 'string';
}

/**
 * One default key function's last key, and the prefix and up to four fields it was built from: a burst of events
 * about one object (a crash loop, W3) asks for the same keys event after event, and a remembered key is also one
 * whose hash V8 has already computed. The fields are compared by value, so a different (or mutated) event never
 * reuses a key; a key with a field that is neither a string nor unset is not remembered.
 */
export class LastKey {
  readonly #arity: 1 | 4;
  #prefix: string | undefined;
  #fields: [unknown, unknown, unknown, unknown] = [undefined, undefined, undefined, undefined];
  #key = '';

  /** @param arity - how many fields follow the prefix: the spam key's one, or the aggregate and event keys' four */
  constructor(arity: 1 | 4) {
    this.#arity = arity;
  }

  /**
   * @param event - the event: its source and object give the key's start ({@link sourceObjectPrefix})
   * @returns the key `<prefix>,<quoted a>,…,<quoted d>]` (as many fields as the arity)
   */
  of(event: CoreV1Event, a: unknown, b?: unknown, c?: unknown, d?: unknown): string {
    const prefix = sourceObjectPrefix(event);
    const last = this.#fields;
    if (prefix === this.#prefix && a === last[0] && b === last[1] && c === last[2] && d === last[3]) return this.#key;
    const key =
      this.#arity === 1 ? flatKey([prefix, quote(a)]) : flatKey([prefix, quote(a), quote(b), quote(c), quote(d)]);
    this.#prefix = byValue(a) && byValue(b) && byValue(c) && byValue(d) ? prefix : undefined;
    last[0] = a;
    last[1] = b;
    last[2] = c;
    last[3] = d;
    this.#key = key;
    return key;
  }
}
