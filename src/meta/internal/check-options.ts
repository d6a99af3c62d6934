import { describeType } from './describe-type.js';

/**
 * The options argument of a public call, checked for JavaScript callers: left out (`undefined`) is `{}`; anything
 * else that is not an object (`null` included, which a default parameter does not replace) is a `TypeError` naming
 * the call, instead of the engine's "Cannot destructure property …" from the first line that reads it.
 *
 * @param options - the argument as given
 * @param where - the call, for the message, e.g. `'EventBroadcaster'` or `'shutdown()'`
 * @returns `options`, or `{}` when it was left out
 * @throws TypeError when `options` is neither an object nor `undefined`
 */
export function checkOptions<T extends object>(options: T | undefined, where: string): Partial<T> {
  const value: unknown = options;
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null) {
    throw new TypeError(`${where}: options must be an object (or left out), got ${describeType(value)}`);
  }
  return options as Partial<T>;
}
