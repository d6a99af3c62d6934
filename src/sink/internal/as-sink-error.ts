import { SinkError } from '../sink-error.js';

/**
 * Turns whatever a sink rejected with (or threw) into a {@link SinkError}.
 *
 * A sink written by a user may reject with a plain `Error` or throw synchronously. Like client-go's default branch,
 * such an error is taken as a transport error (retryable by default), with the original chained as `cause`.
 */
export function asSinkError(error: unknown, key: string): SinkError {
  if (error instanceof SinkError) {
    return error;
  }
  return new SinkError(`Unable to write event ${key}: ${describeThrown(error)}`, {
    kind: 'transport',
    key,
    cause: error,
  });
}

/**
 * A failure that is no answer of the sink's (a sink resolving something that is not an event, a retry stage that
 * threw): final, of kind `'request'`, with what was thrown as `cause`.
 */
export function writeError(key: string, what: string, cause?: unknown): SinkError {
  return new SinkError(`Unable to write event ${key}: ${what}`, { kind: 'request', key, cause });
}

/**
 * The message of anything thrown, without ever throwing itself: a rejection with `Object.create(null)` has no
 * `toString`, and a revoked proxy throws on every access.
 */
export function describeThrown(thrown: unknown): string {
  try {
    if (thrown instanceof Error) return thrown.message;
    return String(thrown);
  } catch {
    return `an unprintable ${typeof thrown}`;
  }
}
