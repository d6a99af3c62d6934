import { isFetchFailure } from '../../../src/sink/internal/client-node-compat.js';

/**
 * The socket error code of a client-node HTTP failure, in either major: node-fetch's `FetchError.code` (1.x) or the
 * code on the `cause` chain of undici's `TypeError('fetch failed')` (2.x). `undefined` for anything else.
 */
export function fetchFailureCode(err: unknown): string | undefined {
  if (!isFetchFailure(err)) return undefined;
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** How each major reports a connection the server dropped: node-fetch says ECONNRESET, undici UND_ERR_SOCKET. */
export const droppedConnectionCodes = ['ECONNRESET', 'UND_ERR_SOCKET'];
