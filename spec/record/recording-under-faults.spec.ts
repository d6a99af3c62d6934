import { afterEach, describe, expect, it } from 'vitest';
import type { KubernetesObject } from '../../src/meta/types.js';
import { EventBroadcaster } from '../../src/record/event-broadcaster.js';
import { CoreV1EventSink } from '../../src/sink/core-v1-event-sink.js';
import { startFakeApiServer } from '../../src/testing/fake-api-server.js';
import type { FakeApiServer } from '../../src/testing/fake-api-server.js';

const objects = 300;
const rounds = 10;

const pod = (i: number): KubernetesObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: `pod-${String(i)}`, namespace: 'ns', uid: `uid-${String(i)}` },
});

let server: FakeApiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('recording to the fake API server under faults', () => {
  it('ends with the server holding exactly what the report counts as written, for every event', async () => {
    server = await startFakeApiServer();
    // Rules are tried in order; seeded, so each rule draws the same sequence on every run.
    server.faults.rate(0.03, { status: 500, after: true }, { seed: 1 }); // applied, then the answer is lost
    server.faults.rate(0.05, { drop: true }, { seed: 2 });
    server.faults.rate(0.1, { status: 429, retryAfterSeconds: 1 }, { seed: 3 });
    server.faults.rate(0.2, { status: 503 }, { seed: 4 });
    server.faults.rate(0.03, { delayMs: 20 }, { seed: 5 }); // slow answers
    const broadcaster = new EventBroadcaster({
      // Quick retries, and Retry-After honoured but capped, so that the run takes seconds; enough attempts that
      // 38 % faults almost never exhaust them.
      retry: { initialDelayMs: 1, maxDelayMs: 8, jitter: 0.5, maxRetryAfterMs: 5, maxAttempts: 40 },
    });
    broadcaster.startRecordingToSink(new CoreV1EventSink(server.kubeConfig, { timeoutMs: 10_000 }));
    const recorder = broadcaster.newRecorder({ component: 'spec' });
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < objects; i++) recorder.eventf(pod(i), 'Warning', 'Flaky', 'attempt on %d', i);
      // Let writes and retries run between rounds, so that new occurrences arrive while calls are in flight.
      await new Promise<void>((resolve) => {
        setImmediate(resolve);
      });
    }

    const report = await broadcaster.shutdown();

    const injected = server.faults.injected;
    const kinds = new Set(
      injected.map(({ fault }) =>
        fault.drop === true ? 'drop' : `${String(fault.status ?? 'slow')}${fault.after === true ? ' after' : ''}`,
      ),
    );
    expect([...kinds].sort()).toEqual(['429', '500 after', '503', 'drop', 'slow']);
    // Every received event is in exactly one counter.
    const [sink] = report.stats.sinks;
    expect(sink).toBeDefined();
    const s = sink!;
    const settled =
      s.filtered + s.stageFailed + s.skipped + s.correlationFailed + s.written + s.failed + s.dropped + s.abandoned;
    expect({ received: s.received, settled, pending: s.pending }).toEqual({
      received: objects * rounds,
      settled: objects * rounds,
      pending: 0,
    });
    expect(report).toMatchObject({ written: objects * rounds, failed: 0, abandoned: 0, dropped: 0, skipped: 0 });
    // The server holds, for every event, the count of occurrences the report counts as written.
    const counts = new Map(server.events('ns').map((e) => [e.involvedObject.name, e.count]));
    expect(counts.size).toBe(objects);
    const wrong = [...counts].filter(([, count]) => count !== rounds);
    expect(wrong).toEqual([]);
  });
});
