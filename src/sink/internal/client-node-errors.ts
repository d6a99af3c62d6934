import { ApiException, RequiredError } from '@kubernetes/client-node';
import { innermostMessage, isFetchFailure } from './client-node-compat.js';
import { SinkError } from '../sink-error.js';
import type { StatusCause } from '../sink-error.js';
import { clause } from '../../meta/internal/sentence.js';
import { redactErrorChain } from '../../meta/internal/redact-url.js';
import { findCode, tlsFailure } from '../../meta/internal/tls-failure.js';
import { isRecord } from '../../meta/internal/is-record.js';

/** The sink call that failed, for messages. */
export interface WriteTarget {
  readonly verb: 'create' | 'patch' | 'update';
  readonly namespace: string;
  readonly name: string | undefined;
}

/** The parts of a Kubernetes `Status` body the sink reads. */
interface ParsedStatus {
  readonly message: string | undefined;
  readonly reason: string | undefined;
  readonly causes: readonly StatusCause[];
  readonly retryAfterSeconds: number | undefined;
}

/** Socket-level error codes: the request got no usable answer, so it may be retried. */
const transportCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

const optionalString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** `Creating event ns/name`: how messages name the write. */
export function describeWrite(target: WriteTarget): string {
  const verb = { create: 'Creating', patch: 'Patching', update: 'Updating' }[target.verb];
  return `${verb} event ${target.namespace}/${target.name ?? '(no name)'}`;
}

/**
 * Parses an `ApiException` body as a Kubernetes `Status`. client-node 1.x hands over the raw response text (a string, a
 * Buffer for binary bodies, undefined for 401); a parsed object is accepted too, for newer versions.
 */
export function parseStatusBody(body: unknown): ParsedStatus | undefined {
  let value: unknown = body;
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    try {
      value = JSON.parse(body.toString());
    } catch {
      return undefined;
    }
  }
  if (!isRecord(value)) return undefined;
  const details = isRecord(value['details']) ? value['details'] : {};
  const causes = Array.isArray(details['causes']) ? details['causes'] : [];
  const retryAfter = details['retryAfterSeconds'];
  return {
    message: optionalString(value['message']),
    reason: optionalString(value['reason']),
    // StatusCause's Go field Type is `reason` on the wire.
    causes: causes.filter(isRecord).map((c) => ({
      type: optionalString(c['reason']),
      message: optionalString(c['message']),
      field: optionalString(c['field']),
    })),
    retryAfterSeconds: typeof retryAfter === 'number' && retryAfter > 0 ? retryAfter : undefined,
  };
}

function header(headers: Readonly<Record<string, string>> | undefined, name: string): string | undefined {
  const entry = Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === name);
  return entry?.[1];
}

/**
 * `Retry-After` in milliseconds: delay-seconds, or an HTTP-date measured against the response's own `Date` header (so
 * the client's clock skew does not matter), falling back to `now()`; then `Status.details.retryAfterSeconds`.
 */
export function retryAfterMs(
  headers: Readonly<Record<string, string>> | undefined,
  status: ParsedStatus | undefined,
  now: () => number,
): number | undefined {
  const raw = header(headers, 'retry-after')?.trim();
  if (raw !== undefined && raw !== '') {
    if (/^\d+$/.test(raw)) return Number(raw) * 1000;
    const at = Date.parse(raw);
    if (!Number.isNaN(at)) {
      const served = Date.parse(header(headers, 'date') ?? '');
      return Math.max(0, at - (Number.isNaN(served) ? now() : served));
    }
  }
  return status?.retryAfterSeconds === undefined ? undefined : status.retryAfterSeconds * 1000;
}

function statusHint(
  code: number,
  reason: string | undefined,
  causes: readonly StatusCause[],
  target: WriteTarget,
  retryMs: number | undefined,
): string {
  const later = retryMs === undefined ? 'retry later' : `retry after ${retryMs} ms`;
  if (causes.some((c) => c.type === 'NamespaceTerminating')) {
    return `Namespace ${target.namespace} is being deleted; the event cannot be written there.`;
  }
  if (code === 409 && reason === 'AlreadyExists') return 'The event already exists; there is nothing to retry.';
  if (code === 409) return 'The event changed on the server; read it again before writing.';
  if (code === 404) {
    return target.verb === 'create'
      ? `Namespace ${target.namespace} or the events API was not found.`
      : 'The event is gone from the server (expired or deleted); create it again.';
  }
  if (code === 401) return "The API server rejected the credentials; check the KubeConfig's user.";
  if (code === 403) return `Grant the sink's identity RBAC permission to ${target.verb} events in ${target.namespace}.`;
  if (code === 422) {
    const fields = causes.map((c) => c.field).filter((f) => f !== undefined);
    return `The server rejected the event's fields${fields.length > 0 ? ` (${fields.join(', ')})` : ''}; fix the event, retrying will not help.`;
  }
  if (code === 429) return `The API server is throttling requests; ${later}.`;
  if (code >= 500) return `The API server failed; ${later}.`;
  return 'Retrying the same request will not help.';
}

function fromApiException(err: ApiException<unknown>, target: WriteTarget, now: () => number): SinkError {
  const status = parseStatusBody(err.body);
  const retryMs = retryAfterMs(err.headers, status, now);
  let text = status?.message;
  if (text === undefined && (typeof err.body === 'string' || Buffer.isBuffer(err.body))) {
    text = err.body.toString().trim().slice(0, 200);
  }
  const what = [`HTTP ${err.code}`, status?.reason].filter((s) => s !== undefined && s !== '').join(' ');
  const causes = status?.causes ?? [];
  return new SinkError(
    `${describeWrite(target)} failed: ${what}${text === undefined || text === '' ? '' : `: ${clause(text)}`}. ${statusHint(err.code, status?.reason, causes, target, retryMs)}`,
    { kind: 'status', status: err.code, reason: status?.reason, causes, retryAfterMs: retryMs, cause: err },
  );
}

/** Whether a socket-level error code means the request got no usable answer (so it may be retried). */
export const isTransportCode = (code: string): boolean => transportCodes.has(code) || code.startsWith('UND_ERR_');

/**
 * Turns whatever a client-node call rejected with into a {@link SinkError}: `ApiException` → `'status'` (Status body
 * parsed, `Retry-After` read); a TLS certificate that failed verification → `'request'` (final: the same request
 * fails the same way), saying what to check; other fetch and socket failures → `'transport'`; `RequiredError` and
 * anything else thrown while building the request → `'request'`. The original error is always the `cause`, with the
 * user info of the URLs in its message and stack (and its causes') redacted.
 */
export function toSinkError(err: unknown, target: WriteTarget, now: () => number): SinkError {
  if (err instanceof SinkError) return err;
  if (err instanceof ApiException) return fromApiException(err as ApiException<unknown>, target, now);
  // Fetch errors copy the request URL, credentials included, into their message and stack.
  redactErrorChain(err);
  const message = err instanceof Error ? err.message : String(err);
  const tls = tlsFailure(err);
  if (tls !== undefined) {
    return new SinkError(
      `${describeWrite(target)} failed: the API server's TLS certificate could not be verified (${tls.code}: ${innermostMessage(err)}). ${tls.hint}; retrying will not help.`,
      { kind: 'request', cause: err },
    );
  }
  const code = findCode(err, isTransportCode);
  if (isFetchFailure(err) || code !== undefined) {
    return new SinkError(
      `${describeWrite(target)} failed before the API server answered (${code ?? (err as Error).name}: ${innermostMessage(err)}). Check that the server in the KubeConfig is reachable; the write may be retried.`,
      { kind: 'transport', cause: err },
    );
  }
  const what = err instanceof RequiredError ? `a required parameter is missing (${err.field})` : message;
  return new SinkError(
    `${describeWrite(target)} could not be sent: ${clause(what)}. Fix the event or the sink's configuration; retrying will not help.`,
    { kind: 'request', cause: err },
  );
}
