import { redactUrls } from '../meta/internal/redact-url.js';

/**
 * How a sink call failed: `'status'`, the server answered with an error status; `'transport'`, the request got no
 * answer (it may be retried); `'request'`, it could not be made and trying again will not help (refused before any
 * I/O, or the API server's TLS certificate failed verification).
 */
export type SinkErrorKind = 'status' | 'transport' | 'request';

/** One entry of a Kubernetes `Status.details.causes`. */
export interface StatusCause {
  readonly type?: string | undefined;
  readonly message?: string | undefined;
  readonly field?: string | undefined;
}

/** Facts carried by a {@link SinkError}. */
export interface SinkErrorDetails {
  readonly kind: SinkErrorKind;
  /** HTTP status code, for `kind: 'status'`. */
  readonly status?: number | undefined;
  /** The Kubernetes `Status.reason` (`AlreadyExists`, `NotFound`, `Invalid`, `TooManyRequests`, …) when the body had one. */
  readonly reason?: string | undefined;
  /** `Status.details.causes`, e.g. a `NamespaceTerminating` cause. */
  readonly causes?: readonly StatusCause[] | undefined;
  /** The server's `Retry-After`, in milliseconds, when it sent one. */
  readonly retryAfterMs?: number | undefined;
  /** The correlation key of the event being written, when known. */
  readonly key?: string | undefined;
  readonly cause?: unknown;
}

/**
 * A failed sink call, with the facts needed to decide whether to retry it.
 *
 * `@kubernetes/client-node` reports errors as `ApiException` with the response body as raw text; sinks parse it into
 * `status`, `reason` and `causes` here, so callers can use `instanceof SinkError` and read typed fields.
 *
 * @example
 * ```ts
 * import { SinkError } from 'rx-kube-events';
 * if (err instanceof SinkError && err.reason === 'AlreadyExists') { … }
 * ```
 */
export class SinkError extends Error {
  override readonly name: string = 'SinkError';
  readonly kind: SinkErrorKind;
  readonly status: number | undefined;
  readonly reason: string | undefined;
  readonly causes: readonly StatusCause[];
  readonly retryAfterMs: number | undefined;
  readonly key: string | undefined;

  /**
   * @param message - what failed and what to do; the user info of any URL in it is replaced by `***`, so that
   *   credentials in a cluster URL never reach a log
   * @param details - the kind of failure and its facts
   */
  constructor(message: string, details: SinkErrorDetails) {
    super(redactUrls(message), details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = details.kind;
    this.status = details.status;
    this.reason = details.reason;
    this.causes = details.causes ?? [];
    this.retryAfterMs = details.retryAfterMs;
    this.key = details.key;
  }

  /** True when the server said the event already exists (HTTP 409, reason `AlreadyExists`). */
  get isAlreadyExists(): boolean {
    return this.kind === 'status' && this.status === 409 && this.reason === 'AlreadyExists';
  }

  /** True when the event's namespace is being deleted (a `NamespaceTerminating` status cause). */
  get isNamespaceTerminating(): boolean {
    return this.causes.some((c) => c.type === 'NamespaceTerminating');
  }

  /** True for HTTP 404, the answer to a patch of an event the server no longer has (client-go checks the code only). */
  get isNotFound(): boolean {
    return this.kind === 'status' && this.status === 404;
  }
}
