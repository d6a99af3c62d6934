import { delay, filter, map, tap, throwError } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { EventsV1Broadcaster } from '../../src/events/index.js';
import type {
  EventsV1Diagnostic,
  EventsV1Recorder,
  EventsV1ShutdownReport,
  EventsV1SinkPipeline,
  EventsV1SinkStats,
  SeriesStep,
} from '../../src/events/index.js';
import type { KubernetesObject } from '../../src/meta/types.js';
import { SeriesSink } from './helpers/series-sink.js';

const minute = 60_000;

const pod = (name: string): KubernetesObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'shop', uid: `uid-${name}` },
});

/** What a recording through `pipeline` did: the sink's calls, the sink counters at the end, the diagnostics. */
interface Outcome {
  readonly lines: string[];
  readonly stats: EventsV1SinkStats;
  /** The sink counters sampled at the times asked for. */
  readonly samples: EventsV1SinkStats[];
  readonly diagnostics: EventsV1Diagnostic[];
  /** What `shutdown()` resolved to. */
  readonly report: EventsV1ShutdownReport;
}

/**
 * Records `note` about Pod `name` at each `[time, name, note]` (a `Warning BackOff Pull` event, or `Normal` when the
 * note starts with `normal`) through `pipeline` in virtual time, and shuts down at `shutdownAt`.
 */
async function record(
  pipeline: (ts: TestScheduler) => EventsV1SinkPipeline,
  at: readonly (readonly [number, string, string])[],
  shutdownAt: number,
  sampleAt: readonly number[] = [],
): Promise<Outcome> {
  const ts = new TestScheduler((actual, expected) => {
    expect(actual).toEqual(expected);
  });
  const sink = new SeriesSink({ scheduler: ts });
  const diagnostics: EventsV1Diagnostic[] = [];
  const samples: EventsV1SinkStats[] = [];
  let ended: Promise<EventsV1ShutdownReport> | undefined;
  let broadcaster: EventsV1Broadcaster | undefined;
  ts.run(() => {
    const b = new EventsV1Broadcaster({ scheduler: ts });
    broadcaster = b;
    b.diagnostics$.subscribe((d) => diagnostics.push(d));
    b.startRecordingToSink(sink, { pipeline: pipeline(ts), random: () => 0.5 });
    const recorder: EventsV1Recorder = b.newRecorder('example.com/shop-operator', { reportingInstance: 'op-0' });
    for (const [time, name, note] of at) {
      ts.schedule(() => {
        const type = note.startsWith('normal') ? 'Normal' : 'Warning';
        recorder.eventf(pod(name), undefined, type, 'BackOff', 'Pull', note);
      }, time);
    }
    for (const time of sampleAt) {
      ts.schedule(() => {
        const stats = b.stats.sink;
        if (stats !== undefined) samples.push(stats);
      }, time);
    }
    ts.schedule(() => {
      ended = b.shutdown();
    }, shutdownAt);
  });
  const report = await ended;
  const stats = broadcaster?.stats.sink;
  if (stats === undefined || report === undefined) throw new Error('no recording to a sink, or no shutdown');
  return {
    lines: sink.lines.map((line) => line.replace(/ web-(\d)\.[0-9a-f]+/, ' web-$1')),
    stats,
    samples,
    diagnostics,
    report,
  };
}

/** Every event received ends in exactly one of these, once nothing is held back. */
function expectEveryEventCounted(stats: EventsV1SinkStats): void {
  const { filtered, stageFailed, created, seriesStarted, observed } = stats;
  expect(filtered + stageFailed + created + seriesStarted + observed).toBe(stats.received);
  expect(stats.pending).toBe(0);
}

describe('EventsV1Broadcaster.startRecordingToSink with a pipeline of your own stages', () => {
  it('drops the events a filter stage removes before the series stage, and counts them as filtered', async () => {
    const { lines, stats, report } = await record(
      () =>
        (events$, { series }) =>
          events$.pipe(
            filter((event) => event.type === 'Warning'),
            series(),
          ),
      [
        [minute, 'web-0', 'pull failed'],
        [minute + 1, 'web-1', 'normal pull'],
        [2 * minute, 'web-0', 'pull failed'],
        [2 * minute + 1, 'web-1', 'normal pull'],
      ],
      3 * minute,
    );

    expect(lines).toEqual([`${String(minute)} create web-0 1`, `${String(2 * minute)} patch web-0 2`]);
    expect(stats).toMatchObject({ received: 4, filtered: 2, stageFailed: 0, created: 1, seriesStarted: 1 });
    expectEveryEventCounted(stats);
    expect(report).toMatchObject({ recorded: 4, filtered: 2, failed: 0 });
  });

  it('reports and counts a stage that throws; the next events are written, on the same series and its passes', async () => {
    const { lines, stats, diagnostics, report } = await record(
      () =>
        (events$, { series }) =>
          events$.pipe(
            map((event) => {
              if (event.note === 'boom') throw new Error('enricher broke');
              return { ...event, note: `[prod] ${event.note ?? ''}` };
            }),
            series(),
          ),
      [
        [minute, 'web-0', 'pull failed'],
        [2 * minute, 'web-0', 'boom'],
        [3 * minute, 'web-0', 'pull failed'],
        [4 * minute, 'web-0', 'pull failed'],
        [5 * minute, 'web-0', 'pull failed'],
      ],
      20 * minute,
    );

    // The series survived the resubscription (the 3-minute event is its second occurrence), and the finish pass of
    // 12 minutes still ended it with its final count.
    expect(lines).toEqual([
      `${String(minute)} create web-0 1`,
      `${String(3 * minute)} patch web-0 2`,
      `${String(12 * minute)} patch web-0 4`,
    ]);
    expect(stats).toMatchObject({
      received: 5,
      stageFailed: 1,
      created: 1,
      seriesStarted: 1,
      observed: 2,
      finished: 1,
    });
    expect(diagnostics.map((d) => [d.code, d.level])).toEqual([['pipeline-stage-failed', 'error']]);
    // As core/v1's report: an event a stage threw on is a failed one, though no write failed.
    expect(report).toMatchObject({ recorded: 5, filtered: 0, failed: 1 });
    expect(diagnostics[0]?.cause).toEqual(new Error('enricher broke'));
    expectEveryEventCounted(stats);
  });

  it('flushes the open series at shutdown through a user pipeline, whose stages after the series stage see every step', async () => {
    const kinds: SeriesStep['kind'][] = [];
    const { lines, stats } = await record(
      () =>
        (events$, { series }) =>
          events$.pipe(
            series(),
            tap((step) => kinds.push(step.kind)),
          ),
      [
        [minute, 'web-0', 'pull failed'],
        [minute + 1, 'web-0', 'pull failed'],
        [minute + 2, 'web-0', 'pull failed'],
      ],
      2 * minute,
    );

    expect(lines).toEqual([
      `${String(minute)} create web-0 1`,
      `${String(minute + 5)} patch web-0 2`,
      `${String(2 * minute)} patch web-0 3`,
    ]);
    expect(kinds).toEqual(['create', 'series', 'observed', 'flush']);
    expect(stats).toMatchObject({ flushed: 1, written: 3, cached: 0 });
    expectEveryEventCounted(stats);
  });

  it('counts an event an asynchronous stage holds back as filtered until it comes out', async () => {
    const { lines, stats, samples } = await record(
      (ts) =>
        (events$, { series }) =>
          events$.pipe(delay(10_000, ts), series()),
      [[minute, 'web-0', 'pull failed']],
      2 * minute,
      [minute + 5_000, minute + 20_000],
    );

    expect(samples.map((s) => [s.filtered, s.created])).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(lines).toEqual([`${String(minute + 10_000)} create web-0 1`]);
    expectEveryEventCounted(stats);
  });

  it('leaves a pipeline that throws as it is subscribed, counting its events as filtered, and still shuts down', async () => {
    const { lines, stats, diagnostics } = await record(
      () => () => throwError(() => new Error('broken at subscription')),
      [
        [minute, 'web-0', 'pull failed'],
        [2 * minute, 'web-0', 'pull failed'],
      ],
      3 * minute,
    );

    expect(lines).toEqual([]);
    expect(stats).toMatchObject({ received: 2, filtered: 2, stageFailed: 0, requested: 0 });
    expect(diagnostics.map((d) => d.code)).toEqual(['pipeline-stage-failed']);
    expectEveryEventCounted(stats);
  });

  it('refuses a pipeline that is not a function returning an Observable, at the call, leaving nothing behind', () => {
    const ts = new TestScheduler(() => undefined);
    const broadcaster = new EventsV1Broadcaster({ scheduler: ts });
    const sink = new SeriesSink({ scheduler: ts });
    expect(() => broadcaster.startRecordingToSink(sink, { pipeline: 5 as never })).toThrow(
      new TypeError('startRecordingToSink(): pipeline must be a function (events$, stages) => results$'),
    );
    expect(() => broadcaster.startRecordingToSink(sink, { pipeline: () => [] as never })).toThrow(
      new TypeError('startRecordingToSink(): pipeline must return an Observable of series steps'),
    );
    expect(broadcaster.stats.watchers).toBe(0);
    expect(() =>
      broadcaster.startRecordingToSink(sink, { pipeline: (events$, { series }) => events$.pipe(series()) }),
    ).not.toThrow();
  });
});
