import { CoreV1Api, CoreV1Event as ClientNodeEvent, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { CoreV1EventSink } from 'rx-kube-events';
import { startFakeApiServer } from 'rx-kube-events/testing';
import type { FakeApiServer, FakeRequestRecord } from 'rx-kube-events/testing';
import { namespace, podEvent, pool } from '../fixtures.js';
import { rate, time } from '../harness.js';
import type { Timing } from '../harness.js';
import { compare } from '../report.js';
import type { BenchRow, BenchSize } from '../report.js';
import { recordingFacts, timeRecording, w5Shape } from './w5-end-to-end.js';

/** The writer's default concurrency, which the plain loop matches. */
const concurrency = 4;

// As CoreV1EventSink does: client-node would otherwise send a JSON Patch, and the apiserver wants strategic merge.
const strategicMergePatch = setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);

/**
 * W5 over real HTTP: the whole pipeline writing through `CoreV1EventSink` to the fake API server, beside the fastest
 * anything can write through client-node at the same concurrency: a plain loop keeping `concurrency` calls in flight
 * that creates each Pod's event and patches as many of them as our run made writes beyond the creates. Both are
 * measured in writes per second over the same number of writes; the order of each event's writes is checked from the
 * server's request log.
 */
export async function w5Http(size: BenchSize): Promise<BenchRow[]> {
  const server = await startFakeApiServer();
  try {
    const ours = await timeRecording(
      size,
      () => {
        server.reset();
        return new CoreV1EventSink(server.kubeConfig);
      },
      { concurrency },
      () => {
        const writes = server.requests().filter(isWrite);
        return { writes: writes.length, events: server.events(namespace), inOrder: writesInOrder(writes) };
      },
    );
    const plain = await timePlainLoop(server, size, ours.writes);
    const oursRate = rate(ours.writes, ours.timing);
    const baseline = rate(ours.writes, plain.timing);
    const ratio = compare(oursRate, baseline, 'speedup');
    return [
      {
        id: 'W5',
        variant: `end to end over HTTP, concurrency ${String(concurrency)}`,
        unit: 'writes/s',
        ours: oursRate,
        baseline,
        ratio,
        target: '≥ 1.0× plain client-node, in order',
        met: ratio.value >= 1 && ours.inOrder,
        facts: {
          ...recordingFacts(ours, size),
          eventsPerSecond: rate(w5Shape(size).calls, ours.timing).median,
          baselineTimeMs: plain.timing.medianMs,
          baselineWrites: plain.writes,
          baselineOk: plain.ok,
        },
      },
    ];
  } finally {
    await server.close();
  }
}

/**
 * The plain client-node loop: `writes` calls, one create per Pod and a patch after the create for the first
 * `writes - pods` Pods, `concurrency` Pods at a time; the bodies are built before timing.
 */
async function timePlainLoop(
  server: FakeApiServer,
  size: BenchSize,
  writes: number,
): Promise<{ timing: Timing; writes: number; ok: boolean }> {
  const api = server.kubeConfig.makeApiClient(CoreV1Api);
  const { objects, calls } = w5Shape(size);
  const count = calls / objects;
  let bodies: { readonly event: ClientNodeEvent; readonly patch: object }[] = [];
  let made = 0;
  let ok = true;
  const timing = await time(
    () =>
      pool(
        concurrency,
        bodies.map(({ event, patch }, k) => async () => {
          await api.createNamespacedEvent({ namespace, body: event });
          if (k < writes - objects) {
            await api.patchNamespacedEvent(
              { name: event.metadata.name ?? '', namespace, body: patch },
              strategicMergePatch,
            );
          }
        }),
      ),
    {
      setup: () => {
        server.reset();
        bodies = Array.from({ length: objects }, (_, k) => {
          const event = podEvent(`pod-${String(k)}`, 'Sync', `synced ${String(k)}`, k);
          const lastTimestamp = new Date().toISOString().slice(0, 19) + 'Z';
          return {
            event: Object.assign(new ClientNodeEvent(), event),
            patch: { count, lastTimestamp, message: event.message },
          };
        });
      },
      teardown: () => {
        const requests = server.requests().filter(isWrite);
        made = requests.length;
        ok &&= requests.length === writes && writesInOrder(requests);
      },
    },
  );
  return { timing, writes: made, ok };
}

function isWrite(request: FakeRequestRecord): boolean {
  return request.method === 'POST' || request.method === 'PATCH';
}

/**
 * Whether the writes for each event arrived in order and succeeded: per event name, one create first (201), then
 * patches (200) whose counts rise. The name of a create is in its body; that of a patch is the last path segment.
 */
export function writesInOrder(requests: readonly FakeRequestRecord[]): boolean {
  const lastCount = new Map<string, number>();
  for (const request of requests) {
    const body = JSON.parse(request.body) as { metadata?: { name?: string }; count?: number };
    const count = body.count ?? 0;
    if (request.method === 'POST') {
      const name = body.metadata?.name ?? '';
      if (request.status !== 201 || lastCount.has(name)) return false;
      lastCount.set(name, count);
    } else {
      const name = request.path.slice(request.path.lastIndexOf('/') + 1);
      const before = lastCount.get(name);
      if (request.status !== 200 || before === undefined || count <= before) return false;
      lastCount.set(name, count);
    }
  }
  return true;
}
