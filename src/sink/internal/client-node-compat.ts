import { Observable } from '@kubernetes/client-node';
import type { ConfigurationOptions, ObservableMiddleware } from '@kubernetes/client-node';

/*
 * The one place that knows how `@kubernetes/client-node` 1.x and 2.x differ, as far as the sinks meet them. Everything
 * else (KubeConfig, `makeApiClient`, the object-parameter `CoreV1Api` / `EventsV1Api` calls, `ApiException` with the
 * raw response text as `body`, `setHeaderOptions`, `V1MicroTime`) is the same in both, read from both versions' code.
 *
 * |                          | 1.x (Node ≥ 20)                              | 2.x (Node ≥ 22.19)                               |
 * |--------------------------|----------------------------------------------|--------------------------------------------------|
 * | HTTP client              | node-fetch, a fresh `http(s).Agent` per call | undici `fetch`; plain HTTP on undici's global    |
 * |                          | with `Connection: close`                     | keep-alive pool, TLS on a fresh undici `Agent`   |
 * | TLS from the KubeConfig  | `applyToHTTPSOptions` → agent options        | the same options → an undici `Agent` `connect`   |
 * | `applyToFetchOptions`    | yes (node-fetch `RequestInit`)               | gone: nothing here uses it                       |
 * | per-call `AbortSignal`   | `RequestContext.setSignal` → fetch           | the same                                         |
 * | no answer                | node-fetch `FetchError`, `code` = errno      | `TypeError('fetch failed')`, the errno or        |
 * |                          |                                              | `UND_ERR_*` code on its `cause`                  |
 * | aborted                  | node-fetch `AbortError`                      | the signal's `reason` (a `DOMException`)         |
 * | `FetchError`/`AbortError`| re-exported from node-fetch                  | not exported: never import them by name, an ESM  |
 * |                          |                                              | import of a missing name fails at load time      |
 */

/**
 * Per-call client-node options that attach `signal` to the request, in both majors (a `pre` middleware calling
 * `RequestContext.setSignal`, appended so that the `User-Agent` middleware of `makeApiClient` stays).
 */
export function withSignal(signal: AbortSignal): ConfigurationOptions {
  const middleware: ObservableMiddleware = {
    pre: (context) => {
      context.setSignal(signal);
      return new Observable(Promise.resolve(context));
    },
    post: (context) => new Observable(Promise.resolve(context)),
  };
  return { middleware: [middleware], middlewareMergeStrategy: 'append' };
}

/**
 * Whether `err` is the HTTP client's own failure (no answer from the server, or an aborted request) rather than an
 * `ApiException` or a mistake in building the call: node-fetch's `FetchError` / `AbortError` under 1.x, undici's
 * `TypeError('fetch failed')` and the `AbortError` / `TimeoutError` `DOMException`s under 2.x. Told apart by name,
 * since 2.x exports no class to test against.
 */
export function isFetchFailure(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err.name === 'FetchError' || err.name === 'AbortError' || err.name === 'TimeoutError') return true;
  return err instanceof TypeError && err.message === 'fetch failed';
}

/**
 * The most specific message on `err`'s `cause` chain: undici's `fetch failed` says nothing, its cause says
 * `other side closed` or `connect ECONNREFUSED 127.0.0.1:6443`.
 */
export function innermostMessage(err: unknown): string {
  let message = err instanceof Error ? err.message : String(err);
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e.message !== '') message = e.message;
  }
  return message;
}
