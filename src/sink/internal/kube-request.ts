import { request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { urlToHttpOptions } from 'node:url';
import type { RequestOptions } from 'node:https';
import { ApiException } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import { withKeepAliveAgents } from './client-node-compat.js';
import { USER_AGENT } from './user-agent.js';

/** One JSON request to the API server: the path under the cluster's server URL, and for a write the body as text. */
export interface KubeRequest {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  /** `/api/v1/namespaces/{ns}/events`, already escaped. */
  readonly path: string;
  /** Query parameters; `undefined` values are left out. */
  readonly query?: Readonly<Record<string, string | undefined>> | undefined;
  /** The body of a write and its content type; a `GET` has none. */
  readonly body?: { readonly text: string; readonly contentType: string } | undefined;
  readonly signal: AbortSignal;
}

/**
 * Sends a {@link KubeRequest}: resolves to the parsed JSON of a 2xx answer; rejects with an `ApiException` (status,
 * the raw response text as `body`, the headers) for any other status, and with Node's own error (its errno or TLS
 * `code` set, an `AbortError` when the signal fired) when no answer came.
 */
export type KubeRequester = (request: KubeRequest) => Promise<unknown>;

/**
 * Issues JSON requests to `kubeConfig`'s current cluster with Node's `http(s).request`, without client-node's
 * generated API layer (its object serializer, middleware chain and node-fetch or undici `fetch`), while taking
 * everything that makes a request right from the KubeConfig itself, per request, as client-node does:
 * `applyToHTTPSOptions` supplies the headers (the bearer token, what an exec or auth-provider plugin returned, refreshed
 * when it expires; `Impersonate-User`), basic auth, and the agent made by client-node's own agent factory from the TLS
 * options (CA, client certificate and key, `insecure-skip-tls-verify`, `tls-server-name`) and the cluster's
 * `proxy-url` (hpagent or socks-proxy-agent, as client-node uses for its own https calls), with keep-alive on and
 * reused while those inputs stay the same ({@link withKeepAliveAgents}).
 *
 * Every request says who sends it ({@link USER_AGENT}, unless the KubeConfig's headers name another). The current
 * context is read per request, so a later `setCurrentContext` shows through. An aborted request
 * destroys its socket instead of returning it to the pool.
 */
export function kubeRequester(kubeConfig: KubeConfig): KubeRequester {
  const view = withKeepAliveAgents(kubeConfig);
  let target: { readonly server: string; readonly base: ServerBase } | undefined;
  return async ({ method, path, query, body, signal }) => {
    const server = kubeConfig.getCurrentCluster()?.server;
    if (server === undefined) throw new Error('No active cluster!');
    const options: RequestOptions = { headers: {} };
    await view.applyToHTTPSOptions(options);
    signal.throwIfAborted();
    if (target?.server !== server) target = { server, base: serverBase(server) };
    const { base } = target;
    const headers: OutgoingHttpHeaders = {
      'User-Agent': USER_AGENT,
      ...(options.headers as OutgoingHttpHeaders),
      Accept: 'application/json',
      ...(body === undefined
        ? {}
        : { 'Content-Type': body.contentType, 'Content-Length': Buffer.byteLength(body.text) }),
    };
    return send(
      base.protocol,
      {
        protocol: base.protocol,
        hostname: base.hostname,
        port: base.port,
        path: base.prefix + path + queryString(query),
        method,
        agent: options.agent,
        auth: options.auth ?? base.auth,
        headers,
      },
      body?.text,
      signal,
    );
  };
}

/** The parts of a cluster's server URL a request is built from; parsed once per server. */
interface ServerBase {
  readonly protocol: string;
  readonly hostname: string;
  readonly port: string;
  /** The server URL's path without a trailing `/` (`/k8s/clusters/c-1` behind a proxy; usually empty). */
  readonly prefix: string;
  /** The URL's own user info, sent as basic auth as client-node 1.x's node-fetch does, unless the KubeConfig has some. */
  readonly auth: string | undefined;
}

function serverBase(server: string): ServerBase {
  const url = new URL(server);
  // Node's own conversion: IPv6 brackets dropped, the user info decoded.
  const { protocol, hostname, port, auth } = urlToHttpOptions(url);
  return {
    protocol: protocol ?? 'https:',
    hostname: hostname ?? '',
    port: String(port ?? ''),
    prefix: url.pathname.replace(/\/$/, ''),
    auth: auth ?? undefined,
  };
}

function queryString(query: Readonly<Record<string, string | undefined>> | undefined): string {
  let text = '';
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined)
      text += `${text === '' ? '?' : '&'}${encodeURIComponent(key)}=${encodeURIComponent(value)}`;
  }
  return text;
}

/**
 * Sends the request and reads its answer. The signal is wired by hand rather than through `request`'s `signal`
 * option (measurably slower per request): aborting destroys the request and its socket.
 */
async function send(
  protocol: string,
  options: RequestOptions,
  body: string | undefined,
  signal: AbortSignal,
): Promise<unknown> {
  const request = protocol === 'http:' ? httpRequest : httpsRequest;
  let onAbort: (() => void) | undefined;
  try {
    const answer = await new Promise<Answer>((resolve, reject) => {
      const req = request(options, (res) => {
        readAnswer(res).then(resolve, reject);
      });
      onAbort = () => {
        req.destroy(Object.assign(new Error('The operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR' }));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      req.on('error', reject);
      req.end(body);
    });
    if (answer.status >= 200 && answer.status < 300) return JSON.parse(answer.text);
    throw new ApiException(answer.status, `HTTP ${String(answer.status)}`, answer.text, answer.headers);
  } finally {
    if (onAbort !== undefined) signal.removeEventListener('abort', onAbort);
  }
}

interface Answer {
  readonly status: number;
  readonly text: string;
  readonly headers: Record<string, string>;
}

function readAnswer(res: IncomingMessage): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('error', reject);
    res.on('close', () => {
      // Node emits 'error' for a connection that closes mid-answer; this catches any case it does not.
      if (!res.complete) {
        reject(Object.assign(new Error('the connection closed before the answer ended'), { code: 'ECONNRESET' }));
      }
    });
    res.on('end', () => {
      resolve({
        status: res.statusCode ?? 0,
        text: Buffer.concat(chunks).toString('utf8'),
        headers: flatHeaders(res.headers),
      });
    });
  });
}

/** Header values as client-node's `ApiException` has them: one string per lower-case name. */
function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined) flat[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
