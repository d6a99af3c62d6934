import { filter, map } from 'rxjs';
import type { MonoTypeOperatorFunction } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it, vi } from 'vitest';
import type { CoreV1Event, KubernetesObject } from '../../src/meta/types.js';
import { aggregate, dedupe, spamFilter } from '../../src/correlate/index.js';
import { EventBroadcaster } from '../../src/record/event-broadcaster.js';
import type { RecordDiagnostic, RecordToSinkOptions, ShutdownReport } from '../../src/record/types.js';
import { SinkError } from '../../src/sink/sink-error.js';
import type { EventSink } from '../../src/sink/types.js';
import { InMemoryEventSink } from '../../src/testing/in-memory-event-sink.js';

const pod = (i: number): KubernetesObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: `pod-${String(i)}`, namespace: 'ns', uid: `uid-${String(i)}` },
});

/** The settled counters of a report's only sink must add up to what it received. */
function expectEveryEventCounted(report: ShutdownReport): void {
  for (const s of [...report.stats.sinks, report.stats.sinksReleased]) {
    const settled =
      s.filtered + s.stageFailed + s.skipped + s.correlationFailed + s.written + s.failed + s.dropped + s.abandoned;
    expect({ settled, pending: s.pending }).toEqual({ settled: s.received, pending: 0 });
  }
}

/** At most `limit` events per involved object, then none: a throttle of one's own. */
function perObjectLimit(limit: number): MonoTypeOperatorFunction<CoreV1Event> {
  const seen = new Map<string, number>();
  return filter((event) => {
    const name = event.involvedObject.name ?? '';
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count <= limit;
  });
}

describe('startRecordingToSink with a pipeline of your own stages', () => {
  it('drops Normal events of a reason before they are written, and counts them as filtered', async () => {
    const sink = new InMemoryEventSink();
    const broadcaster = new EventBroadcaster();
    broadcaster.startRecordingToSink(sink, {
      pipeline: (events$, { correlate, throttle }) =>
        events$.pipe(
          filter((e) => !(e.type === 'Normal' && e.reason === 'Pulled')),
          correlate(),
          throttle(),
        ),
    });
    const recorder = broadcaster.newRecorder({ component: 'spec' });
    for (let i = 0; i < 10; i++) {
      recorder.event(pod(i), 'Normal', 'Pulled', 'image pulled');
      recorder.event(pod(i), 'Warning', 'Pulled', 'image pulled, but slowly');
      recorder.event(pod(i), 'Normal', 'Started', 'started');
    }

    const report = await broadcaster.shutdown();

    expect(report).toMatchObject({ recorded: 30, filtered: 10, written: 20, failed: 0 });
    expect([...sink.events.values()].map((e) => e.reason).sort()).toEqual([
      ...Array.from({ length: 10 }, () => 'Pulled'),
      ...Array.from({ length: 10 }, () => 'Started'),
    ]);
    expect([...sink.events.values()].every((e) => e.type === 'Warning' || e.reason === 'Started')).toBe(true);
    expectEveryEventCounted(report);
  });

  it('throttles per object with its own operator in place of the spam filter, and counts what it held back', async () => {
    const sink = new InMemoryEventSink();
    const broadcaster = new EventBroadcaster();
    broadcaster.startRecordingToSink(sink, {
      pipeline: (events$, { correlate }) => events$.pipe(perObjectLimit(3), correlate()),
    });
    const recorder = broadcaster.newRecorder({ component: 'spec' });
    // 40 identical Warnings per object: the spam filter would let 25 through, this throttle 3.
    for (let i = 0; i < 40; i++) for (let p = 0; p < 2; p++) recorder.event(pod(p), 'Warning', 'BackOff', 'back-off');

    const report = await broadcaster.shutdown();

    expect(report).toMatchObject({ recorded: 80, filtered: 74, written: 6, skipped: 0 });
    expect([...sink.events.values()].map((e) => e.count)).toEqual([3, 3]);
    expectEveryEventCounted(report);
  });

  it('reports and counts a stage that throws, and goes on with the later events', async () => {
    const sink = new InMemoryEventSink();
    const broadcaster = new EventBroadcaster();
    const diagnostics: RecordDiagnostic[] = [];
    broadcaster.diagnostics$.subscribe((d) => diagnostics.push(d));
    broadcaster.startRecordingToSink(sink, {
      pipeline: (events$, { correlate, throttle }) =>
        events$.pipe(
          map((e) => {
            if (e.message === 'boom') throw new Error('enricher broke');
            return { ...e, message: `[prod] ${e.message ?? ''}` };
          }),
          correlate(),
          throttle(),
        ),
    });
    const recorder = broadcaster.newRecorder({ component: 'spec' });
    recorder.event(pod(0), 'Normal', 'Sync', 'before');
    recorder.event(pod(1), 'Normal', 'Sync', 'boom');
    recorder.event(pod(2), 'Normal', 'Sync', 'after');
    recorder.event(pod(3), 'Normal', 'Sync', 'boom');
    recorder.event(pod(4), 'Normal', 'Sync', 'after');

    const report = await broadcaster.shutdown();

    expect(report).toMatchObject({ recorded: 5, written: 3, failed: 2 });
    expect(report.stats.sinks[0]).toMatchObject({ stageFailed: 2, written: 3 });
    expect([...sink.events.values()].map((e) => e.message)).toEqual(['[prod] before', '[prod] after', '[prod] after']);
    expect(diagnostics.map((d) => d.code)).toEqual(['pipeline-stage-failed', 'pipeline-stage-failed']);
    expect(diagnostics[0]?.cause).toEqual(new Error('enricher broke'));
    expectEveryEventCounted(report);
  });

  it('takes a pipeline built by hand from the exported operators, and its shutdown waits for its writes', async () => {
    const sink = new InMemoryEventSink({ latencyMs: 20 });
    const broadcaster = new EventBroadcaster();
    broadcaster.startRecordingToSink(sink, {
      pipeline: (events$) => events$.pipe(aggregate(), dedupe(), spamFilter({ burstSize: 3 })),
    });
    const recorder = broadcaster.newRecorder({ component: 'spec' });
    for (let i = 0; i < 5; i++) recorder.event(pod(0), 'Warning', 'BackOff', 'back-off');

    const report = await broadcaster.shutdown();

    expect(report).toMatchObject({ recorded: 5, written: 3, skipped: 2, timedOut: false });
    expect([...sink.events.values()].map((e) => e.count)).toEqual([3]);
    expectEveryEventCounted(report);
  });

  it('refuses a pipeline that is not a function returning an Observable, at the call', () => {
    const broadcaster = new EventBroadcaster();
    const sink = new InMemoryEventSink();
    expect(() => broadcaster.startRecordingToSink(sink, { pipeline: 5 as never })).toThrow(TypeError);
    expect(() => broadcaster.startRecordingToSink(sink, { pipeline: () => [] as never })).toThrow(TypeError);
    expect(broadcaster.stats.watchers).toBe(0);
  });
});

describe('startRecordingToSink options are checked at the call', () => {
  const bad: [string, RecordToSinkOptions, typeof RangeError | typeof TypeError][] = [
    ['concurrency: 0', { concurrency: 0 }, RangeError],
    ['maxPending: -1', { maxPending: -1 }, RangeError],
    ['retry.maxAttempts: 0', { retry: { maxAttempts: 0 } }, RangeError],
    ['retry.initialDelayMs: -1', { retry: { initialDelayMs: -1 } }, RangeError],
    ['retry.initialDelayMs: 2^31', { retry: { initialDelayMs: 2 ** 31 } }, RangeError],
    ['retry.multiplier: 0.5', { retry: { multiplier: 0.5 } }, RangeError],
    ['retry.jitter: 2', { retry: { jitter: 2 } }, RangeError],
    ['retry.maxRetryAfterMs: NaN', { retry: { maxRetryAfterMs: Number.NaN } }, RangeError],
    ["random: 'x'", { random: 'x' as never }, TypeError],
    ['retry.backoff: 5', { retry: { backoff: 5 as never } }, TypeError],
  ];
  for (const [title, options, ErrorType] of bad) {
    it(`throws ${ErrorType.name} for ${title}, attaching nothing`, async () => {
      const broadcaster = new EventBroadcaster();
      expect(() => broadcaster.startRecordingToSink(new InMemoryEventSink(), options)).toThrow(ErrorType);
      expect(broadcaster.stats).toMatchObject({ watchers: 0, sinks: [] });
      await expect(broadcaster.shutdown()).resolves.toMatchObject({ timedOut: false });
    });
  }
});

describe('startRecordingToSink with callbacks and sinks that misbehave', () => {
  const failingFirst = (answer: (event: CoreV1Event) => PromiseLike<CoreV1Event>): EventSink => {
    const inner = new InMemoryEventSink();
    let calls = 0;
    return {
      create: (event, signal) => (++calls === 1 ? answer(event) : inner.create(event, signal)),
      update: (event, signal) => inner.update(event, signal),
      patch: (event, patch, signal) => inner.patch(event, patch, signal),
    };
  };
  const unavailable = (): Promise<CoreV1Event> =>
    Promise.reject(new SinkError('HTTP 503', { kind: 'status', status: 503, reason: 'ServiceUnavailable' }));
  const cases: [string, EventSink, RecordToSinkOptions][] = [
    ['random returns NaN', failingFirst(unavailable), { random: () => Number.NaN }],
    ['retry.backoff returns -1', failingFirst(unavailable), { retry: { backoff: () => -1 } }],
    [
      'retry.retryable throws',
      failingFirst(unavailable),
      {
        retry: {
          retryable: () => {
            throw new Error('classifier broke');
          },
        },
      },
    ],
    ['the sink resolves undefined', failingFirst(() => Promise.resolve(undefined as unknown as CoreV1Event)), {}],
    ['the sink resolves {}', failingFirst(() => Promise.resolve({} as CoreV1Event)), {}],
    [
      'the sink rejects with Object.create(null)',
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- what a careless sink does
      failingFirst(() => Promise.reject(Object.create(null) as object)),
      { retry: { maxAttempts: 1 } },
    ],
  ];
  for (const [title, sink, options] of cases) {
    it(`fails one write and goes on when ${title}`, async () => {
      const broadcaster = new EventBroadcaster();
      broadcaster.startRecordingToSink(sink, options);
      const recorder = broadcaster.newRecorder({ component: 'spec' });
      for (let i = 0; i < 3; i++) recorder.event(pod(i), 'Normal', 'Sync', 'x');

      const report = await broadcaster.shutdown();

      expect(report).toMatchObject({ written: 2, failed: 1, abandoned: 0, timedOut: false });
      expectEveryEventCounted(report);
    });
  }
});

describe('ShutdownReport.failures', () => {
  it('keeps any reason the server sends as a key, __proto__ and constructor included', async () => {
    const reasons = ['__proto__', 'constructor', 'toString', 'Invalid', 'Invalid'];
    let call = 0;
    const sink: EventSink = {
      create: () =>
        Promise.reject(new SinkError('refused', { kind: 'status', status: 422, reason: reasons[call++] ?? 'Invalid' })),
      update: () => Promise.reject(new Error('unused')),
      patch: () => Promise.reject(new Error('unused')),
    };
    const broadcaster = new EventBroadcaster();
    broadcaster.startRecordingToSink(sink, { concurrency: 1 });
    const recorder = broadcaster.newRecorder({ component: 'spec' });
    for (let i = 0; i < reasons.length; i++) recorder.event(pod(i), 'Normal', 'Sync', 'x');

    const report = await broadcaster.shutdown();

    expect(Object.entries(report.failures).sort()).toEqual([
      ['Invalid', 2],
      ['__proto__', 1],
      ['constructor', 1],
      ['toString', 1],
    ]);
    expect(Object.entries(report.stats.sinks[0]?.failures ?? {}).length).toBe(4);
  });
});

describe('a stopped sink is released', () => {
  it('leaves stats.sinks once its writes have ended, its totals kept in sinksReleased and the report', async () => {
    const broadcaster = new EventBroadcaster();
    const recorder = broadcaster.newRecorder({ component: 'spec' });
    let writes = 0;
    const sink: EventSink = {
      create: (event) => Promise.resolve({ ...event, count: ++writes }),
      update: (event) => Promise.resolve(event),
      patch: (event) => Promise.resolve(event),
    };
    for (let round = 0; round < 1000; round++) {
      // Small caches: each sink's own LRUs are allocated up front.
      const watch = broadcaster.startRecordingToSink(sink, { correlator: { lruCacheSize: 8 } });
      recorder.event(pod(round % 10), 'Normal', 'Sync', `round ${String(round)}`);
      watch.stop();
    }
    await vi.waitFor(
      () => {
        expect(writes).toBe(1000);
      },
      { timeout: 10_000 },
    );
    await Promise.resolve();
    expect(broadcaster.stats.sinks).toEqual([]);
    expect(broadcaster.stats.sinksReleased).toMatchObject({ received: 1000, written: 1000, pending: 0 });

    const report = await broadcaster.shutdown();

    expect(report).toMatchObject({ written: 1000, failed: 0 });
  });
});

describe('shutdown in virtual time', () => {
  for (const { latencyMs, timedOut } of [
    { latencyMs: 5, timedOut: false },
    { latencyMs: 5000, timedOut: true },
  ]) {
    it(`${timedOut ? 'abandons writes the sink has not answered' : 'does not time out when the sink answered'} by the deadline (latency ${String(latencyMs)} ms)`, async () => {
      const testScheduler = new TestScheduler((actual, expected) => {
        expect(actual).toEqual(expected);
      });
      let shutdown: Promise<ShutdownReport> | undefined;
      const sink = new InMemoryEventSink({ scheduler: testScheduler, latencyMs });
      testScheduler.run(() => {
        const broadcaster = new EventBroadcaster({ scheduler: testScheduler });
        broadcaster.startRecordingToSink(sink);
        const recorder = broadcaster.newRecorder({ component: 'spec' });
        for (let i = 0; i < 3; i++) recorder.event(pod(i), 'Normal', 'Sync', 'x');
        shutdown = broadcaster.shutdown({ timeoutMs: 1000 });
      });
      const report = await shutdown;
      expect(report).toMatchObject(
        timedOut ? { timedOut: true, written: 0, abandoned: 3 } : { timedOut: false, written: 3, abandoned: 0 },
      );
      expect(sink.events.size).toBe(timedOut ? 0 : 3);
    });
  }
});
