/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- client-node's generated models are plain
   data: its docs and its users pass object literals as request bodies, and these tests use it as users do. */
import {
  ApisApi,
  CoreApi,
  CoreV1Api,
  EventsV1Api,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { VirtualTimeScheduler } from 'rxjs';
import { beforeEach, describe, expect, it } from 'vitest';
import { startFakeApiServer } from '../../src/testing/index.js';
import { fetchFailureCode } from '../sink/helpers/fetch-failure.js';
import {
  apiFailure,
  coreEvent,
  expectApiFailure,
  failureStatus,
  rejection,
  tcpHandles,
  useFakeApiServer,
  waitFor,
} from './support.js';

const ctx = useFakeApiServer();

/** A raw request, for what client-node cannot send (a bad body, a missing header). */
async function raw(path: string, init: RequestInit = {}): Promise<{ status: number; body: unknown; headers: Headers }> {
  const res = await fetch(ctx.server.url + path, init);
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text), headers: res.headers };
}

function post(path: string, body: string, contentType = 'application/json') {
  return raw(path, { method: 'POST', headers: { 'Content-Type': contentType }, body });
}

function postJson(path: string, body: unknown) {
  return post(path, JSON.stringify(body));
}

describe('startFakeApiServer', () => {
  it('listens on 127.0.0.1 and hands out a KubeConfig for it', () => {
    expect(ctx.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ctx.server.kubeConfig).toBeInstanceOf(KubeConfig);
    expect(ctx.server.kubeConfig.getCurrentCluster()?.server).toBe(ctx.server.url);
    expect(ctx.server.kubeConfig.getContextObject(ctx.server.kubeConfig.getCurrentContext())?.namespace).toBe(
      'default',
    );
  });

  it('refuses a historyLimit below 1', async () => {
    await expect(startFakeApiServer({ historyLimit: 0 })).rejects.toThrow(RangeError);
  });
});

describe('discovery', () => {
  it('serves /api, /api/v1, /apis and /apis/events.k8s.io/v1 with events', async () => {
    const kc = ctx.server.kubeConfig;
    const versions = await kc.makeApiClient(CoreApi).getAPIVersions();
    expect(versions.versions).toEqual(['v1']);
    const coreResources = await ctx.core.getAPIResources();
    expect(coreResources.resources.map((r) => [r.name, r.kind, r.namespaced])).toEqual([['events', 'Event', true]]);
    const groups = await kc.makeApiClient(ApisApi).getAPIVersions();
    expect(groups.groups.map((g) => g.name)).toEqual(['events.k8s.io']);
    expect(groups.groups[0]?.preferredVersion?.groupVersion).toBe('events.k8s.io/v1');
    const eventsResources = await kc.makeApiClient(EventsV1Api).getAPIResources();
    expect(eventsResources.groupVersion).toBe('events.k8s.io/v1');
    expect(eventsResources.resources[0]?.verbs).toContain('watch');
  });

  it('hides events.k8s.io when eventsV1 is false', async () => {
    const legacy = await startFakeApiServer({ eventsV1: false });
    try {
      const groups = await legacy.kubeConfig.makeApiClient(ApisApi).getAPIVersions();
      expect(groups.groups).toEqual([]);
      await expectApiFailure(
        legacy.kubeConfig.makeApiClient(EventsV1Api).getAPIResources(),
        404,
        failureStatus(404, 'NotFound', 'the server could not find the requested resource', {}),
        'exactly',
      );
      await expectApiFailure(
        legacy.kubeConfig.makeApiClient(EventsV1Api).listNamespacedEvent({ namespace: 'default' }),
        404,
      );
      // core/v1 events keep working
      await legacy.kubeConfig
        .makeApiClient(CoreV1Api)
        .createNamespacedEvent({ namespace: 'default', body: coreEvent('a') });
      expect(legacy.events()).toHaveLength(1);
    } finally {
      await legacy.close();
    }
  });

  it('answers 405 to a write on a discovery path and 404 to an unknown path', async () => {
    expect((await postJson('/api/v1', {})).status).toBe(405);
    expect((await raw('/apis/apps/v1')).status).toBe(404);
    expect((await raw('/api/v1/namespaces/default/pods')).status).toBe(404);
  });
});

describe('core/v1 create, get, list', () => {
  it('creates with 201 and fills uid, creationTimestamp and resourceVersion', async () => {
    const created = await ctx.core.createNamespacedEvent({ namespace: 'default', body: coreEvent('web.1') });
    expect(created.kind).toBe('Event');
    expect(created.apiVersion).toBe('v1');
    expect(created.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata.resourceVersion).toBe('1');
    expect(created.metadata.creationTimestamp).toBeInstanceOf(Date);
    // metav1.Time is written in whole seconds
    expect(created.firstTimestamp?.toISOString()).toBe('2024-05-01T10:00:00.000Z');
    expect(ctx.server.requests().map((r) => [r.method, r.path, r.status])).toEqual([
      ['POST', '/api/v1/namespaces/default/events', 201],
    ]);
    const stored = ctx.server.events('default');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      metadata: { name: 'web.1', namespace: 'default', resourceVersion: '1' },
      involvedObject: { kind: 'Pod', name: 'web-0' },
      firstTimestamp: '2024-05-01T10:00:00Z',
      count: 1,
      // Go writes unset times as null and the non-omitempty reporting fields as ""
      eventTime: null,
      reportingComponent: '',
      reportingInstance: '',
    });
  });

  it('bumps one global resourceVersion on every write, as a decimal string', async () => {
    await ctx.core.createNamespacedEvent({ namespace: 'default', body: coreEvent('a') });
    await ctx.core.createNamespacedEvent({ namespace: 'kube-system', body: coreEvent('b', 'kube-system') });
    const patched = await ctx.core.patchNamespacedEvent(
      { namespace: 'default', name: 'a', body: { count: 2 } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(patched.metadata.resourceVersion).toBe('3');
    expect(ctx.server.resourceVersion).toBe('3');
    const list = await ctx.core.listEventForAllNamespaces();
    expect(list.metadata?.resourceVersion).toBe('3');
  });

  it('reads one event and answers 404 NotFound with the Status body for a missing one', async () => {
    await ctx.core.createNamespacedEvent({ namespace: 'default', body: coreEvent('a') });
    const read = await ctx.core.readNamespacedEvent({ namespace: 'default', name: 'a' });
    expect(read.reason).toBe('Started');
    await expectApiFailure(
      ctx.core.readNamespacedEvent({ namespace: 'default', name: 'nope' }),
      404,
      failureStatus(404, 'NotFound', 'events "nope" not found', { name: 'nope', kind: 'events' }),
      'exactly',
    );
  });

  it('lists one namespace or all of them, ordered by namespace and name, as an EventList', async () => {
    for (const [name, ns] of [
      ['b', 'default'],
      ['a', 'default'],
      ['c', 'apps'],
    ] as const) {
      await ctx.core.createNamespacedEvent({ namespace: ns, body: coreEvent(name, ns) });
    }
    const list = await ctx.core.listNamespacedEvent({ namespace: 'default' });
    expect(list.kind).toBe('EventList');
    expect(list.apiVersion).toBe('v1');
    expect(list.items.map((e) => e.metadata.name)).toEqual(['a', 'b']);
    const all = await ctx.core.listEventForAllNamespaces();
    expect(all.items.map((e) => `${e.metadata.namespace}/${e.metadata.name}`)).toEqual([
      'apps/c',
      'default/a',
      'default/b',
    ]);
    expect((await ctx.core.listNamespacedEvent({ namespace: 'empty' })).items).toEqual([]);
    expect(ctx.server.events().map((e) => e.metadata.name)).toEqual(['c', 'a', 'b']);
  });

  it('names an event from generateName', async () => {
    const created = await ctx.core.createNamespacedEvent({
      namespace: 'default',
      body: { ...coreEvent(''), metadata: { generateName: 'web-' } },
    });
    expect(created.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('takes creationTimestamp from the scheduler', async () => {
    const scheduler = new VirtualTimeScheduler();
    const timed = await startFakeApiServer({ scheduler });
    try {
      const created = await timed.kubeConfig
        .makeApiClient(CoreV1Api)
        .createNamespacedEvent({ namespace: 'default', body: coreEvent('a') });
      expect(created.metadata.creationTimestamp?.toISOString()).toBe('1970-01-01T00:00:00.000Z');
    } finally {
      await timed.close();
    }
  });
});

describe('core/v1 create rules', () => {
  it('answers 409 AlreadyExists for a taken name', async () => {
    await ctx.core.createNamespacedEvent({ namespace: 'default', body: coreEvent('a') });
    await expectApiFailure(
      ctx.core.createNamespacedEvent({ namespace: 'default', body: coreEvent('a') }),
      409,
      failureStatus(409, 'AlreadyExists', 'events "a" already exists', { name: 'a', kind: 'events' }),
      'exactly',
    );
  });

  it('answers a bare 500 when a create carries metadata.resourceVersion', async () => {
    const body = { ...coreEvent('a'), metadata: { name: 'a', resourceVersion: '7' } };
    await expectApiFailure(
      ctx.core.createNamespacedEvent({ namespace: 'default', body }),
      500,
      failureStatus(500, '', 'resourceVersion should not be set on objects to be created'),
      'exactly',
    );
    expect(ctx.server.events()).toEqual([]);
  });

  it('answers 422 Invalid when involvedObject.namespace disagrees with the event namespace', async () => {
    const body = coreEvent('a', 'default', {
      involvedObject: { kind: 'Pod', namespace: 'other', name: 'web-0' },
    });
    await expectApiFailure(
      ctx.core.createNamespacedEvent({ namespace: 'default', body }),
      422,
      failureStatus(
        422,
        'Invalid',
        'Event "a" is invalid: involvedObject.namespace: Invalid value: "other": does not match event.namespace',
        {
          name: 'a',
          kind: 'Event',
          causes: [
            {
              reason: 'FieldValueInvalid',
              message: 'Invalid value: "other": does not match event.namespace',
              field: 'involvedObject.namespace',
            },
          ],
        },
      ),
      'exactly',
    );
  });

  it.each([
    ['default', 201],
    ['kube-system', 422],
    ['apps', 422],
  ])('accepts an empty involvedObject.namespace only in "default" (event in %s → %i)', async (ns, code) => {
    const body = coreEvent('node-event', ns, { involvedObject: { kind: 'Node', name: 'node-1' } });
    const result = await ctx.core.createNamespacedEvent({ namespace: ns, body }).then(
      () => 201,
      (err: unknown) => (err as { code: number }).code,
    );
    expect(result).toBe(code);
  });

  it('applies the eventTime rules to core/v1 events that carry eventTime', async () => {
    const body = coreEvent('a', 'default', {
      eventTime: '2024-05-01T10:00:00.123456Z',
      firstTimestamp: undefined,
      lastTimestamp: undefined,
      reason: 'x'.repeat(129),
    });
    const failure = await expectApiFailure(ctx.core.createNamespacedEvent({ namespace: 'default', body }), 422);
    const causes = (failure.body as { details: { causes: { field: string; message: string }[] } }).details.causes;
    expect(causes).toEqual([
      { reason: 'FieldValueRequired', message: 'Required value', field: 'reportingComponent' },
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "": name part must be non-empty',
        field: 'reportingComponent',
      },
      expect.objectContaining({ reason: 'FieldValueInvalid', field: 'reportingComponent' }),
      { reason: 'FieldValueRequired', message: 'Required value', field: 'reportingInstance' },
      { reason: 'FieldValueRequired', message: 'Required value', field: 'action' },
      { reason: 'FieldValueInvalid', message: 'Invalid value: "": can have at most 128 characters', field: 'reason' },
    ]);
    const ok = coreEvent('b', 'default', {
      eventTime: '2024-05-01T10:00:00.123456Z',
      reportingComponent: 'example.com/controller',
      reportingInstance: 'controller-7d9f',
      action: 'Reconcile',
    });
    const created = await ctx.core.createNamespacedEvent({ namespace: 'default', body: ok });
    expect(created.eventTime).toBe('2024-05-01T10:00:00.123456Z');
  });

  it('answers 400 when eventTime has fewer than six fractional digits, as Go parses MicroTime', async () => {
    const res = await postJson('/api/v1/namespaces/default/events', {
      ...coreEvent('a'),
      eventTime: '2024-05-01T10:00:00.123Z',
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      reason: 'BadRequest',
      message:
        'Event in version "v1" cannot be handled as a Event: parsing time "2024-05-01T10:00:00.123Z" as ' +
        '"2006-01-02T15:04:05.000000Z07:00": cannot parse ".123Z" as ".000000"',
    });
  });

  it.each([
    ['no fraction', '2024-05-01T10:00:00Z', 'cannot parse "Z" as ".000000"'],
    ['seven digits', '2024-05-01T10:00:00.1234567Z', 'cannot parse "7Z" as "Z07:00"'],
  ])('names the part Go could not parse in a MicroTime with %s', async (_label, eventTime, tail) => {
    const res = await postJson('/api/v1/namespaces/default/events', { ...coreEvent('a'), eventTime });
    expect((res.body as { message: string }).message).toBe(
      `Event in version "v1" cannot be handled as a Event: parsing time "${eventTime}" as ` +
        `"2006-01-02T15:04:05.000000Z07:00": ${tail}`,
    );
  });

  it('answers 400 for a body that is not JSON, or has a wrongly typed field', async () => {
    const notJson = await post('/api/v1/namespaces/default/events', '{nope');
    expect(notJson.status).toBe(400);
    expect(notJson.body).toMatchObject({
      kind: 'Status',
      reason: 'BadRequest',
      code: 400,
    });
    expect((notJson.body as { message: string }).message).toMatch(/^couldn't get version\/kind; json parse error: /);
    const wrongType = await postJson('/api/v1/namespaces/default/events', { ...coreEvent('a'), count: 'one' });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body).toMatchObject({
      message:
        'Event in version "v1" cannot be handled as a Event: json: cannot unmarshal string into Go struct field Event.count of type int32',
    });
  });

  it('answers 415 for a body that is not application/json', async () => {
    const res = await post('/api/v1/namespaces/default/events', '{}', 'text/plain');
    expect(res.status).toBe(415);
    expect(res.body).toMatchObject({ reason: 'UnsupportedMediaType' });
  });

  it('drops unknown fields with a Warning header, as fieldValidation=Warn does', async () => {
    const res = await postJson('/api/v1/namespaces/default/events', { ...coreEvent('a'), colour: 'blue' });
    expect(res.status).toBe(201);
    expect(res.headers.get('warning')).toBe('299 - "unknown field \\"colour\\""');
    expect(ctx.server.events()[0]).not.toHaveProperty('colour');
  });

  it('answers 400 when the body namespace differs from the path, and fills an empty one', async () => {
    await expectApiFailure(
      ctx.core.createNamespacedEvent({ namespace: 'apps', body: coreEvent('a', 'default') }),
      400,
      {
        reason: 'BadRequest',
        message: 'the namespace of the provided object does not match the namespace sent on the request',
      },
    );
    const body = { ...coreEvent('b', 'apps'), metadata: { name: 'b' } };
    const created = await ctx.core.createNamespacedEvent({ namespace: 'apps', body });
    expect(created.metadata.namespace).toBe('apps');
  });

  it('answers 404 for a namespace in the path that is not a DNS-1123 label', async () => {
    await expectApiFailure(
      ctx.core.createNamespacedEvent({ namespace: 'Not_A_Label', body: coreEvent('a', 'Not_A_Label') }),
      404,
      {
        message: 'namespaces "Not_A_Label" not found',
        details: { kind: 'namespaces' },
      },
    );
  });

  it('requires a name or generateName', async () => {
    await expectApiFailure(
      ctx.core.createNamespacedEvent({ namespace: 'default', body: { ...coreEvent(''), metadata: {} } }),
      422,
      {
        details: { causes: [{ field: 'metadata.name', reason: 'FieldValueRequired' }] },
      },
    );
  });
});

describe('field selectors', () => {
  beforeEach(async () => {
    const events = [
      coreEvent('a', 'default', { reason: 'Started', type: 'Normal' }),
      coreEvent('b', 'default', {
        reason: 'BackOff',
        type: 'Warning',
        involvedObject: { kind: 'Pod', namespace: 'default', name: 'db-0', uid: 'u-2' },
      }),
      coreEvent('c', 'default', { reason: 'Scheduled', source: { component: 'scheduler' } }),
      coreEvent('d', 'apps', { reason: 'BackOff', type: 'Warning' }),
    ];
    for (const body of events) await ctx.core.createNamespacedEvent({ namespace: body.metadata.namespace, body });
  });

  it.each([
    ['involvedObject.name=db-0', ['b']],
    ['involvedObject.name==web-0', ['a', 'c']],
    ['involvedObject.kind=Pod,involvedObject.uid=u-1', ['a', 'c']],
    ['reason!=BackOff', ['a', 'c']],
    ['type=Warning,reason=BackOff', ['b']],
    ['source=scheduler', ['c']],
    ['metadata.name=a', ['a']],
    ['metadata.namespace=default,involvedObject.namespace=default', ['a', 'b', 'c']],
    ['involvedObject.apiVersion=v1,involvedObject.fieldPath=', ['a', 'c']],
    ['', ['a', 'b', 'c']],
  ])('%s', async (fieldSelector, names) => {
    const list = await ctx.core.listNamespacedEvent({ namespace: 'default', fieldSelector });
    expect(list.items.map((e) => e.metadata.name)).toEqual(names);
  });

  it('applies across namespaces', async () => {
    const list = await ctx.core.listEventForAllNamespaces({ fieldSelector: 'reason=BackOff' });
    expect(list.items.map((e) => e.metadata.name)).toEqual(['d', 'b']);
  });

  it('answers 400 for an unsupported field or a term without an operator', async () => {
    await expectApiFailure(ctx.core.listNamespacedEvent({ namespace: 'default', fieldSelector: 'message=x' }), 400, {
      message: 'field label not supported: message',
    });
    await expectApiFailure(ctx.core.listNamespacedEvent({ namespace: 'default', fieldSelector: 'reason' }), 400);
  });

  it('filters by equality-based label selectors and refuses set-based ones', async () => {
    await ctx.core.createNamespacedEvent({
      namespace: 'default',
      body: { ...coreEvent('e'), metadata: { name: 'e', labels: { team: 'web' } } },
    });
    const web = await ctx.core.listNamespacedEvent({ namespace: 'default', labelSelector: 'team=web' });
    expect(web.items.map((e) => e.metadata.name)).toEqual(['e']);
    const unlabelled = await ctx.core.listNamespacedEvent({ namespace: 'default', labelSelector: '!team' });
    expect(unlabelled.items.map((e) => e.metadata.name)).toEqual(['a', 'b', 'c']);
    const notWeb = await ctx.core.listNamespacedEvent({ namespace: 'default', labelSelector: 'team!=web' });
    expect(notWeb.items).toHaveLength(3);
    expect(
      (await apiFailure(ctx.core.listNamespacedEvent({ namespace: 'default', labelSelector: 'team in (web)' }))).code,
    ).toBe(400);
  });
});

describe('patch', () => {
  beforeEach(async () => {
    await ctx.core.createNamespacedEvent({ namespace: 'default', body: coreEvent('a') });
  });

  it.each([PatchStrategy.StrategicMergePatch, PatchStrategy.MergePatch])(
    '%s merges, and null deletes',
    async (type) => {
      const patched = await ctx.core.patchNamespacedEvent(
        {
          namespace: 'default',
          name: 'a',
          body: { count: 2, lastTimestamp: '2024-05-01T10:05:00Z', message: 'again', source: { host: null } },
        },
        setHeaderOptions('Content-Type', type),
      );
      expect(patched.count).toBe(2);
      expect(patched.message).toBe('again');
      expect(patched.lastTimestamp?.toISOString()).toBe('2024-05-01T10:05:00.000Z');
      expect(patched.source).toEqual({ component: 'kubelet' });
      expect(patched.reason).toBe('Started');
      expect(ctx.server.requests().at(-1)).toMatchObject({ method: 'PATCH', contentType: type, status: 200 });
    },
  );

  it('applies RFC 6902 JSON patches: add, replace, remove, test, move, copy', async () => {
    const patched = await ctx.core.patchNamespacedEvent({
      namespace: 'default',
      name: 'a',
      body: [
        { op: 'test', path: '/count', value: 1 },
        { op: 'replace', path: '/count', value: 5 },
        { op: 'add', path: '/metadata/labels', value: { team: 'web' } },
        { op: 'copy', from: '/metadata/labels/team', path: '/metadata/labels/owner' },
        { op: 'move', from: '/message', path: '/reason' },
        { op: 'remove', path: '/source/host' },
      ],
    });
    expect(patched.count).toBe(5);
    expect(patched.metadata.labels).toEqual({ team: 'web', owner: 'web' });
    expect(patched.reason).toBe('Started container web');
    expect(patched.message).toBeUndefined();
    expect(patched.source).toEqual({ component: 'kubelet' });
  });

  it('answers a JSON patch that fails with the generic 422, and changes nothing', async () => {
    await expectApiFailure(
      ctx.core.patchNamespacedEvent({
        namespace: 'default',
        name: 'a',
        body: [
          { op: 'replace', path: '/count', value: 9 },
          { op: 'test', path: '/count', value: 1 },
        ],
      }),
      422,
      {
        reason: 'Invalid',
        message: 'the server rejected our request due to an error in our request',
      },
    );
    expect(ctx.server.events()[0]?.count).toBe(1);
  });

  it('answers an object body sent as JSON patch (client-node’s default) with the real 400', async () => {
    await expectApiFailure(
      ctx.core.patchNamespacedEvent({ namespace: 'default', name: 'a', body: { count: 2 } }),
      400,
      failureStatus(
        400,
        'BadRequest',
        'error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp',
      ),
      'exactly',
    );
    expect(ctx.server.requests().at(-1)?.contentType).toBe('application/json-patch+json');
  });

  it('answers 415 for another content type', async () => {
    await expectApiFailure(
      ctx.core.patchNamespacedEvent(
        { namespace: 'default', name: 'a', body: { count: 2 } },
        setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply),
      ),
      415,
      { reason: 'UnsupportedMediaType' },
    );
  });

  it('answers 404 for a missing event and 409 for a stale resourceVersion in the patch', async () => {
    const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
    expect(
      (
        await apiFailure(
          ctx.core.patchNamespacedEvent({ namespace: 'default', name: 'gone', body: { count: 2 } }, merge),
        )
      ).code,
    ).toBe(404);
    await expectApiFailure(
      ctx.core.patchNamespacedEvent(
        { namespace: 'default', name: 'a', body: { count: 2, metadata: { resourceVersion: '0' } } },
        merge,
      ),
      409,
      { reason: 'Conflict' },
    );
  });

  describe('refuses prototype path tokens, and walks own properties only', () => {
    const patchRaw = (contentType: string, body: unknown) =>
      raw('/api/v1/namespaces/default/events/a', {
        method: 'PATCH',
        headers: { 'Content-Type': contentType },
        body: JSON.stringify(body),
      });
    const jsonPatches: [string, unknown[]][] = [
      ['add under __proto__', [{ op: 'add', path: '/metadata/__proto__/polluted', value: 'yes' }]],
      ['remove under __proto__', [{ op: 'remove', path: '/metadata/__proto__/toString' }]],
      [
        'add under constructor/prototype',
        [{ op: 'add', path: '/metadata/constructor/prototype/polluted', value: 'yes' }],
      ],
      ['replace __proto__ itself', [{ op: 'replace', path: '/metadata/__proto__', value: { polluted: 'yes' } }]],
      ['copy from an inherited property', [{ op: 'copy', from: '/metadata/toString', path: '/message' }]],
      ['test an inherited property', [{ op: 'test', path: '/metadata/hasOwnProperty', value: {} }]],
      ['move from __proto__', [{ op: 'move', from: '/__proto__/polluted', path: '/message' }]],
    ];
    it.each(jsonPatches)('JSON patch: %s answers 422 and changes nothing', async (_, body) => {
      const res = await patchRaw('application/json-patch+json', body);
      expect(res.status).toBe(422);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      expect(typeof Object.prototype.toString).toBe('function');
      expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
      expect(ctx.server.events()[0]).toMatchObject({ count: 1, message: 'Started container web' });
    });

    it.each(['application/merge-patch+json', 'application/strategic-merge-patch+json'])(
      '%s: a __proto__ or constructor key answers 422 and changes nothing',
      async (type) => {
        for (const body of [
          JSON.parse('{"metadata":{"__proto__":{"polluted":"yes"}}}') as unknown,
          { metadata: { constructor: { prototype: { polluted: 'yes' } } } },
        ]) {
          expect((await patchRaw(type, body)).status).toBe(422);
        }
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
        expect(Object.getPrototypeOf(ctx.server.events()[0]?.metadata)).toBe(Object.prototype);
      },
    );
  });

  it('validates the patched object', async () => {
    await expectApiFailure(
      ctx.core.patchNamespacedEvent(
        { namespace: 'default', name: 'a', body: { involvedObject: { namespace: 'elsewhere' } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      ),
      422,
    );
  });
});

describe('update (PUT) and delete', () => {
  it('replaces unconditionally, and answers 409 Conflict for a stale resourceVersion', async () => {
    const created = await ctx.core.createNamespacedEvent({ namespace: 'default', body: coreEvent('a') });
    const replaced = await ctx.core.replaceNamespacedEvent({
      namespace: 'default',
      name: 'a',
      body: { ...coreEvent('a'), count: 7 },
    });
    expect(replaced.count).toBe(7);
    expect(replaced.metadata.uid).toBe(created.metadata.uid);
    expect(replaced.metadata.resourceVersion).toBe('2');
    await expectApiFailure(
      ctx.core.replaceNamespacedEvent({
        namespace: 'default',
        name: 'a',
        body: { ...coreEvent('a'), metadata: { name: 'a', resourceVersion: created.metadata.resourceVersion! } },
      }),
      409,
      failureStatus(
        409,
        'Conflict',
        'Operation cannot be fulfilled on events "a": the object has been modified; please apply your changes to the latest version and try again',
        { name: 'a', kind: 'events' },
      ),
      'exactly',
    );
  });

  it('creates on PUT of a missing event, and refuses a name that differs from the URL', async () => {
    const created = await ctx.core.replaceNamespacedEvent({
      namespace: 'default',
      name: 'new',
      body: coreEvent('new'),
    });
    expect(created.metadata.resourceVersion).toBe('1');
    expect(ctx.server.requests().at(-1)?.status).toBe(201);
    await expectApiFailure(
      ctx.core.replaceNamespacedEvent({ namespace: 'default', name: 'x', body: coreEvent('y') }),
      400,
      {
        message: 'the name of the object (y) does not match the name on the URL (x)',
      },
    );
  });

  it('deletes with a success Status, then answers 404', async () => {
    const created = await ctx.core.createNamespacedEvent({ namespace: 'default', body: coreEvent('a') });
    const status = await ctx.core.deleteNamespacedEvent({ namespace: 'default', name: 'a' });
    expect(status.status).toBe('Success');
    expect(status.details).toMatchObject({ name: 'a', kind: 'events', uid: created.metadata.uid });
    expect(ctx.server.events()).toEqual([]);
    expect((await apiFailure(ctx.core.deleteNamespacedEvent({ namespace: 'default', name: 'a' }))).code).toBe(404);
  });

  it('honours delete preconditions', async () => {
    await ctx.core.createNamespacedEvent({ namespace: 'default', body: coreEvent('a') });
    await expectApiFailure(
      ctx.core.deleteNamespacedEvent({
        namespace: 'default',
        name: 'a',
        body: { preconditions: { resourceVersion: '99' } },
      }),
      409,
    );
    expect(ctx.server.events()).toHaveLength(1);
  });
});

describe('authentication and authorization', () => {
  it('requires the bearer token when one is set, and the KubeConfig carries it', async () => {
    const secured = await startFakeApiServer({ token: 's3cret' });
    try {
      await secured.kubeConfig
        .makeApiClient(CoreV1Api)
        .createNamespacedEvent({ namespace: 'default', body: coreEvent('a') });
      for (const headers of [{}, { Authorization: 'Bearer wrong' }]) {
        const res = await fetch(`${secured.url}/api/v1/namespaces/default/events`, { headers });
        expect(res.status).toBe(401);
        expect(await res.json()).toEqual(failureStatus(401, 'Unauthorized', 'Unauthorized'));
      }
      const kc = new KubeConfig();
      kc.loadFromOptions({
        clusters: [{ name: 'c', server: secured.url, skipTLSVerify: true }],
        users: [{ name: 'u' }],
        contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
        currentContext: 'x',
      });
      const err = await rejection(kc.makeApiClient(CoreV1Api).listNamespacedEvent({ namespace: 'default' }));
      expect(err).toMatchObject({ code: 401 });
    } finally {
      await secured.close();
    }
  });

  it('answers 403 Forbidden with the RBAC message when authorize refuses', async () => {
    const seen: unknown[] = [];
    const guarded = await startFakeApiServer({
      authorize: (attributes) => {
        seen.push(attributes);
        return attributes.verb !== 'patch' && attributes.namespace !== 'secret';
      },
    });
    try {
      const api = guarded.kubeConfig.makeApiClient(CoreV1Api);
      await api.createNamespacedEvent({ namespace: 'default', body: coreEvent('a') });
      await expectApiFailure(
        api.patchNamespacedEvent(
          { namespace: 'default', name: 'a', body: { count: 2 } },
          setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
        ),
        403,
        failureStatus(
          403,
          'Forbidden',
          'events "a" is forbidden: User "system:anonymous" cannot patch resource "events" in API group "" in the namespace "default"',
          { name: 'a', kind: 'events' },
        ),
        'exactly',
      );
      const list = await apiFailure(api.listNamespacedEvent({ namespace: 'secret' }));
      expect(list.body).toMatchObject({
        message:
          'events is forbidden: User "system:anonymous" cannot list resource "events" in API group "" in the namespace "secret"',
      });
      expect(seen[0]).toEqual({
        verb: 'create',
        apiGroup: '',
        resource: 'events',
        namespace: 'default',
        name: undefined,
        user: 'system:anonymous',
      });
    } finally {
      await guarded.close();
    }
  });

  it('answers 500 when the authorizer throws, and keeps serving', async () => {
    const broken = await startFakeApiServer({
      authorize: () => {
        throw new Error('authorizer bug');
      },
    });
    try {
      await expectApiFailure(
        broken.kubeConfig.makeApiClient(CoreV1Api).listNamespacedEvent({ namespace: 'default' }),
        500,
        {
          reason: 'InternalError',
          message: 'Internal error occurred: authorizer bug',
        },
      );
      expect((await broken.kubeConfig.makeApiClient(CoreApi).getAPIVersions()).versions).toEqual(['v1']);
    } finally {
      await broken.close();
    }
  });
});

describe('terminating namespaces', () => {
  it('refuses creates with 403 and a NamespaceTerminating cause, but lets updates through', async () => {
    await ctx.core.createNamespacedEvent({ namespace: 'doomed', body: coreEvent('a', 'doomed') });
    ctx.server.terminatingNamespaces.add('doomed');
    await expectApiFailure(
      ctx.core.createNamespacedEvent({ namespace: 'doomed', body: coreEvent('b', 'doomed') }),
      403,
      failureStatus(
        403,
        'Forbidden',
        'events "b" is forbidden: unable to create new content in namespace doomed because it is being terminated',
        {
          name: 'b',
          kind: 'events',
          causes: [
            {
              reason: 'NamespaceTerminating',
              message: 'namespace doomed is being terminated',
              field: 'metadata.namespace',
            },
          ],
        },
      ),
      'exactly',
    );
    const patched = await ctx.core.patchNamespacedEvent(
      { namespace: 'doomed', name: 'a', body: { count: 2 } },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    expect(patched.count).toBe(2);
  });

  it('takes the initial set from the options', async () => {
    const s = await startFakeApiServer({ terminatingNamespaces: ['old'] });
    try {
      await expectApiFailure(
        s.kubeConfig.makeApiClient(CoreV1Api).createNamespacedEvent({ namespace: 'old', body: coreEvent('a', 'old') }),
        403,
      );
    } finally {
      await s.close();
    }
  });
});

describe('requests(), reset() and close()', () => {
  it('logs method, path, query, content type, body and status in order', async () => {
    await ctx.core.createNamespacedEvent({ namespace: 'default', body: coreEvent('a') });
    await ctx.core.listNamespacedEvent({ namespace: 'default', fieldSelector: 'reason=Started' });
    await apiFailure(ctx.core.readNamespacedEvent({ namespace: 'default', name: 'b' }));
    const log = ctx.server.requests();
    expect(log.map((r) => [r.method, r.path, r.query, r.contentType, r.status])).toEqual([
      ['POST', '/api/v1/namespaces/default/events', '', 'application/json', 201],
      ['GET', '/api/v1/namespaces/default/events', '?fieldSelector=reason%3DStarted', undefined, 200],
      ['GET', '/api/v1/namespaces/default/events/b', '', undefined, 404],
    ]);
    expect(JSON.parse(log[0]?.body ?? '')).toMatchObject({ metadata: { name: 'a' } });
  });

  it('reset() forgets events, requests and faults; resourceVersions keep rising', async () => {
    await ctx.core.createNamespacedEvent({ namespace: 'default', body: coreEvent('a') });
    ctx.server.faults.script([{ status: 503 }]);
    ctx.server.reset();
    expect(ctx.server.events()).toEqual([]);
    expect(ctx.server.requests()).toEqual([]);
    expect(ctx.server.faults.pending).toBe(0);
    const again = await ctx.core.createNamespacedEvent({ namespace: 'default', body: coreEvent('a') });
    expect(again.metadata.resourceVersion).toBe('2');
  });

  it('close() leaves no socket or server handle behind, and is idempotent', async () => {
    await ctx.server.close();
    await waitFor(() => tcpHandles() === 0);
    const s = await startFakeApiServer();
    const api = s.kubeConfig.makeApiClient(CoreV1Api);
    await api.createNamespacedEvent({ namespace: 'default', body: coreEvent('a') });
    await api.listNamespacedEvent({ namespace: 'default' });
    // a keep-alive client (undici's fetch) holds its socket open until the server closes it
    await (await fetch(`${s.url}/api`)).text();
    expect(tcpHandles()).toBeGreaterThan(1);
    await Promise.all([s.close(), s.close()]);
    await waitFor(() => tcpHandles() === 0);
    const after = await rejection(api.listNamespacedEvent({ namespace: 'default' }));
    expect(fetchFailureCode(after)).toBe('ECONNREFUSED');
  });
});
