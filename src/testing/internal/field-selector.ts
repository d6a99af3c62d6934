import { badRequest } from './api-status.js';
import type { EventApi } from './event-apis.js';
import type { EventRecord } from './event-record.js';

/** One `field=value` / `field!=value` term, with the field already resolved for the API version. */
interface Requirement {
  readonly read: (event: EventRecord) => string;
  readonly equal: boolean;
  readonly value: string;
}

/** A parsed `fieldSelector`: every requirement must hold (terms are ANDed). */
export type FieldSelector = readonly Requirement[];

/** Splits at unescaped `sep` (a backslash escapes the next character). */
function splitUnescaped(text: string, sep: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '\\') {
      current += c + text.charAt(i + 1);
      i++;
    } else if (text.startsWith(sep, i)) {
      parts.push(current);
      current = '';
      i += sep.length - 1;
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts;
}

function unescapeValue(text: string, selector: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = text.charAt(i + 1);
    if (next !== '\\' && next !== ',' && next !== '=') {
      throw badRequest(`invalid field selector: '${selector}': invalid escape sequence`);
    }
    out += next;
    i++;
  }
  return out;
}

/**
 * Parses a field selector (`a=b,c!=d`, `==` as `=`) against `api`'s selectable fields (events.k8s.io/v1 uses its own
 * names, e.g. `regarding.name`, `reportingController`).
 *
 * @throws ApiStatusError 400 for a term without an operator or a field the resource does not support.
 */
export function parseFieldSelector(selector: string, api: EventApi): FieldSelector {
  const requirements: Requirement[] = [];
  for (const term of splitUnescaped(selector, ',')) {
    if (term === '') continue;
    const op = ['!=', '==', '='].find((o) => splitUnescaped(term, o).length > 1);
    if (op === undefined) throw badRequest(`invalid selector: '${selector}'; can't understand '${term}'`);
    const [field = '', ...rest] = splitUnescaped(term, op);
    const read = api.fieldLabels.get(field);
    if (read === undefined) throw badRequest(`field label not supported: ${field}`);
    requirements.push({ read, equal: op !== '!=', value: unescapeValue(rest.join(op), selector) });
  }
  return requirements;
}

/** True when the event satisfies every requirement. */
export function matchesFieldSelector(selector: FieldSelector, event: EventRecord): boolean {
  return selector.every((r) => (r.read(event) === r.value) === r.equal);
}
