/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- client-node's generated models are plain
   data: its docs and its users pass object literals as request bodies, and these tests use it as users do. */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiException, CoreV1Api, KubeConfig, RequiredError, V1MicroTime } from '@kubernetes/client-node';
import type { CoreV1Event as ClientNodeEvent } from '@kubernetes/client-node';
import { VirtualTimeScheduler } from 'rxjs';
import { afterEach, beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import type { CoreV1Event } from '../../src/meta/types.js';
import { CoreV1EventSink, SinkError } from '../../src/sink/index.js';
import type { EventSink } from '../../src/sink/index.js';
import { toSinkError } from '../../src/sink/internal/client-node-errors.js';
import { startFakeApiServer } from '../../src/testing/index.js';
import type { FakeApiServer, FakeApiServerOptions } from '../../src/testing/index.js';
import { coreEvent, failureOf, tcpHandles, waitFor } from '../testing/support.js';

let server: FakeApiServer;
let sink: CoreV1EventSink;

beforeEach(async () => {
  server = await startFakeApiServer();
  sink = new CoreV1EventSink(server.kubeConfig);
});

afterEach(async () => {
  await server.close();
});

/** An event as the core/v1 recorder makes it. */
function recorded(name: string, namespace = 'default', extra: Partial<CoreV1Event> = {}): CoreV1Event {
  return { ...coreEvent(name, namespace), ...extra };
}

const sinkError = (promise: Promise<unknown>): Promise<SinkError> => failureOf(promise, SinkError);

describe('CoreV1EventSink construction', () => {
  it('accepts a KubeConfig or a CoreV1Api, and is an EventSink', () => {
    expectTypeOf(sink).toExtend<EventSink>();
    expect(new CoreV1EventSink(server.kubeConfig.makeApiClient(CoreV1Api))).toBeInstanceOf(CoreV1EventSink);
  });

  it('refuses null options with a TypeError of its own', () => {
    expect(() => new CoreV1EventSink(server.kubeConfig, null as never)).toThrow(
      /^CoreV1EventSink: options must be an object/,
    );
  });

  const kubeConfigFor = (serverUrl: string): KubeConfig => {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'c', server: serverUrl, skipTLSVerify: false }],
      users: [{ name: 'u' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    return kc;
  };
  it.each(['not a url', 'localhost:6443', '127.0.0.1:6443', 'ftp://127.0.0.1/', ''])(
    'refuses a KubeConfig whose server %j is not an http(s) URL, saying what to set',
    (serverUrl) => {
      expect(() => new CoreV1EventSink(kubeConfigFor(serverUrl))).toThrow(TypeError);
      expect(() => new CoreV1EventSink(kubeConfigFor(serverUrl))).toThrow(/server .* is not an http\(s\) URL/);
    },
  );

  it('names a bad server URL without its credentials', () => {
    expect(() => new CoreV1EventSink(kubeConfigFor('ftp://admin:s3cret@127.0.0.1/'))).toThrow(
      /ftp:\/\/\*\*\*@127\.0\.0\.1\//,
    );
    expect(() => new CoreV1EventSink(kubeConfigFor('ftp://admin:s3cret@127.0.0.1/'))).not.toThrow(/s3cret|admin/);
  });

  it('throws TypeError for anything else, or a KubeConfig without a cluster', () => {
    expect(() => new CoreV1EventSink({} as KubeConfig)).toThrow(TypeError);
    expect(() => new CoreV1EventSink(new KubeConfig())).toThrow(
      /has no current cluster; load a config with a current context first/,
    );
  });
});

describe('the event shape', () => {
  it('is structurally compatible with client-node’s CoreV1Event, both ways', () => {
    expectTypeOf<CoreV1Event>().toExtend<ClientNodeEvent>();
    expectTypeOf<ClientNodeEvent>().toExtend<CoreV1Event>();
  });
});

describe('create', () => {
  it('POSTs to the event namespace and returns the server copy with Date timestamps', async () => {
    const created = await sink.create(recorded('web-0.17a', 'apps'));
    expect(created.metadata).toMatchObject({ name: 'web-0.17a', namespace: 'apps', resourceVersion: '1' });
    expect(created.metadata.uid).toBeDefined();
    expect(created.metadata.creationTimestamp).toBeInstanceOf(Date);
    expect(created.lastTimestamp).toEqual(new Date('2024-05-01T10:00:00Z'));
    // Go's null times are left out rather than handed back as null
    expect(created).not.toHaveProperty('eventTime');
    expect(server.requests().map((r) => [r.method, r.path, r.status])).toEqual([
      ['POST', '/api/v1/namespaces/apps/events', 201],
    ]);
  });

  it('clears metadata.resourceVersion and never mutates the input', async () => {
    const event = recorded('a', 'default', { metadata: { name: 'a', namespace: 'default', resourceVersion: '41' } });
    const copy = structuredClone(event);
    Object.freeze(event.metadata);
    await sink.create(event);
    expect(event).toEqual(copy);
    const sent = JSON.parse(server.requests()[0]?.body ?? '{}') as { metadata: Record<string, unknown> };
    expect(sent.metadata).not.toHaveProperty('resourceVersion');
  });

  it('writes eventTime and series.lastObservedTime with six digits and reads them back as dates', async () => {
    const event = recorded('a', 'default', {
      eventTime: new Date('2024-05-01T10:00:00.123Z'),
      series: { count: 2, lastObservedTime: new Date('2024-05-01T10:06:00.5Z') },
      action: 'Restart',
      reportingComponent: 'kubelet',
      reportingInstance: 'node-1',
    });
    const created = await sink.create(event);
    const sent = JSON.parse(server.requests()[0]?.body ?? '{}') as Record<string, unknown>;
    expect(sent['eventTime']).toBe('2024-05-01T10:00:00.123000Z');
    expect(sent['series']).toEqual({ count: 2, lastObservedTime: '2024-05-01T10:06:00.500000Z' });
    expect(created.eventTime).toBeInstanceOf(V1MicroTime);
    expect(created.eventTime?.toISOString()).toBe('2024-05-01T10:00:00.123000Z');
    expect(created.series?.lastObservedTime?.getTime()).toBe(Date.parse('2024-05-01T10:06:00.5Z'));
    expect(event.eventTime).not.toBeInstanceOf(V1MicroTime);
  });

  it('sends the fieldManager when configured', async () => {
    await new CoreV1EventSink(server.kubeConfig, { fieldManager: 'my-operator' }).create(recorded('a'));
    expect(server.requests()[0]?.query).toBe('?fieldManager=my-operator');
  });

  it('keeps the path of the cluster’s server URL in front of the API path (a server behind a path proxy)', async () => {
    const seen: string[] = [];
    const front = createServer((req, res) => {
      seen.push(req.url ?? '');
      const upstream = request(
        `${server.url}${(req.url ?? '').replace(/^\/k8s\/clusters\/c-1/, '')}`,
        { method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    try {
      const kc = new KubeConfig();
      const { port } = front.address() as AddressInfo;
      kc.loadFromOptions({
        clusters: [{ name: 'c', server: `http://127.0.0.1:${String(port)}/k8s/clusters/c-1/`, skipTLSVerify: true }],
        users: [{ name: 'u' }],
        contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
        currentContext: 'x',
      });
      await new CoreV1EventSink(kc, { fieldManager: 'a b&c' }).create(recorded('behind-proxy'));
      expect(seen).toEqual(['/k8s/clusters/c-1/api/v1/namespaces/default/events?fieldManager=a%20b%26c']);
      expect(server.events('default').map((e) => e.metadata.name)).toEqual(['behind-proxy']);
    } finally {
      front.closeAllConnections();
      await new Promise((resolve) => front.close(resolve));
    }
  });
});

describe('patch', () => {
  it('PATCHes with application/strategic-merge-patch+json and returns the server copy', async () => {
    const created = await sink.create(recorded('a'));
    const body = '{"count":2,"lastTimestamp":"2024-05-01T10:05:00Z","message":"again"}';
    const patched = await sink.patch(created, body);
    expect(patched.count).toBe(2);
    expect(patched.message).toBe('again');
    expect(patched.lastTimestamp).toEqual(new Date('2024-05-01T10:05:00Z'));
    const request = server.requests()[1];
    expect(request).toMatchObject({
      method: 'PATCH',
      path: '/api/v1/namespaces/default/events/a',
      contentType: 'application/strategic-merge-patch+json',
      status: 200,
    });
    expect(JSON.parse(request?.body ?? '')).toEqual(JSON.parse(body));
  });

  it('rejects with isNotFound when the server no longer has the event', async () => {
    const err = await sinkError(sink.patch(recorded('gone'), '{"count":2}'));
    expect(err).toMatchObject({ kind: 'status', status: 404, reason: 'NotFound', isNotFound: true });
    expect(err.message).toMatch(/^Patching event default\/gone failed: HTTP 404 NotFound: events "gone" not found\. /);
    expect(err.message).toContain('create it again');
  });

  it.each(['not json', '[{"op":"add"}]', '2'])(
    'refuses the patch %j as a request error, before any I/O',
    async (patch) => {
      const err = await sinkError(sink.patch(recorded('a'), patch));
      expect(err.kind).toBe('request');
      expect(err.cause).toBeDefined();
      expect(server.requests()).toEqual([]);
    },
  );
});

describe('update', () => {
  it('PUTs the event, and a stale resourceVersion fails with 409 Conflict', async () => {
    const created = await sink.create(recorded('a'));
    const updated = await sink.update({ ...created, count: 9 });
    expect(updated.count).toBe(9);
    expect(server.requests()[1]).toMatchObject({ method: 'PUT', path: '/api/v1/namespaces/default/events/a' });
    const err = await sinkError(sink.update({ ...created, count: 10 }));
    expect(err).toMatchObject({ kind: 'status', status: 409, reason: 'Conflict', isAlreadyExists: false });
  });
});

describe('namespace binding', () => {
  it.each([
    ['create', (s: CoreV1EventSink) => s.create(recorded('a', 'apps'))],
    ['patch', (s: CoreV1EventSink) => s.patch(recorded('a', 'apps'), '{}')],
    ['update', (s: CoreV1EventSink) => s.update(recorded('a', 'apps'))],
  ] as const)('a bound sink refuses to %s an event of another namespace, before any I/O', async (verb, call) => {
    const bound = new CoreV1EventSink(server.kubeConfig, { namespace: 'default' });
    const err = await sinkError(call(bound));
    expect(err.kind).toBe('request');
    expect(err.message).toMatch(new RegExp(`^can't ${verb} an event with namespace 'apps' in namespace 'default'`));
    expect(server.requests()).toEqual([]);
  });

  it('a bound sink writes events of its own namespace', async () => {
    const bound = new CoreV1EventSink(server.kubeConfig, { namespace: 'apps' });
    await bound.create(recorded('a', 'apps'));
    expect(server.events('apps')).toHaveLength(1);
  });

  it('refuses an event without a namespace, and a patch or update without a name', async () => {
    const noNamespace = recorded('a');
    noNamespace.metadata = { name: 'a' };
    expect((await sinkError(sink.create(noNamespace))).kind).toBe('request');
    const noName = recorded('');
    expect((await sinkError(sink.patch(noName, '{}'))).message).toMatch(/^can't patch an event without metadata\.name/);
    expect((await sinkError(sink.update(noName))).kind).toBe('request');
    expect(server.requests()).toEqual([]);
  });
});

/** Runs `body` against another fake API server started with `options`, closed afterwards. */
async function withFakeServer(
  options: FakeApiServerOptions,
  body: (other: FakeApiServer) => Promise<void>,
): Promise<void> {
  const other = await startFakeApiServer(options);
  try {
    await body(other);
  } finally {
    await other.close();
  }
}

/** A KubeConfig for `server` (plain HTTP) whose user sends the bearer `token`. */
function tokenKubeConfig(server: string, token: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server, skipTLSVerify: true }],
    users: [{ name: 'u', token }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return kc;
}

describe('errors from the server', () => {
  it('409 AlreadyExists', async () => {
    await sink.create(recorded('a'));
    const err = await sinkError(sink.create(recorded('a')));
    expect(err).toMatchObject({ kind: 'status', status: 409, reason: 'AlreadyExists', isAlreadyExists: true });
    expect(err.cause).toBeInstanceOf(ApiException);
    expect(err.message).toBe(
      'Creating event default/a failed: HTTP 409 AlreadyExists: events "a" already exists. The event already exists; there is nothing to retry.',
    );
  });

  it('422 Invalid with its causes', async () => {
    const event = recorded('a', 'default', { involvedObject: { kind: 'Pod', namespace: 'other', name: 'web-0' } });
    const err = await sinkError(sink.create(event));
    expect(err).toMatchObject({ kind: 'status', status: 422, reason: 'Invalid' });
    expect(err.causes).toEqual([
      {
        type: 'FieldValueInvalid',
        message: 'Invalid value: "other": does not match event.namespace',
        field: 'involvedObject.namespace',
      },
    ]);
    expect(err.message).toContain('(involvedObject.namespace); fix the event, retrying will not help.');
  });

  it('403 with a NamespaceTerminating cause', async () => {
    server.terminatingNamespaces.add('doomed');
    const err = await sinkError(sink.create(recorded('a', 'doomed')));
    expect(err).toMatchObject({ kind: 'status', status: 403, reason: 'Forbidden', isNamespaceTerminating: true });
    expect(err.causes[0]).toMatchObject({ type: 'NamespaceTerminating', field: 'metadata.namespace' });
  });

  it('403 Forbidden by RBAC', () =>
    withFakeServer({ authorize: () => false }, async (guarded) => {
      const err = await sinkError(new CoreV1EventSink(guarded.kubeConfig).create(recorded('a')));
      expect(err).toMatchObject({ status: 403, reason: 'Forbidden', isNamespaceTerminating: false });
      expect(err.message).toContain('permission to create events in default');
    }));

  it("401 Unauthorized, its Status body read (client-node's own API client drops it)", () =>
    withFakeServer({ token: 't' }, async (secured) => {
      const kc = tokenKubeConfig(secured.url, 'wrong');
      const err = await sinkError(new CoreV1EventSink(kc).create(recorded('a')));
      expect(err).toMatchObject({ kind: 'status', status: 401, reason: 'Unauthorized' });
      // Through a CoreV1Api, client-node's generated code throws the 401 without its body.
      const throughApi = await sinkError(new CoreV1EventSink(kc.makeApiClient(CoreV1Api)).create(recorded('a')));
      expect(throughApi).toMatchObject({ kind: 'status', status: 401, reason: undefined });
    }));

  it('reads the credentials per request, so a rotated token is used on the next write', () =>
    withFakeServer({ token: 'new' }, async (secured) => {
      const kc = tokenKubeConfig(secured.url, 'old');
      const rotating = new CoreV1EventSink(kc);
      expect(await sinkError(rotating.create(recorded('a')))).toMatchObject({ status: 401 });
      // What an exec or auth-provider plugin does when its credential expires: the user's token changes.
      kc.users = [{ name: 'u', token: 'new' }];
      expect((await rotating.create(recorded('a'))).metadata.name).toBe('a');
    }));

  it('429 with Retry-After → retryAfterMs', async () => {
    server.faults.script([{ status: 429, retryAfterSeconds: 3 }]);
    const err = await sinkError(sink.create(recorded('a')));
    expect(err).toMatchObject({ kind: 'status', status: 429, reason: 'TooManyRequests', retryAfterMs: 3000 });
    expect(err.message).toContain('retry after 3000 ms');
  });

  it('503 ServiceUnavailable', async () => {
    server.faults.script([{ status: 503 }]);
    const err = await sinkError(sink.patch(recorded('a'), '{"count":2}'));
    expect(err).toMatchObject({ kind: 'status', status: 503, reason: 'ServiceUnavailable', retryAfterMs: undefined });
  });
});

describe('transport errors', () => {
  it('a dropped connection', async () => {
    server.faults.script([{ drop: true }]);
    const err = await sinkError(sink.create(recorded('a')));
    expect(err.kind).toBe('transport');
    expect(err.status).toBeUndefined();
    // The sink's own request (Node's http) fails with Node's socket error, whichever client-node major is installed.
    expect(err.cause).toMatchObject({ code: 'ECONNRESET' });
    expect(err.message).toMatch(/^Creating event default\/a failed before the API server answered \(ECONNRESET: \w/);
  });

  it('a server that never answers: aborted after timeoutMs, as a retryable transport error', async () => {
    server.faults.script([{ delayMs: 60_000 }]);
    // Long enough that, on a loaded machine, the request reaches the server (and takes the fault) before it is aborted.
    const impatient = new CoreV1EventSink(server.kubeConfig, { timeoutMs: 1000 });
    const err = await sinkError(impatient.create(recorded('a')));
    expect(err.kind).toBe('transport');
    expect(err.message).toMatch(/^Creating event default\/a got no answer within 1000 ms \(timeoutMs\)/);
    // the next call gets its own, fresh timeout
    expect((await impatient.create(recorded('b'))).metadata.name).toBe('b');
  });

  it('a patch that never answers is aborted too, and timeoutMs 0 never aborts', async () => {
    await sink.create(recorded('a'));
    server.faults.script([{ delayMs: 60_000 }], { method: 'PATCH' });
    const impatient = new CoreV1EventSink(server.kubeConfig, { timeoutMs: 1000 });
    expect((await sinkError(impatient.patch(recorded('a'), '{"count":2}'))).message).toMatch(
      /^Patching event default\/a got no answer/,
    );
    server.faults.script([{ delayMs: 100 }], { method: 'PATCH' });
    const patient = new CoreV1EventSink(server.kubeConfig, { timeoutMs: 0 });
    expect((await patient.patch(recorded('a'), '{"count":3}')).count).toBe(3);
  });

  it.each([
    ['create', (s: CoreV1EventSink, signal: AbortSignal) => s.create(recorded('a'), signal)],
    ['patch', (s: CoreV1EventSink, signal: AbortSignal) => s.patch(recorded('a'), '{"count":2}', signal)],
    ['update', (s: CoreV1EventSink, signal: AbortSignal) => s.update(recorded('a'), signal)],
  ] as const)('%s: aborting the call’s signal aborts the request, before the timeout', async (_verb, call) => {
    await sink.create(recorded('a'));
    server.faults.script([{ delayMs: 60_000 }]);
    const controller = new AbortController();
    const pending = sinkError(call(sink, controller.signal));
    await waitFor(() => server.faults.injected.length === 1);
    controller.abort();
    const err = await pending;
    expect(err.kind).toBe('transport');
    expect(err.message).toMatch(
      /event default\/a was aborted by the caller's signal; it may or may not have been applied/,
    );
  });

  it('a signal aborted before the call sends nothing; an unused signal changes nothing', async () => {
    const err = await sinkError(sink.create(recorded('a'), AbortSignal.abort()));
    expect(err).toMatchObject({ kind: 'transport' });
    expect(server.events()).toEqual([]);
    const controller = new AbortController();
    expect((await sink.create(recorded('b'), controller.signal)).metadata.name).toBe('b');
    expect((await sink.patch(recorded('b'), '{"count":2}', controller.signal)).count).toBe(2);
  });

  it('the timeout still applies when the call has a signal of its own', async () => {
    server.faults.script([{ delayMs: 60_000 }]);
    const impatient = new CoreV1EventSink(server.kubeConfig, { timeoutMs: 50 });
    const err = await sinkError(impatient.create(recorded('a'), new AbortController().signal));
    expect(err.message).toMatch(/^Creating event default\/a got no answer within 50 ms \(timeoutMs\)/);
  });

  it('refuses a negative or non-numeric timeoutMs', () => {
    expect(() => new CoreV1EventSink(server.kubeConfig, { timeoutMs: -1 })).toThrow(RangeError);
    expect(() => new CoreV1EventSink(server.kubeConfig, { timeoutMs: Number.NaN })).toThrow(RangeError);
    expect(() => new CoreV1EventSink(server.kubeConfig, { timeoutMs: 2 ** 31 })).toThrow(RangeError);
  });

  it('takes timeoutMs Infinity as no timeout (Node would cut the timer to 1 ms)', async () => {
    server.faults.script([{ delayMs: 100 }]);
    const patient = new CoreV1EventSink(server.kubeConfig, { timeoutMs: Infinity });
    expect((await patient.create(recorded('a'))).metadata.name).toBe('a');
  });

  it('aborts a request when the caller aborts its signal, before the server applies it', async () => {
    server.faults.script([{ delayMs: Infinity }]);
    const abort = new AbortController();
    const pending = sinkError(sink.create(recorded('a'), abort.signal));
    await vi.waitFor(
      () => {
        expect(server.requests()).toHaveLength(1);
      },
      { timeout: 10_000 },
    );
    abort.abort();
    const err = await pending;
    expect(err.kind).toBe('transport');
    expect(err.message).toMatch(/^Creating event default\/a was aborted by the caller's signal/);
    expect(server.events('default')).toEqual([]);
  });

  it('a refused connection', async () => {
    await server.close();
    const err = await sinkError(sink.create(recorded('a')));
    expect(err.kind).toBe('transport');
    expect(err.message).toContain('ECONNREFUSED');
  });
});

describe('toSinkError', () => {
  const target = { verb: 'create', namespace: 'default', name: 'a' } as const;
  const now = () => Date.parse('2024-05-01T10:00:00Z');

  it('keeps status and text for a body that is not JSON', () => {
    const err = toSinkError(
      new ApiException(502, 'Unknown API Status Code!', 'upstream connect error', {}),
      target,
      now,
    );
    expect(err).toMatchObject({ kind: 'status', status: 502, reason: undefined, causes: [] });
    expect(err.message).toBe(
      'Creating event default/a failed: HTTP 502: upstream connect error. The API server failed; retry later.',
    );
  });

  it('reads a Buffer body and details.retryAfterSeconds', () => {
    const body = Buffer.from(
      JSON.stringify({ kind: 'Status', reason: 'TooManyRequests', details: { retryAfterSeconds: 2 } }),
    );
    expect(toSinkError(new ApiException(429, '', body, {}), target, now)).toMatchObject({
      reason: 'TooManyRequests',
      retryAfterMs: 2000,
    });
  });

  it('measures an HTTP-date Retry-After against the response Date, else the scheduler clock', () => {
    const headers = { 'retry-after': 'Wed, 01 May 2024 10:00:05 GMT', date: 'Wed, 01 May 2024 10:00:01 GMT' };
    expect(toSinkError(new ApiException(503, '', '', headers), target, now).retryAfterMs).toBe(4000);
    const noDate = { 'Retry-After': 'Wed, 01 May 2024 10:00:07 GMT' };
    expect(toSinkError(new ApiException(503, '', '', noDate), target, now).retryAfterMs).toBe(7000);
    const past = { 'retry-after': 'Wed, 01 May 2024 09:00:00 GMT' };
    expect(toSinkError(new ApiException(503, '', '', past), target, now).retryAfterMs).toBe(0);
  });

  it('classifies RequiredError and other programming errors as request errors', () => {
    const required = toSinkError(new RequiredError('CoreV1Api', 'patchNamespacedEvent', 'name'), target, now);
    expect(required).toMatchObject({ kind: 'request' });
    expect(required.message).toContain('a required parameter is missing (name)');
    expect(toSinkError(new TypeError('x.toISOString is not a function'), target, now).kind).toBe('request');
  });

  it('finds a socket error code on the cause chain (undici-style fetch errors)', () => {
    const err = new TypeError('fetch failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) });
    expect(toSinkError(err, target, now).kind).toBe('transport');
  });

  it.each([
    ['node-fetch (1.x) FetchError', Object.assign(new Error('request failed'), { name: 'FetchError' }), 'FetchError'],
    ['node-fetch (1.x) AbortError', Object.assign(new Error('aborted'), { name: 'AbortError' }), 'AbortError'],
    ['undici (2.x) abort', new DOMException('This operation was aborted', 'AbortError'), 'AbortError'],
    ['undici (2.x) without a code', new TypeError('fetch failed', { cause: new Error('bad port') }), 'TypeError'],
  ])('a %s is a transport error, named by its innermost message', (_what, err, name) => {
    const sinkErr = toSinkError(err, target, now);
    expect(sinkErr.kind).toBe('transport');
    expect(sinkErr.message).toContain(`(${name}: `);
    expect(sinkErr.message).not.toContain('fetch failed');
  });

  it('a TypeError other than fetch’s own is a request error', () => {
    expect(toSinkError(new TypeError('fetch is not a function'), target, now).kind).toBe('request');
  });

  it('passes a SinkError through', () => {
    const original = new SinkError('x', { kind: 'request' });
    expect(toSinkError(original, target, now)).toBe(original);
  });
});

describe('connection reuse', () => {
  it('sends sequential writes over one connection, not one each (both client-node majors)', async () => {
    for (let i = 0; i < 5; i++) await sink.create(recorded(`e${String(i)}`));
    await sink.patch(recorded('e0'), '{"count":2}');
    await sink.update({ ...recorded('e1'), count: 3 });
    expect(server.requests()).toHaveLength(7);
    expect(server.connectionsAccepted).toBe(1);
  });

  it('a request aborted by timeoutMs destroys its socket; the next write opens a new connection', async () => {
    // The timeout fires when the spec flushes its clock, once the server holds the request.
    const scheduler = new VirtualTimeScheduler();
    const timed = new CoreV1EventSink(server.kubeConfig, { timeoutMs: 1000, scheduler });
    server.faults.script([{ delayMs: Infinity }]);
    const pending = sinkError(timed.create(recorded('hung')));
    await waitFor(() => server.faults.injected.length === 1);
    expect(server.openConnections).toBe(1);
    scheduler.flush();
    expect((await pending).message).toMatch(/^Creating event default\/hung got no answer within 1000 ms/);
    await waitFor(() => server.openConnections === 0);
    expect(server.openConnections).toBe(0);
    expect((await timed.create(recorded('after'))).metadata.name).toBe('after');
    expect(server.connectionsAccepted).toBe(2);
  });
});

describe('resources', () => {
  it('leaves no socket behind after writes and server close', async () => {
    for (let i = 0; i < 5; i++) await sink.create(recorded(`e${i}`));
    await sink.patch(recorded('e0'), '{"count":2}');
    await server.close();
    await waitFor(() => tcpHandles() === 0);
    expect(tcpHandles()).toBe(0);
  });
});
