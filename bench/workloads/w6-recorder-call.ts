import { Subject } from 'rxjs';
import { EventBroadcaster } from 'rx-kube-events';
import type { CoreV1Event, EventRecorder } from 'rx-kube-events';
import { pod, podEvent, source } from '../fixtures.js';
import { nanosEach, time } from '../harness.js';
import { compare } from '../report.js';
import type { BenchRow, BenchSize } from '../report.js';

/**
 * W6: one `eventf` call with a watcher attached that does nothing (`startEventWatcher` with an empty handler), in
 * nanoseconds per call over a batch of calls per repetition; a fresh broadcaster per repetition, checked afterwards
 * to have delivered every event and dropped none. Baseline: a bare `Subject.next` of a prebuilt event to one
 * subscriber that does nothing.
 */
export async function w6RecorderCall(size: BenchSize): Promise<BenchRow[]> {
  const calls = size === 'full' ? 100_000 : 2_000;
  const object = pod('pod-0');
  let broadcaster: EventBroadcaster | undefined;
  let recorder: EventRecorder | undefined;
  let dropped = 0;
  const ours = await time(
    () => {
      const r = recorder!;
      for (let i = 0; i < calls; i++) r.eventf(object, 'Normal', 'Started', 'Started container %s', 'web');
    },
    {
      setup: () => {
        broadcaster = new EventBroadcaster();
        broadcaster.startEventWatcher(() => undefined);
        recorder = broadcaster.newRecorder(source);
      },
      teardown: async () => {
        const { recorded, delivered, dropped: lost, rejected } = await broadcaster!.shutdown();
        if (recorded !== calls || delivered !== calls || rejected !== 0) {
          throw new Error(`W6: ${String(recorded)} recorded, ${String(delivered)} delivered of ${String(calls)} calls`);
        }
        dropped += lost;
      },
    },
  );

  const event = podEvent('pod-0', 'Started', 'Started container web', 0);
  let subject: Subject<CoreV1Event> | undefined;
  const baseline = await time(
    () => {
      const s = subject!;
      for (let i = 0; i < calls; i++) s.next(event);
    },
    {
      setup: () => {
        subject = new Subject<CoreV1Event>();
        subject.subscribe(() => undefined);
      },
      teardown: () => {
        subject?.complete();
      },
    },
  );

  const oursNs = nanosEach(calls, ours);
  const baselineNs = nanosEach(calls, baseline);
  return [
    {
      id: 'W6',
      variant: 'recorder call (eventf, one idle watcher)',
      unit: 'ns/call',
      ours: oursNs,
      baseline: baselineNs,
      ratio: compare(oursNs, baselineNs, 'cost', 'lower'),
      target: '≤ 1 µs per call',
      met: oursNs.median <= 1000,
      facts: { calls, dropped },
    },
  ];
}
