import type { OutgoingHttpHeaders } from 'node:http';
import { connect } from 'node:http2';
import type { ClientHttp2Session } from 'node:http2';
import { Agent, request } from 'node:https';
import type { RequestOptions } from 'node:https';
import { availableParallelism } from 'node:os';
import { text as readText } from 'node:stream/consumers';
import { urlToHttpOptions } from 'node:url';
import {
  ApiException,
  CoreV1Api,
  CoreV1Event as ClientNodeEvent,
  V1Namespace,
  V1ObjectMeta,
} from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import { CoreV1EventSink } from 'rx-kube-events';
import { namespace, podEvent, pool } from '../fixtures.js';
import { cpuMeter, rate, time, warmUps } from '../harness.js';
import type { CpuMeter } from '../harness.js';
import type { BenchRow, BenchSize } from '../report.js';
import { recordingFacts, timeRecording, w5Shape } from './w5-end-to-end.js';

/** The concurrencies of the plain creates: one write at a time (as client-go writes), and our default. */
const plainConcurrencies = [1, 4] as const;

/**
 * W5's burst against a real kube-apiserver (the one `.ci/kube-apiserver.sh` starts): the whole pipeline writing
 * through `CoreV1EventSink`; and a loop creating one event per Pod at concurrency 1 and 4, through client-node's
 * `CoreV1Api` alone, through a `CoreV1EventSink` (the writes per connection slot of the sink's requests) and through
 * two bare writers beside them, HTTP/1.1 and HTTP/2 ({@link bareWriters}), with the CPU each write cost the writer and
 * the server ({@link cpuFacts}). Each repetition starts from an empty
 * namespace `ns` (its events are deleted in the setup). These rows have no baseline of their own: client-go's
 * figures from the same run are theirs (`npm run bench:client-go`).
 */
export async function kubeApiserverRows(size: BenchSize, kubeConfig: KubeConfig): Promise<BenchRow[]> {
  const api = kubeConfig.makeApiClient(CoreV1Api);
  await ensureNamespace(api);
  const emptyNamespace = (): Promise<unknown> => api.deleteCollectionNamespacedEvent({ namespace });
  const { objects, calls } = w5Shape(size);
  const pids = serverPids();
  const sink = new CoreV1EventSink(kubeConfig);
  const ours = await timeRecording(
    size,
    async () => {
      await emptyNamespace();
      return new CoreV1EventSink(kubeConfig);
    },
    {},
    async () => {
      const { items } = await api.listNamespacedEvent({ namespace });
      // The server's own order of writes is not visible from outside; the counts say whether any was lost.
      return { writes: items.length, events: items, inOrder: true };
    },
  );
  const rows: BenchRow[] = [
    {
      id: 'burst',
      variant: 'kube-apiserver v1.20.2, 10 events × objects',
      unit: 'events/s',
      ours: rate(calls, ours.timing),
      facts: recordingFacts(ours, size),
    },
  ];
  for (const concurrency of plainConcurrencies) {
    // The same creates through client-node's API alone, through CoreV1EventSink (its own requests, one keep-alive
    // pool), and through the two bare writers; per connection slot each compares with client-go's one-at-a-time writer.
    const bare = await bareWriters(kubeConfig, concurrency);
    const writers: readonly (readonly [string, Create])[] = [
      ['client-node', (body) => api.createNamespacedEvent({ namespace, body })],
      ['CoreV1EventSink', (body) => sink.create(body)],
      ...bare.writers,
    ];
    try {
      for (const [writer, create] of writers) {
        let bodies: ClientNodeEvent[] = [];
        const cpu = cpuMeter(pids, { skip: warmUps });
        const timing = await time(
          () =>
            cpu.measure(objects, () =>
              pool(
                concurrency,
                bodies.map((body) => () => create(body)),
              ),
            ),
          {
            setup: async () => {
              await emptyNamespace();
              bodies = Array.from({ length: objects }, (_, k) =>
                Object.assign(new ClientNodeEvent(), podEvent(`pod-${String(k)}`, 'Sync', `synced ${String(k)}`, k)),
              );
            },
          },
        );
        rows.push({
          id: 'plain',
          variant: `kube-apiserver v1.20.2, serial creates, ${writer} concurrency ${String(concurrency)}`,
          unit: 'writes/s',
          ours: rate(objects, timing),
          facts: {
            writes: objects,
            perSlot: rate(objects, timing).median / concurrency,
            ...cpuFacts(cpu, concurrency),
          },
        });
      }
    } finally {
      bare.close();
    }
  }
  return rows;
}

/** One create of an event, resolving when the server has answered it. */
type Create = (body: ClientNodeEvent) => Promise<unknown>;

/**
 * Two bare writers, Node's HTTP clients with nothing around them, made from the TLS options and headers of one
 * `applyToHTTPSOptions` call (so without a token refresh, a proxy or a timeout): `bare https.request`, Node's HTTP/1.1
 * client over a keep-alive agent with `concurrency` sockets; and `bare node:http2`, one session (opened by the first
 * create, in the warm-up) whose streams carry the concurrent writes, as client-go's transport sends them. A create
 * resolves on a 201 and rejects with the status and body on anything else, or when the answer ends early.
 */
async function bareWriters(
  kubeConfig: KubeConfig,
  concurrency: number,
): Promise<{ readonly writers: readonly (readonly [string, Create])[]; close(): void }> {
  const options: RequestOptions = { headers: {} };
  await kubeConfig.applyToHTTPSOptions(options);
  const { ca, cert, key, rejectUnauthorized, servername } = options;
  const tls = { ca, cert, key, rejectUnauthorized, servername };
  const server = new URL(kubeConfig.getCurrentCluster()?.server ?? '');
  // Without an IPv6 address's brackets, as `request` wants it.
  const { hostname } = urlToHttpOptions(server);
  const path = `${server.pathname.replace(/\/$/, '')}/api/v1/namespaces/${namespace}/events`;
  const headers = { ...(options.headers as OutgoingHttpHeaders), 'content-type': 'application/json' };
  const agent = new Agent({ ...tls, keepAlive: true, maxSockets: concurrency });
  let session: ClientHttp2Session | undefined;
  // A session that fails fails every create after it (each stream also fails with it).
  let sessionError: Error | undefined;
  const openSession = (): ClientHttp2Session => {
    const opened = connect(server.origin, tls);
    opened.on('error', (err: Error) => {
      sessionError = err;
    });
    return opened;
  };
  const answered = (status: number | undefined, text: string): unknown => {
    if (status !== 201) throw new Error(`bare create: HTTP ${String(status)} ${text.slice(0, 200)}`);
    return JSON.parse(text);
  };
  const https: Create = (body) =>
    new Promise((resolve, reject) => {
      const text = JSON.stringify(body);
      const req = request(
        {
          hostname,
          port: server.port,
          path,
          method: 'POST',
          agent,
          headers: { ...headers, 'content-length': Buffer.byteLength(text) },
        },
        (res) => {
          readText(res)
            .then((answer) => answered(res.statusCode, answer))
            .then(resolve, reject);
        },
      );
      req.on('error', reject);
      req.end(text);
    });
  const http2: Create = (body) =>
    new Promise((resolve, reject) => {
      if (sessionError !== undefined) {
        reject(sessionError);
        return;
      }
      const text = JSON.stringify(body);
      session ??= openSession();
      const stream = session.request({ ...headers, ':method': 'POST', ':path': path });
      let status: number | undefined;
      stream.on('response', (answer) => {
        status = answer[':status'];
      });
      stream.on('error', reject);
      readText(stream)
        .then((answer) => answered(status, answer))
        .then(resolve, reject);
      stream.end(text);
    });
  return {
    writers: [
      ['bare https.request', https],
      ['bare node:http2', http2],
    ],
    close: () => {
      agent.destroy();
      session?.close();
    },
  };
}

/** kube-apiserver's and etcd's pids, as `.ci/kube-apiserver.sh` exports them; none for a server started elsewhere. */
function serverPids(): number[] {
  const text = process.env['RX_KUBE_E2E_SERVER_PIDS']?.trim() ?? '';
  if (text === '') return [];
  const pids = text.split(/\s+/).map(Number);
  if (!pids.every((pid) => Number.isInteger(pid) && pid > 0)) {
    throw new Error(`RX_KUBE_E2E_SERVER_PIDS holds pids separated by spaces, not "${text}"`);
  }
  return pids;
}

/**
 * The CPU of one write, in microseconds: the writer's own (this process: the client, its TLS and JSON) and, when the
 * server's pids are known, kube-apiserver's and etcd's together; and from that the ceiling of writes per second per
 * slot on this machine: what the server's CPU per write would allow if the server had every core and the client none.
 */
function cpuFacts(cpu: CpuMeter, concurrency: number): Record<string, number> {
  const { own, others } = cpu.perThing();
  if (others === undefined) return { clientCpuUsPerWrite: own };
  return {
    clientCpuUsPerWrite: own,
    serverCpuUsPerWrite: others,
    perSlotCeiling: (availableParallelism() * 1e6) / others / concurrency,
  };
}

async function ensureNamespace(api: CoreV1Api): Promise<void> {
  try {
    const metadata = Object.assign(new V1ObjectMeta(), { name: namespace });
    await api.createNamespace({ body: Object.assign(new V1Namespace(), { metadata }) });
  } catch (err) {
    if (!(err instanceof ApiException && err.code === 409)) throw err;
  }
}
