import { ApiException, KubeConfig } from '@kubernetes/client-node';
import { asyncScheduler } from 'rxjs';
import type { SchedulerLike } from 'rxjs';
import { checkOptions } from '../meta/internal/check-options.js';
import { redactErrorChain } from '../meta/internal/redact-url.js';
import { clause } from '../meta/internal/sentence.js';
import { checkTimeOption } from '../meta/internal/time-option.js';
import { findCode, tlsFailure } from '../meta/internal/tls-failure.js';
import { DiscoveryError } from './discovery-error.js';
import { isTransportCode, parseStatusBody, retryAfterMs } from './internal/client-node-errors.js';
import { innermostMessage } from './internal/client-node-compat.js';
import { kubeRequester } from './internal/kube-request.js';
import type { KubeRequester } from './internal/kube-request.js';
import { requestSignal } from './internal/request-signal.js';

/** Options of {@link servesEventsV1}. */
export interface ServesEventsV1Options {
  /** Aborts the request: the call rejects with a `'transport'` {@link DiscoveryError}. */
  signal?: AbortSignal | undefined;
  /**
   * Longest wait for the answer, in milliseconds; then the request is aborted and the call rejects with a
   * `'transport'` {@link DiscoveryError}. `0` or `Infinity` waits forever.
   * @defaultValue 30000
   */
  timeoutMs?: number | undefined;
  /**
   * The clock of `timeoutMs`.
   * @defaultValue `asyncScheduler`
   */
  scheduler?: SchedulerLike | undefined;
}

/**
 * Whether the API server of `kubeConfig` serves events.k8s.io/v1: `GET /apis/events.k8s.io/v1`, as client-go's
 * `NewEventBroadcasterAdapter` asks (`ServerResourcesForGroupVersion("events.k8s.io/v1")`) to choose between its
 * events.k8s.io/v1 recorder and the core/v1 one.
 *
 * It resolves `true` when the server answers with the group version's resources and `false` when it answers 404 (a
 * server without the API: record core/v1 events). Every other outcome rejects with a {@link DiscoveryError}, where
 * client-go takes any error for "not served" and so silently records core/v1 events for the life of the process
 * because of, say, one refused connection at start-up:
 *
 * - `'status'`: another error status, e.g. 401 (the credentials), 403, 429 or 503 (`status`, `reason` set);
 * - `'transport'`: no answer (connection refused or reset, `timeoutMs` passed, `signal` aborted): ask again later;
 * - `'request'`: the API server's TLS certificate failed verification, or the request could not be made.
 *
 * The request is sent as a sink made from a `KubeConfig` sends its writes: Node's `http(s).request` with the
 * KubeConfig's credentials, TLS settings and `proxy-url` (through client-node's `applyToHTTPSOptions`).
 *
 * @param kubeConfig - a `KubeConfig` with a current cluster
 * @param options - `signal`, `timeoutMs` and its `scheduler`
 * @returns whether events.k8s.io/v1 is served
 * @throws TypeError when `kubeConfig` is not a `KubeConfig` or has no current cluster, or `options` is not an object
 * @throws RangeError when `timeoutMs` is negative, not a number, or 2³¹ ms or more (other than `Infinity`)
 * @example
 * ```ts
 * import { KubeConfig } from '@kubernetes/client-node';
 * import { servesEventsV1 } from 'rx-kube-events';
 *
 * const kubeConfig = new KubeConfig();
 * kubeConfig.loadFromDefault();
 * const api = (await servesEventsV1(kubeConfig, { signal: AbortSignal.timeout(10_000) })) ? 'events.k8s.io/v1' : 'v1';
 * ```
 */
export function servesEventsV1(kubeConfig: KubeConfig, options: ServesEventsV1Options = {}): Promise<boolean> {
  const { signal, timeoutMs = 30_000, scheduler = asyncScheduler } = checkOptions(options, 'servesEventsV1()');
  checkTimeOption('servesEventsV1(): timeoutMs', timeoutMs, 'no-limit');
  if (!((kubeConfig as unknown) instanceof KubeConfig)) {
    throw new TypeError('servesEventsV1() needs a KubeConfig from @kubernetes/client-node');
  }
  const server = kubeConfig.getCurrentCluster()?.server;
  if (server === undefined) {
    throw new TypeError(
      'servesEventsV1(): the KubeConfig has no current cluster; load a config with a current context first',
    );
  }
  return ask(kubeRequester(kubeConfig), server, signal, timeoutMs === Infinity ? 0 : timeoutMs, scheduler);
}

async function ask(
  send: KubeRequester,
  server: string,
  signal: AbortSignal | undefined,
  timeoutMs: number,
  scheduler: SchedulerLike,
): Promise<boolean> {
  const request = requestSignal(signal, timeoutMs, scheduler);
  const what = `Discovering events.k8s.io/v1 at ${server}`;
  try {
    await send({ method: 'GET', path: '/apis/events.k8s.io/v1', signal: request.signal });
    return true;
  } catch (err) {
    if (err instanceof ApiException && err.code === 404) return false;
    if (signal?.aborted === true) {
      throw new DiscoveryError(`${what} was aborted by the caller's signal.`, { kind: 'transport', cause: err });
    }
    if (request.signal.aborted) {
      throw new DiscoveryError(
        `${what} got no answer within ${String(timeoutMs)} ms (timeoutMs). Check that the server is reachable, and ask again.`,
        { kind: 'transport', cause: err },
      );
    }
    throw discoveryFailure(what, err, () => scheduler.now());
  } finally {
    request.release();
  }
}

function discoveryFailure(what: string, err: unknown, now: () => number): DiscoveryError {
  if (err instanceof ApiException) {
    const { code, body, headers } = err as ApiException<unknown>;
    const status = parseStatusBody(body);
    const text = status?.message === undefined ? '' : `: ${clause(status.message)}`;
    const hint =
      code === 401
        ? "The API server rejected the credentials; check the KubeConfig's user."
        : 'It is unknown whether the server serves events.k8s.io/v1; ask again, or choose the API yourself.';
    return new DiscoveryError(`${what} failed: HTTP ${String(code)}${text}. ${hint}`, {
      kind: 'status',
      status: code,
      reason: status?.reason,
      retryAfterMs: retryAfterMs(headers, status, now),
      cause: err,
    });
  }
  // Errors may copy the request URL, credentials included, into their message and stack.
  redactErrorChain(err);
  const tls = tlsFailure(err);
  if (tls !== undefined) {
    return new DiscoveryError(
      `${what} failed: the API server's TLS certificate could not be verified (${tls.code}: ${innermostMessage(err)}). ${tls.hint}.`,
      { kind: 'request', cause: err },
    );
  }
  const code = findCode(err, isTransportCode);
  if (code !== undefined) {
    return new DiscoveryError(
      `${what} failed before the API server answered (${code}: ${innermostMessage(err)}). Check that the server in the KubeConfig is reachable, and ask again.`,
      { kind: 'transport', cause: err },
    );
  }
  return new DiscoveryError(`${what} could not be sent: ${clause(innermostMessage(err))}.`, {
    kind: 'request',
    cause: err,
  });
}
