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
  const message = error instanceof Error ? error.message : String(error);
  return new SinkError(`Unable to write event ${key}: ${message}`, { kind: 'transport', key, cause: error });
}
