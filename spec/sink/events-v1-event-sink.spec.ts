import { EventsV1Api, KubeConfig, V1MicroTime } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import type { EventsV1Event } from '../../src/meta/types.js';
import { EventsV1EventSink, SinkError } from '../../src/sink/index.js';
import type { EventSink } from '../../src/sink/index.js';
import { startFakeApiServer } from '../../src/testing/index.js';
import type { FakeApiServer } from '../../src/testing/index.js';
import { failureOf } from '../testing/support.js';

let server: FakeApiServer;
let sink: EventsV1EventSink;

beforeEach(async () => {
  server = await startFakeApiServer();
  sink = new EventsV1EventSink(server.kubeConfig);
});

afterEach(async () => {
  await server.close();
});

/** An events.k8s.io/v1 event as the recorder makes it. */
function made(name: string, extra: Partial<EventsV1Event> = {}): EventsV1Event {
  return {
    metadata: { name, namespace: 'shop' },
    eventTime: new Date('2024-05-01T10:00:00.123Z'),
    reportingController: 'example.com/shop-operator',
    reportingInstance: 'shop-operator-host',
    action: 'Reconcile',
    reason: 'Synced',
    regarding: { kind: 'Deployment', namespace: 'shop', name: 'web', apiVersion: 'apps/v1' },
    note: 'synced 3 replicas',
    type: 'Normal',
    ...extra,
  };
}

const sinkError = (promise: Promise<unknown>): Promise<SinkError> => failureOf(promise, SinkError);

describe('EventsV1EventSink', () => {
  it('is an EventSink<EventsV1Event>, made from a KubeConfig or an EventsV1Api', () => {
    expectTypeOf(sink).toExtend<EventSink<EventsV1Event>>();
    expect(new EventsV1EventSink(server.kubeConfig.makeApiClient(EventsV1Api))).toBeInstanceOf(EventsV1EventSink);
    expect(() => new EventsV1EventSink({} as never)).toThrow(
      /^EventsV1EventSink: expected a KubeConfig or an EventsV1Api from @kubernetes\/client-node$/,
    );
    expect(() => new EventsV1EventSink(new KubeConfig())).toThrow(
      /^EventsV1EventSink: the KubeConfig has no current cluster; load a config with a current context first/,
    );
    expect(() => new EventsV1EventSink(server.kubeConfig, { timeoutMs: -1 })).toThrow(RangeError);
  });

  it('creates under events.k8s.io/v1 without resourceVersion, eventTime with six digits, and returns dates', async () => {
    const event = made('web.1', { metadata: { name: 'web.1', namespace: 'shop', resourceVersion: '7' } });
    const created = await sink.create(event);
    const [request] = server.requests();
    expect(request).toMatchObject({ method: 'POST', path: '/apis/events.k8s.io/v1/namespaces/shop/events' });
    const body = JSON.parse(request?.body ?? '{}') as { metadata: object; eventTime: string };
    expect(body.metadata).toEqual({ name: 'web.1', namespace: 'shop' });
    expect(body.eventTime).toBe('2024-05-01T10:00:00.123000Z');
    expect(created.eventTime).toBeInstanceOf(V1MicroTime);
    expect(created.eventTime?.getTime()).toBe(Date.parse('2024-05-01T10:00:00.123Z'));
    expect(created).toMatchObject({
      action: 'Reconcile',
      note: 'synced 3 replicas',
      metadata: { uid: expect.any(String) as unknown },
    });
    expect(event.metadata.resourceVersion).toBe('7');
  });

  it('patches a series with a strategic-merge patch, and replaces', async () => {
    await sink.create(made('web.1'));
    const patch = '{"series":{"count":2,"lastObservedTime":"2024-05-01T10:01:00.000000Z"}}';
    const patched = await sink.patch(made('web.1'), patch);
    const request = server.requests()[1];
    expect(request).toMatchObject({
      method: 'PATCH',
      path: '/apis/events.k8s.io/v1/namespaces/shop/events/web.1',
      contentType: 'application/strategic-merge-patch+json',
      body: patch,
    });
    expect(patched.series?.count).toBe(2);
    expect(patched.series?.lastObservedTime?.getTime()).toBe(Date.parse('2024-05-01T10:01:00Z'));
    expect(server.events('shop')[0]?.series).toEqual({ count: 2, lastObservedTime: '2024-05-01T10:01:00.000000Z' });
    const replaced = await sink.update({
      ...patched,
      series: { count: 3, lastObservedTime: new Date('2024-05-01T10:02:00Z') },
    });
    expect(server.requests()[2]).toMatchObject({
      method: 'PUT',
      path: '/apis/events.k8s.io/v1/namespaces/shop/events/web.1',
    });
    expect(replaced.series?.count).toBe(3);
  });

  it('writes series.lastObservedTime with six digits in an update, and reads the metadata times as dates', async () => {
    const created = await sink.create(made('web.1'));
    expect(created.metadata.creationTimestamp).toBeInstanceOf(Date);
    await sink.update({ ...created, series: { count: 2, lastObservedTime: new Date('2024-05-01T10:02:00.5Z') } });
    const body = JSON.parse(server.requests()[1]?.body ?? '{}') as { series: unknown };
    expect(body.series).toEqual({ count: 2, lastObservedTime: '2024-05-01T10:02:00.500000Z' });
  });

  it('sends the same writes through an EventsV1Api (client-node) as from a KubeConfig (its own requests)', async () => {
    const event = made('web.1', { series: { count: 2, lastObservedTime: new Date('2024-05-01T10:00:30.25Z') } });
    const patch = '{"series":{"count":2,"lastObservedTime":"2024-05-01T10:01:00.000000Z"}}';
    const writes = async (through: EventsV1EventSink): Promise<unknown[]> => {
      const patched = await through.patch(await through.create(event), patch);
      await through.update({ ...patched, series: { count: 3, lastObservedTime: new Date('2024-05-01T10:02:00.75Z') } });
      const seen = server.requests().map(({ method, path, query, contentType, body }) => {
        const { metadata, ...rest } = JSON.parse(body) as { metadata: { resourceVersion?: string } };
        // Only the server's own fields differ between the two runs.
        return {
          method,
          path,
          query,
          contentType,
          body: { ...rest, metadata: { ...metadata, uid: 'x', creationTimestamp: 'x', resourceVersion: 'x' } },
        };
      });
      server.reset();
      return seen;
    };
    const own = await writes(new EventsV1EventSink(server.kubeConfig, { fieldManager: 'shop' }));
    const api = server.kubeConfig.makeApiClient(EventsV1Api);
    const clientNode = await writes(new EventsV1EventSink(api, { fieldManager: 'shop' }));
    expect(own.map((r) => (r as { method: string }).method)).toEqual(['POST', 'PATCH', 'PUT']);
    expect(own[1]).toMatchObject({
      contentType: 'application/strategic-merge-patch+json',
      query: '?fieldManager=shop',
    });
    expect(clientNode).toEqual(own);
  });

  it('answers a patch of an event the server does not have with isNotFound', async () => {
    const error = await sinkError(sink.patch(made('gone.1'), '{"series":{"count":2}}'));
    expect(error).toMatchObject({ kind: 'status', status: 404, isNotFound: true });
  });

  it.each(['create', 'patch', 'update'] as const)(
    'refuses to %s an event with an empty namespace, final and before any I/O',
    async (verb) => {
      const event = made('web.1', { metadata: { name: 'web.1' } });
      const call = verb === 'patch' ? sink.patch(event, '{}') : sink[verb](event);
      const error = await sinkError(call);
      expect(error.kind).toBe('request');
      expect(error.message).toMatch(new RegExp(`^can't ${verb} an event without metadata.namespace`));
      expect(server.requests()).toEqual([]);
    },
  );

  it('refuses an event outside the namespace it is bound to', async () => {
    const bound = new EventsV1EventSink(server.kubeConfig, { namespace: 'other' });
    const error = await sinkError(bound.create(made('web.1')));
    expect(error).toMatchObject({ kind: 'request' });
    expect(error.message).toMatch(/in namespace 'other'/);
  });

  it('aborts a request on the signal, as a transport error', async () => {
    server.faults.script([{ delayMs: Infinity }]);
    const controller = new AbortController();
    const pending = sinkError(sink.create(made('web.1'), controller.signal));
    controller.abort();
    expect(await pending).toMatchObject({ kind: 'transport' });
  });
});
