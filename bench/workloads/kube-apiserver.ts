import { availableParallelism } from 'node:os';
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
 * through `CoreV1EventSink`; and a loop creating one event per Pod at concurrency 1 and 4, once through client-node's
 * `CoreV1Api` alone and once through a `CoreV1EventSink` (the writes per connection slot of the sink's requests),
 * with the CPU each write cost the writer and the server ({@link cpuFacts}). Each repetition starts from an empty
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
    // The same creates through client-node's API alone, and through CoreV1EventSink (its own requests, one
    // keep-alive pool); per connection slot the two compare with client-go's one-at-a-time writer.
    const writers: readonly (readonly [string, (body: ClientNodeEvent) => Promise<unknown>])[] = [
      ['client-node', (body) => api.createNamespacedEvent({ namespace, body })],
      ['CoreV1EventSink', (body) => sink.create(body)],
    ];
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
        facts: { writes: objects, perSlot: rate(objects, timing).median / concurrency, ...cpuFacts(cpu, concurrency) },
      });
    }
  }
  return rows;
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
