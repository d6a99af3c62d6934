import { randomUUID } from 'node:crypto';
import { isDnsSubdomain } from '../names.js';

// Whether an object name can start an event name, by object name: a recorder names many events after few objects,
// and the regular expression is the dearest part of naming. Cleared when full, so it stays small.
const validPrefixes = new Map<string, boolean>();
const maxValidPrefixes = 4096;

// And the last name asked about, before the map: consecutive events are often about one object.
let lastName: string | undefined;
let lastValid = false;

function isValidPrefix(refName: string): boolean {
  if (refName === lastName) return lastValid;
  let valid = validPrefixes.get(refName);
  if (valid === undefined) {
    if (validPrefixes.size >= maxValidPrefixes) validPrefixes.clear();
    valid = isDnsSubdomain(refName);
    validPrefixes.set(refName, valid);
  }
  lastName = refName;
  lastValid = valid;
  return valid;
}

/**
 * `<object name>.<nanosHex>`, or a random UUID when that is not a valid object name: `generateEventName` for a time
 * already in hex (from `eventNanos.nextHex`: both recorders and the correlator's aggregate events name theirs so).
 *
 * @param refName - the name of the object the event is about
 * @param nanosHex - the event time in Unix nanoseconds, as lower-case hex
 * @returns a DNS-subdomain event name
 */
export function eventName(refName: string, nanosHex: string): string {
  const name = `${refName}.${nanosHex}`;
  // The hex suffix is itself a valid DNS label, so the name is a DNS subdomain exactly when the object name is one
  // and the whole fits in 253 characters.
  return name.length <= 253 && isValidPrefix(refName) ? name : randomUUID();
}
