import { EventsV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsV1RecorderFor, newEventBroadcasterAdapter } from '../../src/events/index.js';
import type { KubernetesObject } from '../../src/meta/index.js';
import { EventBroadcaster } from '../../src/record/index.js';
import { CoreV1EventSink, servesEventsV1 } from '../../src/sink/index.js';
import { realServer, realServerMissing, startTarget, targetNames } from './support.js';
import type { Target } from './support.js';

// The events adapter's edges on the fake API server and (under `npm run test:e2e`) on a real kube-apiserver v1.20.2,
// with the same expectations: discovery of events.k8s.io/v1, and the legacy path's core/v1 events carrying action,
// related and reportingInstance, which the server accepts without eventTime and shows through events.k8s.io/v1.

if (!realServer) describe.skip(realServerMissing, () => undefined);

describe.each(targetNames)('the events adapter edges, on the %s server', (name) => {
  let target: Target;
  beforeAll(async () => {
    target = await startTarget(name);
  });
  afterAll(async () => {
    await target.close();
  });

  it('discovers events.k8s.io/v1, also for a user RBAC allows nothing on events', async () => {
    await expect(servesEventsV1(target.kubeConfig)).resolves.toBe(true);
    await expect(servesEventsV1(target.limitedKubeConfig)).resolves.toBe(true);
  });

  it('accepts core/v1 events with action, related and reportingInstance, and lists them through events.k8s.io/v1', async () => {
    const namespace = await target.namespace('edges');
    const replicaSet: KubernetesObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web-7d9f', namespace, uid: 'uid-rs' },
    };
    const pod: KubernetesObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-0', namespace, uid: 'u1' } };
    const broadcaster = new EventBroadcaster();
    broadcaster.startRecordingToSink(new CoreV1EventSink(target.kubeConfig));
    const recorder = eventsV1RecorderFor(broadcaster, 'example.com/web', { reportingInstance: 'web-host' });
    for (let i = 0; i < 3; i++) {
      recorder.eventf(replicaSet, pod, 'Normal', 'SuccessfulCreate', 'Create', 'Created pod: %s', 'web-0');
    }
    recorder.eventf(replicaSet, pod, 'Normal', 'SuccessfulDelete', 'Delete', 'Deleted pod: %s', 'web-0');

    const report = await broadcaster.shutdown({ timeoutMs: 30_000 });

    expect(report).toMatchObject({ recorded: 4, written: 4, failed: 0, abandoned: 0 });
    const listed = await target.kubeConfig.makeApiClient(EventsV1Api).listNamespacedEvent({ namespace });
    const byReason = (reason: string) => listed.items.find((e) => e.reason === reason);
    expect(listed.items).toHaveLength(2);
    expect(byReason('SuccessfulCreate')).toMatchObject({
      regarding: { kind: 'ReplicaSet', name: 'web-7d9f', namespace, apiVersion: 'apps/v1' },
      related: { kind: 'Pod', name: 'web-0', namespace, apiVersion: 'v1' },
      action: 'Create',
      note: 'Created pod: web-0',
      reportingController: 'example.com/web',
      reportingInstance: 'web-host',
      deprecatedCount: 3,
    });
    expect(byReason('SuccessfulDelete')).toMatchObject({ action: 'Delete', deprecatedCount: 1 });
  });
  it('gives an adapter on events.k8s.io/v1 whose recorder writes one event with a series', async () => {
    const namespace = await target.namespace('adapter');
    const pod: KubernetesObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace, uid: 'u2' } };
    const adapter = await newEventBroadcasterAdapter(target.kubeConfig);
    expect(adapter.api).toBe('events.k8s.io/v1');
    adapter.startRecordingToSink();
    const recorder = adapter.newRecorder('example.com/web', { reportingInstance: 'web-host' });
    for (let i = 0; i < 4; i++) recorder.eventf(pod, undefined, 'Warning', 'BackOff', 'Pull', 'Back-off %d', i);

    const { core, eventsV1 } = await adapter.shutdown({ timeoutMs: 30_000 });

    expect(core).toMatchObject({ recorded: 0, failed: 0 });
    expect(eventsV1).toMatchObject({ recorded: 4, failed: 0, abandoned: 0, timedOut: false });
    const listed = await target.kubeConfig.makeApiClient(EventsV1Api).listNamespacedEvent({ namespace });
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]).toMatchObject({
      regarding: { kind: 'Pod', name: 'web-1', namespace },
      action: 'Pull',
      note: 'Back-off 0',
      reportingController: 'example.com/web',
      series: { count: 4 },
    });
  });
});
