/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- client-node's generated models are plain
   data: its docs and its users pass object literals as request bodies, and these tests use it as users do. */
import { EventsV1Api, PatchStrategy, setHeaderOptions, V1MicroTime } from '@kubernetes/client-node';
import type { EventsV1Event } from '@kubernetes/client-node';
import { beforeEach, describe, expect, it } from 'vitest';
import { apiFailure, coreEvent, expectApiFailure, failureStatus, useFakeApiServer } from './support.js';

const ctx = useFakeApiServer();
let events: EventsV1Api;

beforeEach(() => {
  events = ctx.server.kubeConfig.makeApiClient(EventsV1Api);
});

const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

/** An events.k8s.io/v1 request body (plain data, as client-node users write it). */
type EventBody = { [K in keyof EventsV1Event]: EventsV1Event[K] };
type EventChange = { [K in keyof EventBody]?: EventBody[K] | undefined };

/** An events.k8s.io/v1 event as tools/events makes it. */
function newEvent(name: string, extra: Partial<EventBody> = {}): EventBody {
  return {
    metadata: { name, namespace: 'default' },
    eventTime: new V1MicroTime('2024-05-01T10:00:00.123Z'),
    reportingController: 'example.com/web-controller',
    reportingInstance: 'web-controller-7d9f',
    action: 'Reconcile',
    reason: 'Synced',
    regarding: { kind: 'Deployment', namespace: 'default', name: 'web', apiVersion: 'apps/v1' },
    note: 'synced 3 replicas',
    type: 'Normal',
    ...extra,
  };
}

describe('events.k8s.io/v1 over the same store', () => {
  it('creates through events.k8s.io/v1 and reads through core/v1 (note→message, regarding→involvedObject)', async () => {
    const created = await events.createNamespacedEvent({ namespace: 'default', body: newEvent('web.1') });
    expect(created.apiVersion).toBe('events.k8s.io/v1');
    expect(created.eventTime).toBe('2024-05-01T10:00:00.123000Z');
    const viaCore = await ctx.core.readNamespacedEvent({ namespace: 'default', name: 'web.1' });
    expect(viaCore).toMatchObject({
      apiVersion: 'v1',
      message: 'synced 3 replicas',
      involvedObject: { kind: 'Deployment', name: 'web' },
      reportingComponent: 'example.com/web-controller',
      reportingInstance: 'web-controller-7d9f',
      action: 'Reconcile',
      metadata: { uid: created.metadata?.uid, resourceVersion: created.metadata?.resourceVersion },
    });
    expect(ctx.server.events()[0]).toMatchObject({ message: 'synced 3 replicas', source: {}, firstTimestamp: null });
  });

  it('shows core/v1 events through events.k8s.io/v1 with the deprecated* fields', async () => {
    await ctx.core.createNamespacedEvent({ namespace: 'default', body: coreEvent('a', 'default', { count: 4 }) });
    const read = await events.readNamespacedEvent({ namespace: 'default', name: 'a' });
    expect(read).toMatchObject({
      note: 'Started container web',
      regarding: { kind: 'Pod', name: 'web-0' },
      deprecatedSource: { component: 'kubelet', host: 'node-1' },
      deprecatedCount: 4,
      eventTime: null,
    });
    expect(read.deprecatedFirstTimestamp?.toISOString()).toBe('2024-05-01T10:00:00.000Z');
    const list = await events.listEventForAllNamespaces();
    expect(list.apiVersion).toBe('events.k8s.io/v1');
    expect(list.items.map((e) => e.metadata?.name)).toEqual(['a']);
  });

  it('patches the series through events.k8s.io/v1', async () => {
    await events.createNamespacedEvent({ namespace: 'default', body: newEvent('web.1') });
    const patched = await events.patchNamespacedEvent(
      {
        namespace: 'default',
        name: 'web.1',
        body: { series: { count: 2, lastObservedTime: '2024-05-01T10:06:00.000000Z' } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    expect(patched.series).toMatchObject({ count: 2, lastObservedTime: '2024-05-01T10:06:00.000000Z' });
  });

  it('selects with events.k8s.io/v1 field names', async () => {
    await events.createNamespacedEvent({ namespace: 'default', body: newEvent('a') });
    await events.createNamespacedEvent({
      namespace: 'default',
      body: newEvent('b', { regarding: { kind: 'Deployment', namespace: 'default', name: 'db' } }),
    });
    const list = await events.listNamespacedEvent({ namespace: 'default', fieldSelector: 'regarding.name=db' });
    expect(list.items.map((e) => e.metadata?.name)).toEqual(['b']);
    const byController = await events.listNamespacedEvent({
      namespace: 'default',
      fieldSelector: 'reportingController=example.com/web-controller',
    });
    expect(byController.items).toHaveLength(2);
    expect(
      (await apiFailure(events.listNamespacedEvent({ namespace: 'default', fieldSelector: 'involvedObject.name=db' })))
        .code,
    ).toBe(400);
  });

  it('names the group in its Status bodies', async () => {
    const failure = await apiFailure(events.readNamespacedEvent({ namespace: 'default', name: 'nope' }));
    expect(failure.body).toEqual(
      failureStatus(404, 'NotFound', 'events.events.k8s.io "nope" not found', {
        name: 'nope',
        group: 'events.k8s.io',
        kind: 'events',
      }),
    );
  });
});

describe('events.k8s.io/v1 strict validation', () => {
  const cases: [string, EventChange | ((e: EventBody) => unknown), string, string][] = [
    ['eventTime missing', (e) => ({ ...e, eventTime: undefined }), 'eventTime', 'FieldValueRequired'],
    ['type not Normal/Warning', { type: 'Info' }, 'type', 'FieldValueNotSupported'],
    ['type missing', { type: undefined }, 'type', 'FieldValueRequired'],
    ['deprecatedCount set', { deprecatedCount: 3 }, 'deprecatedCount', 'FieldValueInvalid'],
    ['deprecatedSource set', { deprecatedSource: { component: 'kubelet' } }, 'deprecatedSource', 'FieldValueInvalid'],
    [
      'deprecatedFirstTimestamp set',
      { deprecatedFirstTimestamp: new Date(0) },
      'deprecatedFirstTimestamp',
      'FieldValueInvalid',
    ],
    [
      'deprecatedLastTimestamp set',
      { deprecatedLastTimestamp: new Date(0) },
      'deprecatedLastTimestamp',
      'FieldValueInvalid',
    ],
    [
      'reportingController not a qualified name',
      { reportingController: 'Web Controller' },
      'reportingController',
      'FieldValueInvalid',
    ],
    ['reportingController missing', { reportingController: undefined }, 'reportingController', 'FieldValueRequired'],
    [
      'reportingInstance over 128 bytes',
      { reportingInstance: 'é'.repeat(65) },
      'reportingInstance',
      'FieldValueInvalid',
    ],
    ['reportingInstance missing', { reportingInstance: undefined }, 'reportingInstance', 'FieldValueRequired'],
    ['action missing', { action: undefined }, 'action', 'FieldValueRequired'],
    ['action over 128', { action: 'a'.repeat(129) }, 'action', 'FieldValueInvalid'],
    ['reason missing', { reason: undefined }, 'reason', 'FieldValueRequired'],
    ['reason over 128', { reason: 'r'.repeat(129) }, 'reason', 'FieldValueInvalid'],
    ['note over 1024 bytes', { note: 'n'.repeat(1025) }, 'message', 'FieldValueInvalid'],
    [
      'series count below 2',
      { series: { count: 1, lastObservedTime: new V1MicroTime(0) } },
      'series.count',
      'FieldValueInvalid',
    ],
    [
      'series without lastObservedTime',
      (e) => ({ ...e, series: { count: 2 } }),
      'series.lastObservedTime',
      'FieldValueRequired',
    ],
    [
      'name not a DNS subdomain',
      { metadata: { name: 'Web_1', namespace: 'default' } },
      'metadata.name',
      'FieldValueInvalid',
    ],
    [
      'empty regarding.namespace outside default/kube-system',
      (e) => ({ ...e, metadata: { name: 'x', namespace: 'apps' }, regarding: { kind: 'Node', name: 'n1' } }),
      'involvedObject.namespace',
      'FieldValueInvalid',
    ],
  ];

  it.each(cases)('%s → 422 on %s', async (_label, change, field, reason) => {
    const base = newEvent('web.1');
    const body = (typeof change === 'function' ? change(base) : { ...base, ...change }) as EventBody;
    const namespace = body.metadata?.namespace ?? 'default';
    const failure = await expectApiFailure(events.createNamespacedEvent({ namespace, body }), 422, {
      reason: 'Invalid',
      details: { kind: 'Event' },
    });
    // The apiserver validates the internal core Event, so its Invalid names no group (checked against v1.20.2).
    expect((failure.body as { details: object }).details).not.toHaveProperty('group');
    const causes = (failure.body as { details: { causes: { field: string; reason: string }[] } }).details.causes;
    expect(causes).toContainEqual(expect.objectContaining({ field, reason }));
    expect(ctx.server.events()).toEqual([]);
  });

  it('accepts the note at exactly 1024 bytes, and an empty regarding.namespace in kube-system', async () => {
    await events.createNamespacedEvent({ namespace: 'default', body: newEvent('a', { note: 'n'.repeat(1024) }) });
    await events.createNamespacedEvent({
      namespace: 'kube-system',
      body: newEvent('b', {
        metadata: { name: 'b', namespace: 'kube-system' },
        regarding: { kind: 'Node', name: 'n1' },
      }),
    });
    expect(ctx.server.events()).toHaveLength(2);
  });

  it('keeps everything but series and metadata immutable on update', async () => {
    await events.createNamespacedEvent({ namespace: 'default', body: newEvent('web.1') });
    await expectApiFailure(
      events.patchNamespacedEvent({ namespace: 'default', name: 'web.1', body: { note: 'changed' } }, merge),
      422,
      {
        message: 'Event "web.1" is invalid: message: Invalid value: "changed": field is immutable',
      },
    );
    await expectApiFailure(
      events.patchNamespacedEvent({ namespace: 'default', name: 'web.1', body: { series: { count: 1 } } }, merge),
      422,
    );
    const labelled = await events.patchNamespacedEvent(
      { namespace: 'default', name: 'web.1', body: { metadata: { labels: { a: 'b' } } } },
      merge,
    );
    expect(labelled.metadata?.labels).toEqual({ a: 'b' });
  });

  it('lets core/v1 update those fields (the legacy rules only)', async () => {
    await events.createNamespacedEvent({ namespace: 'default', body: newEvent('web.1') });
    const patched = await ctx.core.patchNamespacedEvent(
      { namespace: 'default', name: 'web.1', body: { message: 'changed' } },
      merge,
    );
    expect(patched.message).toBe('changed');
  });
});
