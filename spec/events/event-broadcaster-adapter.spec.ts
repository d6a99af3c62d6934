import { afterEach, describe, expect, it } from 'vitest';
import {
  AlreadyRecordingError,
  DiscoveryError,
  EventBroadcasterAdapter,
  newEventBroadcasterAdapter,
} from '../../src/index.js';
import type { EventsApi } from '../../src/index.js';
import { startFakeApiServer } from '../../src/testing/index.js';
import type { FakeApiServer, FakeApiServerOptions } from '../../src/testing/index.js';
import { failureOf, kubeConfigFor } from '../testing/support.js';

let server: FakeApiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function fake(options?: FakeApiServerOptions): Promise<FakeApiServer> {
  server = await startFakeApiServer(options);
  return server;
}

const replicaSet = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'web-7d4b9', namespace: 'shop', uid: 'rs-uid' },
};
const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-7d4b9-x2k4p', namespace: 'shop', uid: 'pod-uid' } };

/** Records the same call three times through the adapter's recorder and shuts down. */
async function recordThrice(adapter: EventBroadcasterAdapter): Promise<void> {
  adapter.startRecordingToSink();
  const recorder = adapter.newRecorder('example.com/rs-controller', { reportingInstance: 'rs-controller-0' });
  for (let i = 0; i < 3; i++) {
    recorder.eventf(replicaSet, pod, 'Normal', 'SuccessfulCreate', 'Create', 'Created pod: %s', 'web-7d4b9-x2k4p');
  }
  const report = await adapter.shutdown({ timeoutMs: 10_000 });
  expect(report.core.timedOut).toBe(false);
  expect(report.eventsV1?.timedOut ?? false).toBe(false);
}

describe('newEventBroadcasterAdapter', () => {
  it('records to events.k8s.io/v1 when the server serves it: one event with a series', async () => {
    const { kubeConfig } = await fake();
    const adapter = await newEventBroadcasterAdapter(kubeConfig);
    expect(adapter.api).toBe('events.k8s.io/v1');
    expect(adapter.eventsV1).toBeDefined();

    await recordThrice(adapter);

    const [event, ...others] = server!.events('shop');
    expect(others).toEqual([]);
    expect(event).toMatchObject({
      action: 'Create',
      reason: 'SuccessfulCreate',
      message: 'Created pod: web-7d4b9-x2k4p',
      reportingComponent: 'example.com/rs-controller',
      reportingInstance: 'rs-controller-0',
      involvedObject: { kind: 'ReplicaSet', name: 'web-7d4b9', uid: 'rs-uid' },
      related: { kind: 'Pod', name: 'web-7d4b9-x2k4p', uid: 'pod-uid' },
      series: { count: 3 },
    });
    expect(event?.eventTime).not.toBeNull();
    expect(event?.eventTime).toBeDefined();
    const writes = server!.requests().filter((request) => request.method !== 'GET');
    expect(writes.every((request) => request.path.startsWith('/apis/events.k8s.io/v1/namespaces/shop/events'))).toBe(
      true,
    );
  });

  it('records to core/v1 when the server answers 404, keeping action, related and reportingInstance', async () => {
    const { kubeConfig } = await fake({ eventsV1: false });
    const adapter = await newEventBroadcasterAdapter(kubeConfig);
    expect(adapter.api).toBe('v1');
    expect(adapter.eventsV1).toBeUndefined();

    await recordThrice(adapter);

    const [event, ...others] = server!.events('shop');
    expect(others).toEqual([]);
    expect(event).toMatchObject({
      action: 'Create',
      count: 3,
      reportingComponent: 'example.com/rs-controller',
      reportingInstance: 'rs-controller-0',
      source: { component: 'example.com/rs-controller' },
      related: { kind: 'Pod', name: 'web-7d4b9-x2k4p' },
    });
    expect(event?.eventTime).toBeNull();
    const writes = server!.requests().filter((request) => request.method !== 'GET');
    expect(writes.every((request) => request.path.startsWith('/api/v1/namespaces/shop/events'))).toBe(true);
  });

  it('rejects with a DiscoveryError when the server refuses the question, never falling back to core/v1', async () => {
    const { url } = await fake({ token: 'right' });
    const kubeConfig = kubeConfigFor(url, 'wrong');
    const error = await failureOf(newEventBroadcasterAdapter(kubeConfig), DiscoveryError);
    expect(error).toMatchObject({ kind: 'status', status: 401 });
    expect(server!.requests().map((request) => request.path)).toEqual(['/apis/events.k8s.io/v1']);
  });
});

describe('EventBroadcasterAdapter', () => {
  it.each<EventsApi>(['events.k8s.io/v1', 'v1'])(
    'on %s, a legacy recorder writes core/v1 events through the core broadcaster',
    async (api) => {
      const { kubeConfig } = await fake();
      const adapter = new EventBroadcasterAdapter(kubeConfig, api);
      adapter.startRecordingToSink();
      adapter.newLegacyRecorder({ component: 'old-controller' }).eventf(pod, 'Warning', 'BackOff', 'Back-off %d', 1);
      const report = await adapter.shutdown();

      expect(report.core).toMatchObject({ recorded: 1, written: 1 });
      expect(report.eventsV1 === undefined).toBe(api === 'v1');
      expect(server!.events('shop')).toMatchObject([
        { reason: 'BackOff', message: 'Back-off 1', source: { component: 'old-controller' }, count: 1 },
      ]);
    },
  );

  it('starts recording once: a second call is an AlreadyRecordingError, as the events.k8s.io/v1 broadcaster', async () => {
    const { kubeConfig } = await fake();
    const adapter = new EventBroadcasterAdapter(kubeConfig, 'v1');
    adapter.startRecordingToSink();
    expect(() => {
      adapter.startRecordingToSink();
    }).toThrow(AlreadyRecordingError);
    expect(adapter.core.stats.sinks).toHaveLength(1);
    await adapter.shutdown();
  });

  it('refuses an API it does not know, saying how to ask the server', async () => {
    const { kubeConfig } = await fake();
    expect(() => new EventBroadcasterAdapter(kubeConfig, 'events.k8s.io/v1beta1' as EventsApi)).toThrow(
      /api must be 'events.k8s.io\/v1' or 'v1', got "events.k8s.io\/v1beta1"; newEventBroadcasterAdapter\(kubeConfig\) asks the server/,
    );
  });

  it('refuses a recorder name the events API would refuse, on both APIs alike', async () => {
    const { kubeConfig } = await fake();
    for (const api of ['events.k8s.io/v1', 'v1'] as const) {
      const adapter = new EventBroadcasterAdapter(kubeConfig, api);
      expect(() => adapter.newRecorder('not a qualified name')).toThrow(/qualified name/);
      await adapter.shutdown();
    }
  });
});
