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
 * |                          | (`createAgent`), no keep-alive               | (`createDispatcher`) when any TLS option is set  |
 * |                          |                                              | (even `skipTLSVerify`), else the global pool     |
 * | connection reuse         | {@link withConnectionReuse}: one keep-alive  | {@link withConnectionReuse}: one undici `Agent`  |
 * |                          | agent, 4 s idle timeout                      | (keep-alive, undici's 4 s idle timeout)          |
 * | TLS from the KubeConfig  | `applyToHTTPSOptions` → agent options        | the same options → an undici `Agent` `connect`   |
 * | `applyToFetchOptions`    | yes (node-fetch `RequestInit`)               | gone: nothing here uses it                       |
 * | per-call `AbortSignal`   | `RequestContext.setSignal` → fetch           | the same                                         |
 * | no answer                | node-fetch `FetchError`, `code` = errno      | `TypeError('fetch failed')`, the errno or        |
 * |                          |                                              | `UND_ERR_*` code on its `cause`                  |
 * | aborted                  | node-fetch `AbortError`                      | the signal's `reason` (a `DOMException`)         |
 * | `FetchError`/`AbortError`| re-exported from node-fetch                  | not exported: never import them by name, an ESM  |
 * |                          |                                              | import of a missing name fails at load time      |
 */

/** Longest a pooled 1.x socket stays open unused, as undici's default `keepAliveTimeout` under 2.x. */
const IDLE_SOCKET_TIMEOUT_MS = 4_000;

/** The TLS options client-node hands its agent factory, per request, from the KubeConfig (and its auth plugins). */
type AgentOptions = Partial<Record<(typeof TLS_OPTIONS)[number], unknown>>;
const TLS_OPTIONS = ['ca', 'cert', 'key', 'pfx', 'passphrase', 'rejectUnauthorized', 'servername'] as const;

/** The private, per-request agent factories of client-node 1.x (`createAgent`) and 2.x (`createDispatcher`). */
interface AgentFactories {
  createAgent?: (cluster: Cluster | null, agentOptions: AgentOptions & Record<string, unknown>) => unknown;
  createDispatcher?: (cluster: Cluster | null, agentOptions: AgentOptions) => unknown;
}

/**
 * A view of `kubeConfig` whose API clients reuse one keep-alive connection pool instead of a fresh agent per request.
 *
 * client-node authenticates every request by calling its own agent factory with the TLS options it has just read
 * from the KubeConfig (CA, client certificate and key, `insecure-skip-tls-verify`, `tls-server-name`, what an exec
 * plugin returned) and the cluster (server, `proxy-url`). The view overrides that factory: it makes the agent the
 * original factory would make — so TLS verification and proxies are exactly client-node's — with keep-alive on (1.x),
 * and hands the same one to every request while those inputs stay the same; when they change (a rotated client
 * certificate, another current context) it makes a new one, and the old one's idle sockets time out.
 *
 * Idle sockets do not keep the process alive (Node's agent unrefs a free socket; so does undici) and close after 4 s
 * unused (1.x: the agent's `timeout`, which Node applies to free sockets only); an aborted request destroys its socket
 * rather than returning it to the pool. The `KubeConfig` itself is not changed: the view reads it through its
 * prototype, so later edits to it show through. A client-node with neither factory gets the view unchanged.
 */
export function withConnectionReuse(kubeConfig: KubeConfig): KubeConfig {
  const original = kubeConfig as unknown as AgentFactories;
  const view = Object.create(kubeConfig) as KubeConfig;
  const factories = view as unknown as AgentFactories;
  const { createAgent, createDispatcher } = original;
  if (typeof createDispatcher === 'function') {
    factories.createDispatcher = reusing((cluster, agentOptions) =>
      createDispatcher.call(kubeConfig, cluster, agentOptions),
    );
  } else if (typeof createAgent === 'function') {
    factories.createAgent = reusing((cluster, agentOptions) =>
      createAgent.call(kubeConfig, cluster, {
        ...agentOptions,
        keepAlive: true,
        // TCP keep-alive probes after 30 s idle, as client-go and client-node 2.x.
        keepAliveMsecs: 30_000,
        timeout: IDLE_SOCKET_TIMEOUT_MS,
      }),
    );
  }
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
