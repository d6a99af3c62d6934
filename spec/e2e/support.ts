import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import type { CoreV1Event, KubernetesObject } from '../../src/meta/types.js';
import { SinkError } from '../../src/sink/sink-error.js';
import type { EventSink } from '../../src/sink/types.js';
import { startFakeApiServer } from '../../src/testing/fake-api-server.js';

/**
 * The real kube-apiserver `.ci/kube-apiserver.sh` started for this run, read from the `RX_KUBE_E2E_*` variables it
 * sets; undefined when the specs run without one (`npm test`), and the real half of the e2e specs is skipped.
 */
export const realServer = (():
  { kubeConfig: string; limitedKubeConfig: string; caFile: string; otherCaFile: string } | undefined => {
  const env = process.env;
  const kubeConfig = env['RX_KUBE_E2E_KUBECONFIG'];
  const limitedKubeConfig = env['RX_KUBE_E2E_LIMITED_KUBECONFIG'];
  const caFile = env['RX_KUBE_E2E_CA_FILE'];
  const otherCaFile = env['RX_KUBE_E2E_OTHER_CA_FILE'];
  if (!kubeConfig || !limitedKubeConfig || !caFile || !otherCaFile) return undefined;
  return { kubeConfig, limitedKubeConfig, caFile, otherCaFile };
})();

/** The name of the skipped suite when there is no real server: it says how to get one. */
export const realServerMissing =
  'kube-apiserver v1.20.2: skipped, RX_KUBE_E2E_KUBECONFIG is not set (`npm run test:e2e` builds and starts one)';

/** A raw HTTP answer: the status and the parsed JSON body. */
export interface RawResponse {
  readonly status: number;
  readonly body: unknown;
}

/** An API server the scenarios run against: the fake one, or the real one. */
export interface Target {
  readonly name: string;
  /** Whether this is the real kube-apiserver. */
  readonly real: boolean;
  /** A user allowed everything. */
  readonly kubeConfig: KubeConfig;
  /** A user RBAC allows nothing on events. */
  readonly limitedKubeConfig: KubeConfig;
  /** A namespace of its own for one scenario (the real server needs it to exist; the fake takes any name). */
  namespace(prefix: string): Promise<string>;
  /** One request with the admin user's credentials, bypassing client-node, so bodies are compared as sent. */
  raw(method: string, path: string, body?: unknown, contentType?: string): Promise<RawResponse>;
  close(): Promise<void>;
}

let namespaces = 0;
const uniqueName = (prefix: string): string => `${prefix}-${process.pid}-${String(++namespaces)}`;

/** The fake API server, with a second one that refuses everything for the RBAC-limited user. */
export async function fakeTarget(): Promise<Target> {
  const server = await startFakeApiServer();
  const refusing = await startFakeApiServer({ authorize: () => false });
  return {
    name: 'fake API server',
    real: false,
    kubeConfig: server.kubeConfig,
    limitedKubeConfig: refusing.kubeConfig,
    namespace: (prefix) => Promise.resolve(uniqueName(prefix)),
    raw: (method, path, body, contentType) => rawRequest(new URL(path, server.url), {}, method, body, contentType),
    close: async () => {
      await Promise.all([server.close(), refusing.close()]);
    },
  };
}

/** The real kube-apiserver of this run; only when {@link realServer} is set. */
export function realTarget(): Target {
  if (!realServer) throw new Error('no real kube-apiserver configured');
  const kubeConfig = loadKubeConfig(realServer.kubeConfig);
  const server = kubeConfig.getCurrentCluster()?.server ?? '';
  const credentials = {
    ca: readFileSync(realServer.caFile),
    headers: { authorization: `Bearer ${kubeConfig.getCurrentUser()?.token ?? ''}` },
  };
  const raw: Target['raw'] = (method, path, body, contentType) =>
    rawRequest(new URL(path, server), credentials, method, body, contentType);
  return {
    name: 'kube-apiserver v1.20.2',
    real: true,
    kubeConfig,
    limitedKubeConfig: loadKubeConfig(realServer.limitedKubeConfig),
    namespace: async (prefix) => {
      const name = uniqueName(prefix);
      const created = await raw('POST', '/api/v1/namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name },
      });
      if (created.status !== 201) throw new Error(`namespace ${name}: ${JSON.stringify(created.body)}`);
      return name;
    },
    raw,
    close: () => Promise.resolve(),
  };
}

/** Every target of this run: the fake server always, the real one when configured. */
export const targetNames: readonly string[] = realServer ? ['fake', 'real'] : ['fake'];

/** Starts the target named in {@link targetNames}. */
export function startTarget(name: string): Promise<Target> {
  return name === 'real' ? Promise.resolve(realTarget()) : fakeTarget();
}

export function loadKubeConfig(file: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(file);
  return kc;
}

function rawRequest(
  url: URL,
  options: { ca?: Buffer; headers?: Record<string, string> },
  method: string,
  body: unknown,
  contentType = 'application/json',
): Promise<RawResponse> {
  const text = body === undefined ? undefined : JSON.stringify(body);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method,
        ...(options.ca ? { ca: options.ca } : {}),
        headers: {
          accept: 'application/json',
          ...options.headers,
          ...(text === undefined ? {} : { 'content-type': contentType, 'content-length': Buffer.byteLength(text) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const answer = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = answer;
          try {
            parsed = JSON.parse(answer);
          } catch {
            // not JSON: kept as text
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

/** A Pod as client-node reads one: kind, apiVersion, namespace, uid. */
export function pod(name: string, namespace: string): KubernetesObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, uid: `uid-${name}` } };
}

/**
 * An {@link EventSink} that logs each call and how it ended, per involved object and in call order:
 * `create ok`, `patch 404`, … — what the scenarios compare between the servers.
 */
export class LoggingSink implements EventSink {
  private readonly log = new Map<string, string[]>();
  private ended = 0;
  private waiters: { n: number; resolve: () => void }[] = [];
  private readonly sink: EventSink;

  constructor(sink: EventSink) {
    this.sink = sink;
  }

  create(event: CoreV1Event, signal?: AbortSignal): Promise<CoreV1Event> {
    return this.logged('create', event, this.sink.create(event, signal));
  }

  update(event: CoreV1Event, signal?: AbortSignal): Promise<CoreV1Event> {
    return this.logged('update', event, this.sink.update(event, signal));
  }

  patch(oldEvent: CoreV1Event, patch: string, signal?: AbortSignal): Promise<CoreV1Event> {
    return this.logged('patch', oldEvent, this.sink.patch(oldEvent, patch, signal));
  }

  /** Resolves once `n` calls have ended (the outcome a scenario waits on mid-run). */
  settled(n: number): Promise<void> {
    if (this.ended >= n) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ n, resolve }));
  }

  /** The calls per involved object name, objects in name order. */
  calls(): Record<string, string[]> {
    return Object.fromEntries([...this.log].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  private async logged(op: string, event: CoreV1Event, call: PromiseLike<CoreV1Event>): Promise<CoreV1Event> {
    const object = event.involvedObject.name ?? '';
    const entries = this.log.get(object) ?? [];
    this.log.set(object, entries);
    try {
      const result = await call;
      entries.push(`${op} ok`);
      return result;
    } catch (err) {
      entries.push(`${op} ${err instanceof SinkError ? String(err.status ?? err.kind) : 'threw'}`);
      throw err;
    } finally {
      this.ended++;
      this.waiters = this.waiters.filter((w) => (this.ended >= w.n ? (w.resolve(), false) : true));
    }
  }
}

/** What a stored event is compared by: everything a client sets or the count, never server-made names or times. */
export interface StoredShape {
  readonly object: string;
  readonly reason: string | undefined;
  readonly message: string | undefined;
  readonly type: string | undefined;
  readonly count: number | undefined;
  readonly namespace: string | undefined;
  readonly involvedNamespace: string | undefined;
  readonly source: string;
  readonly reporting: string;
  /** The name is `<object>.<hex>` as the recorder makes it. */
  readonly nameFromObject: boolean;
  /** `firstTimestamp ≤ lastTimestamp`, both set. */
  readonly timesInOrder: boolean;
}

/** The events stored in `namespace`, read through client-node, as {@link StoredShape}s sorted by object and message. */
export async function storedEvents(target: Target, namespace: string, objectPrefix = ''): Promise<StoredShape[]> {
  const api = target.kubeConfig.makeApiClient(CoreV1Api);
  const list = await api.listNamespacedEvent({ namespace });
  return list.items
    .filter((e) => (e.involvedObject.name ?? '').startsWith(objectPrefix))
    .map((e) => ({
      object: `${e.involvedObject.kind ?? ''}/${e.involvedObject.name ?? ''}`,
      reason: e.reason,
      message: e.message,
      type: e.type,
      count: e.count,
      namespace: e.metadata.namespace,
      involvedNamespace: e.involvedObject.namespace ?? '',
      source: `${e.source?.component ?? ''}/${e.source?.host ?? ''}`,
      reporting: `${e.reportingComponent ?? ''}/${e.reportingInstance ?? ''}`,
      nameFromObject: new RegExp(`^${escape(e.involvedObject.name ?? '')}\\.[0-9a-f]+$`).test(e.metadata.name ?? ''),
      timesInOrder:
        e.firstTimestamp !== undefined &&
        e.lastTimestamp !== undefined &&
        new Date(e.firstTimestamp).getTime() <= new Date(e.lastTimestamp).getTime(),
    }))
    .sort((a, b) => (a.object + (a.message ?? '') < b.object + (b.message ?? '') ? -1 : 1));
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
