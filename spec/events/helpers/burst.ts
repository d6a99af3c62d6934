import type { KubeConfig } from '@kubernetes/client-node';
import { EventsV1Broadcaster } from '../../../src/events/index.js';
import type { EventsV1ShutdownReport } from '../../../src/events/index.js';
import { EventsV1EventSink } from '../../../src/sink/index.js';

/**
 * The burst: 10 000 `eventf` over 1000 Pods of `namespace` (10 each, round-robin), recorded through an
 * `EventsV1Broadcaster` to an `EventsV1EventSink` of `kubeConfig`; resolves the shutdown report once every write
 * has returned.
 */
export async function seriesBurst(kubeConfig: KubeConfig, namespace: string): Promise<EventsV1ShutdownReport> {
  const broadcaster = new EventsV1Broadcaster();
  broadcaster.startRecordingToSink(new EventsV1EventSink(kubeConfig));
  const recorder = broadcaster.newRecorder('example.com/burst', { reportingInstance: 'burst-0' });
  const pods = Array.from({ length: 1000 }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `web-${String(i)}`, namespace, uid: `uid-${String(i)}` },
  }));
  for (let round = 0; round < 10; round++) {
    for (const pod of pods) recorder.eventf(pod, undefined, 'Warning', 'BackOff', 'Pull', 'Back-off pulling image');
  }
  return broadcaster.shutdown();
}
