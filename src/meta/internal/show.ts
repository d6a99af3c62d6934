import { inspect } from 'node:util';

/** `util.inspect` of a value given by the caller, which may be a Proxy or have getters that throw. */
export function show(value: unknown): string {
  try {
    return inspect(value, { depth: 0, breakLength: Infinity, maxStringLength: 200, getters: false });
  } catch {
    return 'an uninspectable value';
  }
}
