import { setTimeout as sleep } from 'node:timers/promises';
import { EventsV1Broadcaster, SinkError, clientGoEventsCompatible } from 'rx-kube-events';
import type { EventSink, EventsV1Event, EventsV1RecordToSinkOptions, KubernetesObject } from 'rx-kube-events';
import { rate } from '../harness.js';
import { compare } from '../report.js';
import type { BenchRow, BenchSize } from '../report.js';
import { baselineFacts, recordingFacts, timeBurst, w5Shape } from './w5-end-to-end.js';
import type { RecordingRun } from './w5-end-to-end.js';

/**
 * An in-process events.k8s.io/v1 server that answers every call after `latencyMs`: create refuses a name it holds,
 * a patch sets the series of the event it names. It counts the calls, and those that broke the order of one event's
 * writes (two at once, a patch before the create, a count going back).
 */
class SeriesLatencySink implements EventSink<EventsV1Event> {
  writes = 0;
  outOfOrder = 0;
  readonly held = new Map<string, EventsV1Event>();
  private readonly busy = new Set<string>();
  private readonly latencyMs: number;

  constructor(latencyMs: number) {
    this.latencyMs = latencyMs;
  }

  create(event: EventsV1Event): Promise<EventsV1Event> {
    return this.answer(event, (held) => {
      if (held !== undefined) this.outOfOrder++;
      return event;
    });
  }

  update(event: EventsV1Event): Promise<EventsV1Event> {
    return this.answer(event, () => event);
  }

  patch(oldEvent: EventsV1Event, patch: string): Promise<EventsV1Event> {
    const { series } = JSON.parse(patch) as { series: { count: number; lastObservedTime: string } };
    return this.answer(oldEvent, (held) => {
      if (held === undefined) {
        this.outOfOrder++;
        throw new SinkError('not found', { kind: 'status', status: 404, reason: 'NotFound' });
      }
      if (series.count <= (held.series?.count ?? 1)) this.outOfOrder++;
      return { ...held, series: { count: series.count, lastObservedTime: new Date(series.lastObservedTime) } };
    });
  }

  private async answer(
    event: EventsV1Event,
    apply: (held: EventsV1Event | undefined) => EventsV1Event,
  ): Promise<EventsV1Event> {
    const name = event.metadata.name ?? '';
    if (this.busy.has(name)) this.outOfOrder++;
    this.busy.add(name);
    if (this.latencyMs > 0) await sleep(this.latencyMs);
    this.busy.delete(name);
    const stored = apply(this.held.get(name));
    this.held.set(name, stored);
    this.writes++;
    return stored;
  }
}

/** W5's burst through an `EventsV1Broadcaster` into `sink`: `calls` `eventf` over `objects`, round-robin. */
function recordSeriesBurst(
  broadcaster: EventsV1Broadcaster,
  objects: readonly KubernetesObject[],
  calls: number,
): void {
  const recorder = broadcaster.newRecorder('bench.example.com/w8', { reportingInstance: 'w8' });
  for (let i = 0; i < calls; i++) {
    const k = i % objects.length;
    recorder.eventf(objects[k]!, undefined, 'Normal', 'Sync', 'Sync', 'synced %d', k);
  }
}

/** Times the burst into a fresh {@link SeriesLatencySink} answering after `latencyMs`, recorded with `options`. */
function runSeries(size: BenchSize, latencyMs: number, options: EventsV1RecordToSinkOptions): Promise<RecordingRun> {
  return timeBurst(
    size,
    () => new SeriesLatencySink(latencyMs),
    (sink) => {
      const broadcaster = new EventsV1Broadcaster();
      broadcaster.startRecordingToSink(sink, options);
      return {
        record: (objects, calls) => {
          recordSeriesBurst(broadcaster, objects, calls);
        },
        shutdown: () => broadcaster.shutdown(),
      };
    },
    (sink) => ({
      writes: sink.writes,
      // Read as core/v1 shows them: a series' count is the event's count.
      events: [...sink.held.values()].map((event) => ({
        involvedObject: { name: event.regarding?.name ?? '' },
        count: event.series?.count ?? 1,
      })),
      inOrder: sink.outOfOrder === 0,
    }),
  );
}

/**
 * W8: W5's burst (10 000 `eventf` over 1000 Pods) through the events.k8s.io/v1 recorder with series, into an
 * in-process sink answering after L ∈ {0, 2 ms}, at the default concurrency (4), beside the same pipeline writing
 * serially with client-go's `tools/events` retry (`clientGoEventsCompatible`, concurrency 1). The facts are W5's:
 * every Pod's event ends at series count 10, the writes made (at most two per event), in order, nothing lost.
 */
export async function w8EventsV1(size: BenchSize): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const { calls } = w5Shape(size);
  for (const latencyMs of [0, 2]) {
    const serial = await runSeries(size, latencyMs, { retry: clientGoEventsCompatible, concurrency: 1 });
    const ours = await runSeries(size, latencyMs, {});
    const baseline = rate(calls, serial.timing);
    const oursRate = rate(calls, ours.timing);
    rows.push({
      id: 'W8',
      variant: `events.k8s.io/v1 series, L=${String(latencyMs)} ms, concurrency 4`,
      unit: 'events/s',
      ours: oursRate,
      baseline,
      ratio: compare(oursRate, baseline, 'speedup'),
      facts: { ...recordingFacts(ours, size), ...baselineFacts(serial) },
    });
  }
  return rows;
}
