import { Observable } from '@kubernetes/client-node';
import type { Cluster, ConfigurationOptions, KubeConfig, ObservableMiddleware } from '@kubernetes/client-node';

/*
 * The one place that knows how `@kubernetes/client-node` 1.x and 2.x differ, as far as the sinks meet them. Everything
 * else (KubeConfig, `makeApiClient`, the object-parameter `CoreV1Api` / `EventsV1Api` calls, `ApiException` with the
 * raw response text as `body`, `setHeaderOptions`, `V1MicroTime`) is the same in both, read from both versions' code.
 *
 * |                          | 1.x (Node ≥ 20)                              | 2.x (Node ≥ 22.19)                               |
 * |--------------------------|----------------------------------------------|--------------------------------------------------|
 * | HTTP client              | node-fetch, a fresh `http(s).Agent` per call | undici `fetch`, a fresh undici `Agent` per call  |
 * | (of a `CoreV1Api`)       | (`createAgent`), no keep-alive               | (`createDispatcher`) when any TLS option is set  |
 * |                          |                                              | (even `skipTLSVerify`), else the global pool     |
 * | a sink's own requests    | Node's `http(s).request` with the agent of   | the same; 2.x's `createAgent` caches one agent   |
 * | (from a `KubeConfig`)    | `applyToHTTPSOptions`: {@link                | per cluster and user name in `agentCache`, which |
 * |                          | withKeepAliveAgents} makes it keep-alive     | {@link withKeepAliveAgents} bypasses             |
 * | TLS (of a `CoreV1Api`)   | `applySecurityAuthentication` → agent opts.  | the same options → an undici `Agent` `connect`   |
 * | `applyToFetchOptions`    | yes (node-fetch `RequestInit`)               | gone: nothing here uses it                       |
 * | per-call `AbortSignal`   | `RequestContext.setSignal` → fetch           | the same                                         |
 * | no answer                | node-fetch `FetchError`, `code` = errno      | `TypeError('fetch failed')`, the errno or        |
 * |                          |                                              | `UND_ERR_*` code on its `cause`                  |
 * | aborted                  | node-fetch `AbortError`                      | the signal's `reason` (a `DOMException`)         |
 * | `FetchError`/`AbortError`| re-exported from node-fetch                  | not exported: never import them by name, an ESM  |
 * |                          |                                              | import of a missing name fails at load time      |
 */

/** Longest a pooled socket stays open unused, as undici's default `keepAliveTimeout` under 2.x. */
const IDLE_SOCKET_TIMEOUT_MS = 4_000;

/** The TLS options client-node hands its agent factory, per request, from the KubeConfig (and its auth plugins). */
type AgentOptions = Partial<Record<(typeof TLS_OPTIONS)[number], unknown>>;
const TLS_OPTIONS = ['ca', 'cert', 'key', 'pfx', 'passphrase', 'rejectUnauthorized', 'servername'] as const;

/** client-node's agent factory (`createAgent`, both majors), which `applyToHTTPSOptions` calls for every request. */
type CreateAgent = (cluster: Cluster | null, agentOptions: AgentOptions & Record<string, unknown>) => unknown;

/**
 * A view of `kubeConfig` whose `applyToHTTPSOptions` hands every request one keep-alive agent instead of a fresh one.
 *
 * `applyToHTTPSOptions` reads the TLS options from the KubeConfig (and its auth plugins) for each request — CA, client
 * certificate and key, `insecure-skip-tls-verify`, `tls-server-name`, what an exec plugin returned — and passes them
 * with the cluster (server, `proxy-url`) to client-node's agent factory. The view overrides that factory: it makes the
 * agent the original factory would make — an `https.Agent`, an `http.Agent` for an `http:` server with
 * `insecure-skip-tls-verify`, or hpagent's / socks-proxy-agent's proxy agents, so TLS verification and proxies are
 * exactly client-node's — with keep-alive on, and hands the same one to every request while those inputs stay the
 * same; when they change (a rotated client certificate, another current context) it makes a new one, and the old
 * one's idle sockets time out. `insecure-skip-tls-verify` and `tls-server-name` apply even when the context has no
 * user, as they do for client-node 1.x's own API calls (its `applyToHTTPSOptions` reads them only for a user).
 *
 * Idle sockets do not keep the process alive (Node's agent unrefs a free socket) and close after 4 s unused (the
 * agent's `timeout`, which Node applies to free sockets only). The `KubeConfig` itself is not changed: the view reads
 * it through its prototype, so later edits to it show through; client-node 2.x's per-KubeConfig agent cache
 * (`agentCache`, keyed by cluster and user name only, so it would keep a rotated certificate's agent) is bypassed
 * with an empty one per call, and the user's own cache is left alone.
 */
export function withKeepAliveAgents(kubeConfig: KubeConfig): KubeConfig {
  const view = Object.create(kubeConfig) as KubeConfig;
  const { createAgent } = kubeConfig as unknown as { createAgent?: CreateAgent };
  if (typeof createAgent !== 'function') return view;
  (view as unknown as { createAgent: CreateAgent }).createAgent = reusing((cluster, agentOptions) => {
    const uncached = Object.assign(Object.create(kubeConfig) as object, { agentCache: new Map() });
    return createAgent.call(uncached, cluster, {
      ...agentOptions,
      ...(cluster?.skipTLSVerify === true ? { rejectUnauthorized: false } : {}),
      servername: agentOptions.servername ?? cluster?.tlsServerName,
      keepAlive: true,
      // TCP keep-alive probes after 30 s idle, as client-go and client-node 2.x.
      keepAliveMsecs: 30_000,
      timeout: IDLE_SOCKET_TIMEOUT_MS,
    });
  });
  return view;
}

/** `make`, called again only when the cluster's server or proxy or the TLS options differ from the last call's. */
function reusing(
  make: (cluster: Cluster | null, agentOptions: AgentOptions) => unknown,
): (cluster: Cluster | null, agentOptions: AgentOptions) => unknown {
  let last: { inputs: unknown[]; agent: unknown } | undefined;
  return (cluster, agentOptions) => {
    const inputs = [
      cluster?.server,
      cluster?.proxyUrl,
      cluster?.skipTLSVerify,
      ...TLS_OPTIONS.map((o) => agentOptions[o]),
    ];
    if (last === undefined || !inputs.every((input, i) => sameInput(input, last?.inputs[i]))) {
      last = { inputs, agent: make(cluster, agentOptions) };
    }
    return last.agent;
  };
}

function sameInput(a: unknown, b: unknown): boolean {
  return Buffer.isBuffer(a) && Buffer.isBuffer(b) ? a.equals(b) : a === b;
}

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
