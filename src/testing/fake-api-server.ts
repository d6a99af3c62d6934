import { KubeConfig } from '@kubernetes/client-node';
import { asyncScheduler } from 'rxjs';
import type { SchedulerLike } from 'rxjs';
import type { CoreV1Event } from '../meta/types.js';
import { ApiServerCore } from './internal/api-server.js';

/** A Kubernetes verb, as the fake server's `authorize` hook sees it. */
export type FakeVerb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete';

/** What an authorizer decides on: the RBAC request attributes of one events request. */
export interface FakeRequestAttributes {
  readonly verb: FakeVerb;
  /** `''` for core/v1, `'events.k8s.io'` for events.k8s.io/v1. */
  readonly apiGroup: '' | 'events.k8s.io';
  readonly resource: 'events';
  /** Undefined for the all-namespaces collection. */
  readonly namespace: string | undefined;
  /** Undefined for collection requests (list, watch, create). */
  readonly name: string | undefined;
  /** `'system:anonymous'`, or `'fake-user'` when the server checks a bearer token. */
  readonly user: string;
}

/** Options for {@link startFakeApiServer}. */
export interface FakeApiServerOptions {
  /**
   * Require `Authorization: Bearer <token>` on every request (401 `Unauthorized` otherwise); the returned
   * `kubeConfig` carries it.
   * @defaultValue no authentication
   */
  token?: string | undefined;
  /**
   * Decide each events request; `false` answers 403 `Forbidden` with the apiserver's RBAC message. A throwing
   * authorizer answers 500.
   * @defaultValue everything allowed
   */
  authorize?: ((attributes: FakeRequestAttributes) => boolean) | undefined;
  /**
   * Serve events.k8s.io/v1. `false` makes the group disappear from discovery (`GET /apis` lists no group, its paths
   * answer 404), like a cluster without it.
   * @defaultValue true
   */
  eventsV1?: boolean | undefined;
  /**
   * Namespaces being deleted: creates there answer 403 `Forbidden` with a `NamespaceTerminating` cause. The set is
   * live as `server.terminatingNamespaces`.
   * @defaultValue none
   */
  terminatingNamespaces?: Iterable<string> | undefined;
  /**
   * How many changes the server keeps for watches to resume from; a watch from an older resourceVersion gets a 410
   * `Expired` `ERROR` event.
   * @defaultValue 1000
   */
  historyLimit?: number | undefined;
  /**
   * How many requests `requests()` keeps, newest last; older ones are forgotten (a long soak need not keep them all).
   * @defaultValue every request
   */
  requestLogLimit?: number | undefined;
  /**
   * How often a watch that asked for bookmarks (`allowWatchBookmarks=true`) gets a `BOOKMARK` with the current
   * resourceVersion, on the server's scheduler; {@link FakeApiServer.sendBookmarks} sends one at once.
   * @defaultValue 60000 (the apiserver's watch cache sends one about every minute)
   */
  bookmarkIntervalMs?: number | undefined;
  /**
   * Clock for `creationTimestamp`, fault delays and watch `timeoutSeconds`.
   * @defaultValue `asyncScheduler`
   */
  scheduler?: SchedulerLike | undefined;
}

/** An injected fault. An empty object is a fault that does nothing (a script step that lets its request through). */
export interface FakeFault {
  /** Answer with this HTTP status and a Kubernetes `Status` body (e.g. 429, 500, 503). */
  readonly status?: number | undefined;
  /** `Status.reason`. @defaultValue the apiserver's reason for the code (`TooManyRequests`, `ServiceUnavailable`, …) */
  readonly reason?: string | undefined;
  /** `Status.message`. @defaultValue the apiserver's message for the code */
  readonly message?: string | undefined;
  /** Send `Retry-After: <n>` and `details.retryAfterSeconds`, as the apiserver's 429 does. */
  readonly retryAfterSeconds?: number | undefined;
  /**
   * Hold the request this long (on the server's scheduler) before anything else happens; `Infinity` holds it until
   * `close()`, like a server that accepts and never answers. At most 2³¹ − 1 ms otherwise.
   */
  readonly delayMs?: number | undefined;
  /** Destroy the connection without an answer (the client sees `ECONNRESET` / "socket hang up"). */
  readonly drop?: boolean | undefined;
  /**
   * Apply `status` or `drop` after the server has handled the request: the write happened, but the client gets the
   * fault instead of the answer.
   * @defaultValue false (the request never reaches the store)
   */
  readonly after?: boolean | undefined;
}

/** Which requests a fault rule applies to. */
export interface FakeFaultMatch {
  /** HTTP method(s), case-insensitive. @defaultValue any */
  readonly method?: string | readonly string[] | undefined;
  /**
   * The path, or a path prefix ending at a segment boundary (`/api/v1/namespaces/default/events` matches its items
   * too), or a RegExp tested against the path.
   * @defaultValue any
   */
  readonly path?: string | RegExp | undefined;
}

/** Options for {@link FakeApiServerFaults.rate}. */
export interface FakeFaultRateOptions {
  /** @defaultValue every request */
  readonly match?: FakeFaultMatch | undefined;
  /** Seed for a deterministic PRNG, so a test sees the same faults on every run. @defaultValue `Math.random` */
  readonly seed?: number | undefined;
}

/** One fault the server injected. */
export interface InjectedFault {
  readonly method: string;
  readonly path: string;
  readonly fault: FakeFault;
}

/**
 * Fault injection: rules are tried in the order added, and the first that supplies a fault for a request applies.
 *
 * @example
 * ```ts
 * server.faults.script([{ status: 503 }, { drop: true }, { status: 429, retryAfterSeconds: 1 }], { method: 'POST' });
 * server.faults.rate(0.2, { status: 500 }, { seed: 42 });
 * ```
 */
export interface FakeApiServerFaults {
  /**
   * Queues faults for the next matching requests, one each, in order; an empty step lets its request through.
   *
   * @throws RangeError for a status outside 100–599, a negative delay or one of 2³¹ ms or more (other than
   *   `Infinity`), a negative Retry-After, or `drop` with `status`.
   */
  script(faults: readonly FakeFault[], match?: FakeFaultMatch): void;
  /**
   * Injects `fault` into each matching request with the given probability, until {@link FakeApiServerFaults.clear}.
   *
   * @throws RangeError for a probability outside [0, 1], a non-integer seed or an invalid fault.
   */
  rate(probability: number, fault: FakeFault, options?: FakeFaultRateOptions): void;
  /** Removes every rule and forgets the injected log. */
  clear(): void;
  /** The faults injected so far, oldest first. */
  readonly injected: readonly InjectedFault[];
  /** Scripted faults not yet consumed. */
  readonly pending: number;
}

/** One request as the server saw it, for asserting order, content types and bodies. */
export interface FakeRequestRecord {
  readonly method: string;
  /** The path, without the query. */
  readonly path: string;
  /** The query string with its `?`, or `''`. */
  readonly query: string;
  readonly contentType: string | undefined;
  /** The request body as text (`''` when none). */
  readonly body: string;
  /** The status answered; undefined while in flight or when the connection was dropped. */
  readonly status: number | undefined;
  /** The fault injected into this request, if any. */
  readonly fault: FakeFault | undefined;
}

/** JSON form of a type: `Date`s become RFC 3339 strings (or `null`, as Go writes an unset time). */
export type Wire<T> = T extends Date ? string | null : T extends object ? { [K in keyof T]: Wire<T[K]> } : T;

/**
 * A core/v1 Event as the fake server stores and serves it: plain JSON, metadata filled in by the server. Times are
 * strings (`metav1.Time` in whole seconds, `MicroTime` with six digits) or `null`.
 */
export type StoredEvent = Wire<CoreV1Event> & {
  readonly metadata: {
    readonly name: string;
    readonly namespace: string;
    readonly uid: string;
    readonly resourceVersion: string;
    readonly creationTimestamp: string;
  };
};

/** A running fake API server. See {@link startFakeApiServer}. */
export interface FakeApiServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /**
   * A client-node `KubeConfig` for the server: one cluster (`skipTLSVerify`, which client-node requires for plain
   * HTTP), a user with the bearer token when `token` is set, and a current context with namespace `default`.
   */
  readonly kubeConfig: KubeConfig;
  /** Fault injection. */
  readonly faults: FakeApiServerFaults;
  /** Namespaces being deleted (creates there answer 403 with a `NamespaceTerminating` cause); mutable. */
  readonly terminatingNamespaces: Set<string>;
  /** The stored core/v1 events, of one namespace or all, ordered by namespace and name; copies. */
  events(namespace?: string): StoredEvent[];
  /** Every request received so far, oldest first; copies. */
  requests(): FakeRequestRecord[];
  /**
   * Client connections open now. A client that aborts its requests closes them: a leak test can wait for 0 before
   * `close()` (which destroys whatever is left).
   */
  readonly openConnections: number;
  /**
   * Client connections accepted since the server started, open or closed: a client that reuses its connections makes
   * one for many sequential requests.
   */
  readonly connectionsAccepted: number;
  /** The newest resourceVersion handed out, as the decimal string the server sends. */
  readonly resourceVersion: string;
  /** Forgets the watch history, as an etcd compaction: watches from an older resourceVersion then get 410. */
  compact(): void;
  /** How many watches are being served now (a client that unsubscribed has closed its own). */
  readonly openWatches: number;
  /** Sends a `BOOKMARK` now on every open watch that asked for bookmarks; returns how many got one. */
  sendBookmarks(): number;
  /**
   * Destroys the connection of every open watch without ending its response (the client sees a reset, as when a
   * load balancer or the network drops it); returns how many were dropped.
   */
  dropWatches(): number;
  /** Deletes every event (without watch notifications), forgets the request log, clears the faults. */
  reset(): void;
  /**
   * Stops the server: ends every watch, cancels pending fault delays, destroys every open socket, and resolves when
   * the listening socket is closed. Idempotent.
   */
  close(): Promise<void>;
}

/**
 * Starts an in-process Kubernetes API server for events, on `127.0.0.1` and a random port, for tests that talk to it
 * through `@kubernetes/client-node` over real HTTP.
 *
 * It serves core/v1 and events.k8s.io/v1 events (create, get, list, watch, update, patch, delete) over one store, with
 * the apiserver's validation, conversion, resourceVersion and `Status` bodies, plus discovery, optional bearer-token
 * authentication and authorization, terminating namespaces and fault injection. `docs/testing.md` lists what it
 * enforces and what it leaves out.
 *
 * @param options - see {@link FakeApiServerOptions}.
 * @returns the running server; call `close()` when done.
 * @throws RangeError for a `historyLimit` that is not a whole number ≥ 1, a `bookmarkIntervalMs` that is not > 0, or a negative `requestLogLimit`.
 *
 * @example
 * ```ts
 * import { CoreV1Api } from '@kubernetes/client-node';
 * import { startFakeApiServer } from 'rx-kube-events/testing';
 *
 * const server = await startFakeApiServer();
 * try {
 *   const core = server.kubeConfig.makeApiClient(CoreV1Api);
 *   await core.createNamespacedEvent({ namespace: 'default', body: { metadata: { name: 'e1' }, involvedObject: {} } });
 *   console.log(server.events('default').map((e) => e.metadata.name)); // ['e1']
 * } finally {
 *   await server.close();
 * }
 * ```
 */
export async function startFakeApiServer(options: FakeApiServerOptions = {}): Promise<FakeApiServer> {
  const {
    token,
    authorize,
    eventsV1 = true,
    terminatingNamespaces = [],
    historyLimit = 1000,
    bookmarkIntervalMs = 60_000,
    requestLogLimit = Number.POSITIVE_INFINITY,
    scheduler = asyncScheduler,
  } = options;
  if (!Number.isInteger(historyLimit) || historyLimit < 1) {
    throw new RangeError(`historyLimit must be a whole number ≥ 1, got ${historyLimit}`);
  }
  if (!(requestLogLimit >= 0)) throw new RangeError(`requestLogLimit must be ≥ 0, got ${requestLogLimit}`);
  if (!(Number.isFinite(bookmarkIntervalMs) && bookmarkIntervalMs > 0)) {
    throw new RangeError(`bookmarkIntervalMs must be a finite number > 0, got ${bookmarkIntervalMs}`);
  }
  const core = new ApiServerCore({
    token,
    authorize,
    eventsV1,
    terminatingNamespaces: new Set(terminatingNamespaces),
    historyLimit,
    bookmarkIntervalMs,
    requestLogLimit,
    scheduler,
  });
  const url = await core.listen();
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'fake', server: url, skipTLSVerify: true }],
    users: [token === undefined ? { name: 'fake' } : { name: 'fake', token }],
    contexts: [{ name: 'fake', cluster: 'fake', user: 'fake', namespace: 'default' }],
    currentContext: 'fake',
  });
  return {
    url,
    kubeConfig,
    faults: core.faults,
    terminatingNamespaces: core.terminatingNamespaces,
    events: (namespace) => core.storedEvents(namespace) as StoredEvent[],
    requests: () => core.requests(),
    get openConnections() {
      return core.openConnections;
    },
    get connectionsAccepted() {
      return core.connectionsAccepted;
    },
    get resourceVersion() {
      return String(core.store.resourceVersion);
    },
    compact: () => {
      core.store.compact();
    },
    get openWatches() {
      return core.openWatches;
    },
    sendBookmarks: () => core.sendBookmarks(),
    dropWatches: () => core.dropWatches(),
    reset: () => {
      core.reset();
    },
    close: () => core.close(),
  };
}
