import { STATUS_CODES } from 'node:http';
import { redactErrorChain, redactUrls } from '../../meta/internal/redact-url.js';
import { tlsFailure } from '../../meta/internal/tls-failure.js';
import type { EventsApiVersion } from '../types.js';
import { WatchEventsError } from '../watch-events-error.js';
import type { WatchEventsVerb } from '../watch-events-error.js';
import { isRecord } from '../../meta/internal/is-record.js';

/** A watch `ERROR` event: its object is a Kubernetes `Status`. */
export class WatchStatusEvent extends Error {
  override readonly name = 'WatchStatusEvent';
  readonly status: unknown;

  constructor(status: unknown) {
    super('watch ERROR event');
    this.status = status;
  }
}

/** A watch that ended cleanly within a second and delivered nothing: retried with backoff, as client-go does. */
export class ShortWatchError extends Error {
  override readonly name = 'ShortWatchError';

  constructor() {
    super('the watch ended within a second without delivering anything');
  }
}

/** Statuses that retrying cannot fix: the request itself or its credentials are wrong. */
const finalCodes = new Set([400, 401, 403, 404, 405, 406, 415, 422]);

/** Reasons the apiserver uses, for watch failures that carry only a status code. */
const reasons: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  410: 'Expired',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

interface Answer {
  readonly code: number | undefined;
  readonly reason: string | undefined;
  readonly message: string | undefined;
}

function statusOf(value: unknown): Answer {
  let status = value;
  if (typeof value === 'string' || Buffer.isBuffer(value)) {
    try {
      status = JSON.parse(value.toString());
    } catch {
      status = undefined;
    }
  }
  if (!isRecord(status)) return { code: undefined, reason: undefined, message: undefined };
  const { code, reason, message } = status;
  return {
    code: typeof code === 'number' ? code : undefined,
    reason: typeof reason === 'string' && reason !== '' ? reason : undefined,
    message: typeof message === 'string' && message !== '' ? message : undefined,
  };
}

/**
 * What the server answered, from whichever shape client-node gave it: an `ApiException` (`code`, raw `body`) from a
 * list, an `Error` with `statusCode` from `Watch`, or the `Status` of a watch `ERROR` event.
 */
function answerOf(err: unknown): Answer {
  if (err instanceof WatchStatusEvent) return statusOf(err.status);
  if (!isRecord(err)) return { code: undefined, reason: undefined, message: undefined };
  const code = typeof err['code'] === 'number' ? err['code'] : err['statusCode'];
  if (typeof code !== 'number') return { code: undefined, reason: undefined, message: undefined };
  const body = statusOf(err['body']);
  return { code, reason: body.reason ?? reasons[code], message: body.message };
}

/** True for errors of the connection itself (reset, refused, timed out, a stalled or short watch). */
function isTransport(err: unknown): boolean {
  if (err instanceof ShortWatchError) return true;
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && code !== '') return true;
  if (['AbortError', 'TimeoutError', 'FetchError'].includes(err.name)) return true;
  return err.cause !== undefined && isTransport(err.cause);
}

/** `'gone'` relists (410), `'retry'` waits and tries again, `'final'` ends the stream. */
export function classify(err: unknown): 'gone' | 'retry' | 'final' {
  const { code } = answerOf(err);
  if (code === 410) return 'gone';
  if (code !== undefined) return finalCodes.has(code) ? 'final' : 'retry';
  // A certificate that fails verification fails the same way on every try: say so at once instead of reconnecting.
  if (tlsFailure(err) !== undefined) return 'final';
  return isTransport(err) ? 'retry' : 'final';
}

/** Where a request went, for messages. */
export interface RequestTarget {
  readonly verb: WatchEventsVerb;
  readonly api: EventsApiVersion | undefined;
  readonly namespace: string | undefined;
}

/** The typed error for a failed request, with a message that says what was asked and what came back. */
export function toWatchEventsError(err: unknown, target: RequestTarget): WatchEventsError {
  if (err instanceof WatchEventsError) return err;
  // Fetch errors copy the request URL, credentials included, into their message and stack; this error keeps them
  // as its cause, which loggers print.
  redactErrorChain(err);
  const { code, reason, message } = answerOf(err);
  const tls = tlsFailure(err);
  const scope = target.namespace === undefined ? 'in every namespace' : `in namespace "${target.namespace}"`;
  const what =
    target.verb === 'discover' ? 'discover the Event APIs' : `${target.verb} ${target.api ?? ''} events ${scope}`;
  const answer =
    code !== undefined
      ? `${code} ${reason ?? STATUS_CODES[code] ?? ''}${message === undefined ? '' : `: ${message}`}`
      : tls !== undefined
        ? `the API server's TLS certificate could not be verified (${tls.code}). ${tls.hint}`
        : err instanceof Error
          ? err.message
          : String(err);
  return new WatchEventsError(
    redactUrls(`cannot ${what.replace(/ {2,}/g, ' ')}: ${answer}`),
    { code, reason, ...target, retryable: classify(err) !== 'final' },
    { cause: err },
  );
}
