import { SinkError } from './sink-error.js';

/**
 * Discovery could not tell whether the API server serves events.k8s.io/v1: {@link servesEventsV1} rejects with it
 * for every failure except the 404 that means "not served". It is a {@link SinkError} (discovery chooses the sink),
 * with the same facts: `kind` — `'status'` (an error status other than 404: `status`, `reason`, `retryAfterMs`),
 * `'transport'` (no answer: refused, reset, timed out, aborted; ask again) or `'request'` (the API server's TLS
 * certificate failed verification, or the request could not be made; asking again will not help).
 *
 * client-go's adapter takes any discovery error for "not served" and records core/v1 events for the life of the
 * process; here the caller decides (ask again, fail, or fall back on purpose), knowing why.
 *
 * @example
 * ```ts
 * import { DiscoveryError, servesEventsV1 } from 'rx-kube-events';
 * try {
 *   const eventsV1 = await servesEventsV1(kubeConfig);
 * } catch (err) {
 *   if (err instanceof DiscoveryError && err.kind === 'transport') { … } // the server did not answer: try again
 * }
 * ```
 */
export class DiscoveryError extends SinkError {
  override readonly name: string = 'DiscoveryError';
}
