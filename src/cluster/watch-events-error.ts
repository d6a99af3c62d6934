import type { EventsApiVersion } from './types.js';

/** The request a {@link WatchEventsError} comes from. */
export type WatchEventsVerb = 'discover' | 'list' | 'watch';

/** Facts about a failed request of {@link watchEvents}. */
export interface WatchEventsErrorDetails {
  /** The HTTP status (or a watch `ERROR` event's `Status.code`); undefined when no answer came (transport, config). */
  readonly code: number | undefined;
  /** The Kubernetes `Status.reason` (`Forbidden`, `Unauthorized`, `BadRequest`, `Expired`, …), when known. */
  readonly reason: string | undefined;
  readonly verb: WatchEventsVerb;
  /** Undefined before discovery has chosen one. */
  readonly api: EventsApiVersion | undefined;
  /** Undefined for every namespace. */
  readonly namespace: string | undefined;
  /** True when retrying may fix it (5xx, 429, a lost connection); false for 401, 403, a bad selector, a bad config. */
  readonly retryable: boolean;
}

/**
 * A {@link watchEvents} request failed. Errors that retrying cannot fix end the stream with this error; the others
 * are retried and reported to `onStatus` as this error.
 *
 * @example
 * ```ts
 * import { watchEvents, WatchEventsError } from 'rx-kube-events';
 * import { KubeConfig } from '@kubernetes/client-node';
 *
 * const kubeConfig = new KubeConfig();
 * kubeConfig.loadFromDefault();
 * watchEvents(kubeConfig, { namespace: 'default' }).subscribe({
 *   error: (err: unknown) => {
 *     if (err instanceof WatchEventsError && err.code === 403) console.error('RBAC: allow list and watch on events');
 *   },
 * });
 * ```
 */
export class WatchEventsError extends Error implements WatchEventsErrorDetails {
  override readonly name = 'WatchEventsError';
  readonly code: number | undefined;
  readonly reason: string | undefined;
  readonly verb: WatchEventsVerb;
  readonly api: EventsApiVersion | undefined;
  readonly namespace: string | undefined;
  readonly retryable: boolean;

  /**
   * @param message - what failed, in words
   * @param details - see {@link WatchEventsErrorDetails}
   * @param options - `cause`: the underlying error
   */
  constructor(message: string, details: WatchEventsErrorDetails, options?: { cause?: unknown }) {
    super(message, options);
    this.code = details.code;
    this.reason = details.reason;
    this.verb = details.verb;
    this.api = details.api;
    this.namespace = details.namespace;
    this.retryable = details.retryable;
  }
}
