import type { ObjectReference } from '../../meta/types.js';

// Go's strconv.Quote escapes these by name.
const namedEscapes: Readonly<Record<string, string>> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '"': '\\"',
  '\\': '\\\\',
};

// What Go's strconv.IsPrint rejects: controls, format characters, unpaired surrogates, private use, unassigned,
// and every separator except the ASCII space.
const needsEscape = /["\\]|(?! )[\p{C}\p{Z}]/gu;

function escapeChar(char: string): string {
  const named = namedEscapes[char];
  if (named !== undefined) return named;
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x80) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code < 0x10000) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\U${code.toString(16).padStart(8, '0')}`;
}

/** A string as Go's `%q` (and so `%#v`) prints it: double-quoted, with Go's escapes. */
export function goQuote(text: string): string {
  return `"${text.replace(needsEscape, escapeChar)}"`;
}

/**
 * A reference as Go's `%#v` prints a `v1.ObjectReference`, the form client-go's `StartLogging` writes:
 * `v1.ObjectReference{Kind:"Pod", Namespace:"baz", Name:"foo", UID:"bar", APIVersion:"v1", ResourceVersion:"",
 * FieldPath:"spec.containers[2]"}`. Absent fields print as `""`, as Go's zero strings do.
 */
export function formatGoObjectReference(ref: ObjectReference): string {
  const fields: [string, string | undefined][] = [
    ['Kind', ref.kind],
    ['Namespace', ref.namespace],
    ['Name', ref.name],
    ['UID', ref.uid],
    ['APIVersion', ref.apiVersion],
    ['ResourceVersion', ref.resourceVersion],
    ['FieldPath', ref.fieldPath],
  ];
  return `v1.ObjectReference{${fields.map(([name, value]) => `${name}:${goQuote(value ?? '')}`).join(', ')}}`;
}
