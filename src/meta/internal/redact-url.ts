/**
 * A URL's user info: the scheme, then everything up to the last `@` before the host's end. Greedy, so that a password
 * with a raw `@` in it (`http://u:p@ss@host`) is redacted whole.
 */
const userInfo = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#]*@/gi;

/**
 * Text with the user info of every URL in it replaced by `***` (`http://user:password@host/` →
 * `http://***@host/`). The package runs everything it prints that may hold a URL through it: a cluster URL can carry
 * credentials, and fetch errors copy the request's URL into their messages.
 *
 * @param text - a message
 * @returns the message with no credentials in its URLs
 */
export function redactUrls(text: string): string {
  return text.includes('@') ? text.replace(userInfo, '$1***@') : text;
}

/**
 * Redacts, in place, the `message` and `stack` of `error` and of its `cause` chain (a few levels deep). Used on the
 * errors client-node's fetch rejects with: they become a `SinkError`'s `cause`, which loggers (pino's `err`
 * serializer) print whole, causes included. Nothing else holds these errors, so changing them hides nothing.
 *
 * @param error - what client-node rejected with
 */
export function redactErrorChain(error: unknown): void {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    try {
      e.message = redactUrls(e.message);
      if (e.stack !== undefined) e.stack = redactUrls(e.stack);
    } catch {
      // A frozen error cannot be changed; its URL was never the package's to print.
    }
  }
}
