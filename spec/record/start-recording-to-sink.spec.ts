import { VirtualTimeScheduler } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { CoreV1Event, KubernetesObject } from '../../src/meta/types.js';
import { EventBroadcaster } from '../../src/record/event-broadcaster.js';
import type { RecordDiagnostic } from '../../src/record/types.js';
import { CoreV1EventSink } from '../../src/sink/core-v1-event-sink.js';
import { SinkError } from '../../src/sink/sink-error.js';
import { clientGoWriteOptions } from '../../src/sink/write-to-sink.js';
import type { EventSink } from '../../src/sink/types.js';
import { startFakeApiServer } from '../../src/testing/fake-api-server.js';
import type { FakeApiServer } from '../../src/testing/fake-api-server.js';
import { waitFor } from '../testing/support.js';

const pod = (i: number, namespace = 'ns'): KubernetesObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: `pod-${i}`, namespace, uid: `uid-${i}` },
});

/** Fast retries for tests over real HTTP: the outcome is awaited, never the clock. */
const quickRetry = { initialDelayMs: 1, maxDelayMs: 5, jitter: 0 };

let server: FakeApiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** An in-memory sink whose answers come on the next microtask: the fastest a sink can be. */
class InstantSink implements EventSink {
  readonly events = new Map<string, CoreV1Event>();
  writes = 0;
  maxInFlight = 0;
  private inFlight = 0;
  private version = 0;

  create(event: CoreV1Event): Promise<CoreV1Event> {
    return this.store(event);
  }

  update(event: CoreV1Event): Promise<CoreV1Event> {
    return this.store(event);
  }

  patch(old: CoreV1Event, patch: string): Promise<CoreV1Event> {
    const stored = this.events.get(old.metadata.name ?? '');
    if (!stored) return Promise.reject(new SinkError('not found', { kind: 'status', status: 404, reason: 'NotFound' }));
    return this.store({ ...stored, ...(JSON.parse(patch) as Partial<CoreV1Event>) });
  }

  private store(event: CoreV1Event): Promise<CoreV1Event> {
    this.writes++;
    const stored = { ...event, metadata: { ...event.metadata, resourceVersion: String(++this.version) } };
    this.events.set(stored.metadata.name ?? '', stored);
    this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
    return Promise.resolve().then(() => {
      this.inFlight--;
      return stored;
    });
  }
}

describe('EventBroadcaster.startRecordingToSink', () => {
  it('writes creates and dedup patches to the API server, with exact counts per object', async () => {
    server = await startFakeApiServer();
    const broadcaster = new EventBroadcaster();
    broadcaster.startRecordingToSink(new CoreV1EventSink(server.kubeConfig));
    const recorder = broadcaster.newRecorder({ component: 'spec', host: 'node-1' });
    for (let i = 0; i < 100; i++) recorder.eventf(pod(i % 10), 'Normal', 'Sync', 'synced %d', i % 10);

    const report = await broadcaster.shutdown();

    const stored = server.events('ns');
    expect(stored).toHaveLength(10);
    expect(stored.map((e) => e.count)).toEqual(Array.from({ length: 10 }, () => 10));
    expect(stored.every((e) => e.source?.component === 'spec' && e.reportingComponent === 'spec')).toBe(true);
    expect(report).toMatchObject({ recorded: 100, written: 100, skipped: 0, failed: 0, abandoned: 0, dropped: 0 });
    const [sink] = report.stats.sinks;
    expect(sink).toMatchObject({ received: 100, written: 100, created: 10, pending: 0 });
    expect(sink!.created + sink!.patched).toBeLessThanOrEqual(20);
    const patches = server.requests().filter((r) => r.method === 'PATCH');
    expect(patches.length).toBe(sink!.patched);
    expect(patches.every((r) => r.contentType === 'application/strategic-merge-patch+json')).toBe(true);
  });

  it('keeps every count exact through a 10 000-event burst over 1000 objects (client-go loses most of it)', async () => {
    const sink = new InstantSink();
    const broadcaster = new EventBroadcaster();
    broadcaster.startRecordingToSink(sink);
    const recorder = broadcaster.newRecorder({ component: 'bench' });
    for (let i = 0; i < 10_000; i++) recorder.eventf(pod(i % 1000), 'Normal', 'Sync', 'synced %d', i % 1000);

    const report = await broadcaster.shutdown();

    expect(report).toMatchObject({ recorded: 10_000, written: 10_000, dropped: 0, failed: 0, abandoned: 0 });
    expect(sink.events.size).toBe(1000);
    expect([...sink.events.values()].every((e) => e.count === 10)).toBe(true);
    expect(sink.writes).toBeLessThanOrEqual(2000);
  });

  it('writes like client-go, one call at a time, with clientGoWriteOptions passed as is', async () => {
    const [serial, concurrent] = [new InstantSink(), new InstantSink()];
    const broadcaster = new EventBroadcaster();
    broadcaster.startRecordingToSink(serial, clientGoWriteOptions);
    broadcaster.startRecordingToSink(concurrent);
    const recorder = broadcaster.newRecorder({ component: 'spec' });
    for (let i = 0; i < 100; i++) recorder.eventf(pod(i % 10), 'Normal', 'Sync', 'synced %d', i % 10);

    await broadcaster.shutdown();

    expect([serial.maxInFlight, concurrent.maxInFlight]).toEqual([1, 4]);
    expect([...serial.events.values()].map((e) => e.count)).toEqual(Array.from({ length: 10 }, () => 10));
  });

  it('counts spam-filtered events as skipped, while they still raise the count', async () => {
    const sink = new InstantSink();
    const broadcaster = new EventBroadcaster();
    broadcaster.startRecordingToSink(sink);
    const recorder = broadcaster.newRecorder({ component: 'spec' });
    for (let i = 0; i < 30; i++) recorder.event(pod(0), 'Warning', 'BackOff', 'Back-off restarting failed container');

    const report = await broadcaster.shutdown();

    expect(report).toMatchObject({ recorded: 30, written: 25, skipped: 5 });
    expect([...sink.events.values()].map((e) => e.count)).toEqual([25]);
  });

  it('gives every sink its own correlator', async () => {
    const [a, b] = [new InstantSink(), new InstantSink()];
    const broadcaster = new EventBroadcaster();
    broadcaster.startRecordingToSink(a);
    broadcaster.startRecordingToSink(b, { correlator: { burstSize: 2 } });
    const recorder = broadcaster.newRecorder({ component: 'spec' });
    for (let i = 0; i < 5; i++) recorder.event(pod(0), 'Normal', 'Sync', 'same');

    const report = await broadcaster.shutdown();

    expect([...a.events.values()].map((e) => e.count)).toEqual([5]);
    expect([...b.events.values()].map((e) => e.count)).toEqual([2]);
    expect(report.stats.sinks.map((s) => [s.written, s.skipped])).toEqual([
      [5, 0],
      [2, 3],
    ]);
  });

  it('writes or reports every event through 503s, a 429 with Retry-After and dropped connections', async () => {
    server = await startFakeApiServer();
    server.faults.script([{ status: 429, retryAfterSeconds: 1 }], { method: 'POST' });
    server.faults.rate(0.3, { status: 503 }, { seed: 7 });
    server.faults.rate(0.1, { drop: true }, { seed: 11 });
    const broadcaster = new EventBroadcaster({ retry: quickRetry });
    broadcaster.startRecordingToSink(new CoreV1EventSink(server.kubeConfig));
    const recorder = broadcaster.newRecorder({ component: 'spec' });
    for (let i = 0; i < 200; i++) recorder.eventf(pod(i % 20), 'Warning', 'Flaky', 'attempt on %d', i % 20);

    const report = await broadcaster.shutdown();

    const [sink] = report.stats.sinks;
    expect(server.faults.injected.length).toBeGreaterThan(10);
    expect(sink!.attempts).toBeGreaterThan(sink!.created + sink!.patched);
    // Every accepted event is accounted for, and here every one made it.
    expect(report.written + report.failed + report.abandoned + report.dropped + report.skipped).toBe(200);
    expect(report.written).toBe(200);
    expect(server.events('ns').map((e) => e.count)).toEqual(Array.from({ length: 20 }, () => 10));
  });

  it('reports a write the server refuses for good, benign ones as warnings', async () => {
    server = await startFakeApiServer({ terminatingNamespaces: ['doomed'] });
    const broadcaster = new EventBroadcaster();
    const diagnostics: RecordDiagnostic[] = [];
    broadcaster.diagnostics$.subscribe((d) => diagnostics.push(d));
    broadcaster.startRecordingToSink(new CoreV1EventSink(server.kubeConfig));
    const recorder = broadcaster.newRecorder({ component: 'spec' });
    recorder.event(pod(1, 'doomed'), 'Normal', 'Sync', 'too late');
    recorder.event(pod(2), 'Normal', 'Sync', 'fine');

    const report = await broadcaster.shutdown();

    expect(report).toMatchObject({ written: 1, failed: 1, failures: { Forbidden: 1 } });
    expect(diagnostics.map((d) => [d.level, d.code])).toEqual([['warning', 'event-write-failed']]);
    expect(diagnostics[0]?.cause).toBeInstanceOf(SinkError);
  });

  it('reports an event whose correlation throws, and goes on with the next', async () => {
    const sink = new InstantSink();
    const broadcaster = new EventBroadcaster();
    const diagnostics: RecordDiagnostic[] = [];
    broadcaster.diagnostics$.subscribe((d) => diagnostics.push(d));
    broadcaster.startRecordingToSink(sink, {
      correlator: {
        spamKeyFunc: (e) => {
          if (e.message === 'bad') throw new Error('boom');
          return e.involvedObject.name ?? '';
        },
      },
    });
    const recorder = broadcaster.newRecorder({ component: 'spec' });
    recorder.event(pod(0), 'Normal', 'Sync', 'bad');
    recorder.event(pod(0), 'Normal', 'Sync', 'good');

    const report = await broadcaster.shutdown();

    expect(report).toMatchObject({ written: 1, failed: 1 });
    expect(diagnostics.map((d) => d.code)).toEqual(['correlation-failed']);
    expect(report.stats.sinks[0]).toMatchObject({ correlationFailed: 1, pending: 0 });
  });

  it('abandons writes still pending when the shutdown deadline passes, and counts them', async () => {
    const scheduler = new VirtualTimeScheduler();
    const hanging: EventSink = {
      create: () => new Promise<CoreV1Event>(() => undefined),
      update: () => new Promise<CoreV1Event>(() => undefined),
      patch: () => new Promise<CoreV1Event>(() => undefined),
    };
    const broadcaster = new EventBroadcaster({ scheduler });
    const diagnostics: RecordDiagnostic[] = [];
    broadcaster.diagnostics$.subscribe((d) => diagnostics.push(d));
    broadcaster.startRecordingToSink(hanging, { concurrency: 2 });
    const recorder = broadcaster.newRecorder({ component: 'spec' });
    for (let i = 0; i < 5; i++) recorder.event(pod(i), 'Normal', 'Sync', 'stuck');

    const shutdown = broadcaster.shutdown({ timeoutMs: 10_000 });
    scheduler.flush();
    const report = await shutdown;

    expect(report).toMatchObject({ timedOut: true, written: 0, abandoned: 5 });
    expect(report.stats.sinks[0]).toMatchObject({ attempts: 2, pending: 0 });
    expect(diagnostics.filter((d) => d.code === 'event-write-abandoned')).toHaveLength(5);
  });

  it('detaches a sink on stop(), finishing its pending writes', async () => {
    const sink = new InstantSink();
    const broadcaster = new EventBroadcaster();
    const watch = broadcaster.startRecordingToSink(sink);
    const recorder = broadcaster.newRecorder({ component: 'spec' });
    recorder.event(pod(0), 'Normal', 'Sync', 'before');
    watch.stop();
    recorder.event(pod(1), 'Normal', 'Sync', 'after');

    const report = await broadcaster.shutdown();

    expect([...sink.events.values()].map((e) => e.message)).toEqual(['before']);
    expect(report.stats.sinks[0]).toMatchObject({ received: 1, written: 1 });
  });

  it('refuses a sink that is not one, and returns a stopped watch after shutdown', async () => {
    const broadcaster = new EventBroadcaster();
    expect(() => broadcaster.startRecordingToSink({} as EventSink)).toThrow(TypeError);
    await broadcaster.shutdown();
    const diagnostics: RecordDiagnostic[] = [];
    broadcaster.diagnostics$.subscribe((d) => diagnostics.push(d));
    expect(broadcaster.startRecordingToSink(new InstantSink()).stopped).toBe(true);
    expect(diagnostics.map((d) => d.code)).toEqual(['watcher-after-shutdown']);
  });

  it('leaves no socket, server or timer behind after shutdown and close', async () => {
    const count = (): Record<string, number> => {
      const counts: Record<string, number> = {};
      for (const r of process.getActiveResourcesInfo())
        if (/TCP|Timeout|Immediate/.test(r)) counts[r] = (counts[r] ?? 0) + 1;
      return counts;
    };
    const before = count();
    server = await startFakeApiServer();
    const broadcaster = new EventBroadcaster({ retry: quickRetry });
    broadcaster.startRecordingToSink(new CoreV1EventSink(server.kubeConfig));
    const recorder = broadcaster.newRecorder({ component: 'spec' });
    for (let i = 0; i < 20; i++) recorder.event(pod(i % 3), 'Normal', 'Sync', 'x');
    await broadcaster.shutdown({ timeoutMs: 5_000 });
    await server.close();
    server = undefined;
    // client-node 2.x keeps its sockets alive (undici): they close once they read the server's FIN, and those of the
    // tests before this one may still be closing, so nothing may be left beyond what was there before.
    const leftOver = (): Record<string, number> =>
      Object.fromEntries(Object.entries(count()).filter(([r, n]) => n > (before[r] ?? 0)));
    await waitFor(() => Object.keys(leftOver()).length === 0).catch(() => undefined);
    expect(leftOver()).toEqual({});
  });
});
