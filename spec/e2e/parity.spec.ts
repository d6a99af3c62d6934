import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeTarget, realServer, realServerMissing, realTarget } from './support.js';
import type { RawResponse, Target } from './support.js';

// The same raw requests to the fake API server and to kube-apiserver v1.20.2, in order, answer the same status and
// the same body, byte for byte after dropping what only a real server makes (uid, resourceVersion,
// creationTimestamp, managedFields). The first request of each case sets up what later ones read.

/** A request of the sequence: method, path (`{ns}` is the case's namespace), body, content type. */
interface Step {
  readonly what: string;
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  readonly contentType?: string;
  /**
   * A message that changed after v1.20: what v1.20.2 says, where the fake answers as today's apiserver. Everything
   * else in the answer must still be the same.
   */
  readonly v120Message?: string;
}

const merge = 'application/strategic-merge-patch+json';
const time = '2024-05-01T10:00:00Z';
const micro = '2024-05-01T10:00:00.250000Z';

function coreEvent(name: string, ns: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: ns },
    involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'web-0', namespace: ns, uid: 'uid-web-0' },
    reason: 'Started',
    message: 'Started container web',
    source: { component: 'e2e', host: 'node-1' },
    firstTimestamp: time,
    lastTimestamp: time,
    count: 1,
    type: 'Normal',
    reportingComponent: 'e2e',
    reportingInstance: 'node-1',
    ...extra,
  };
}

/** An event with `eventTime`, which the apiserver checks field by field (what events.k8s.io clients write). */
function timedEvent(name: string, ns: string, sizes: { reason: number; message: number; more: number }) {
  return coreEvent(name, ns, {
    eventTime: micro,
    reason: 'R'.repeat(sizes.reason),
    message: 'm'.repeat(sizes.message),
    action: 'A'.repeat(sizes.more),
    reportingComponent: 'e2e',
    reportingController: 'e2e.example.com/controller',
    reportingInstance: 'i'.repeat(sizes.more),
    firstTimestamp: null,
    lastTimestamp: null,
    count: 0,
    source: {},
  });
}

function v1Event(name: string, ns: string): Record<string, unknown> {
  return {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: { name, namespace: ns },
    eventTime: micro,
    reportingController: 'e2e.example.com/controller',
    reportingInstance: 'node-1',
    action: 'Starting',
    reason: 'Started',
    regarding: { apiVersion: 'v1', kind: 'Pod', name: 'web-1', namespace: ns, uid: 'uid-web-1' },
    note: 'Started container web',
    type: 'Normal',
  };
}

const steps = (ns: string): Step[] => [
  { what: 'create', method: 'POST', path: '/api/v1/namespaces/{ns}/events', body: coreEvent('a', ns) },
  { what: 'create, name taken', method: 'POST', path: '/api/v1/namespaces/{ns}/events', body: coreEvent('a', ns) },
  { what: 'get', method: 'GET', path: '/api/v1/namespaces/{ns}/events/a' },
  { what: 'get, missing', method: 'GET', path: '/api/v1/namespaces/{ns}/events/nope' },
  {
    what: 'dedup patch',
    method: 'PATCH',
    path: '/api/v1/namespaces/{ns}/events/a',
    body: { count: 2, lastTimestamp: '2024-05-01T10:00:05Z', message: 'Started container web again' },
    contentType: merge,
  },
  {
    what: 'patch, missing',
    method: 'PATCH',
    path: '/api/v1/namespaces/{ns}/events/nope',
    body: { count: 2 },
    contentType: merge,
  },
  {
    what: 'patch, an object sent as JSON patch',
    method: 'PATCH',
    path: '/api/v1/namespaces/{ns}/events/a',
    body: { count: 3 },
    contentType: 'application/json-patch+json',
    v120Message: 'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
  },
  {
    what: 'create with a resourceVersion',
    method: 'POST',
    path: '/api/v1/namespaces/{ns}/events',
    body: coreEvent('b', ns, { metadata: { name: 'b', namespace: ns, resourceVersion: '7' } }),
  },
  {
    what: 'create, involvedObject in another namespace',
    method: 'POST',
    path: '/api/v1/namespaces/{ns}/events',
    body: coreEvent('c', ns, {
      involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'web-0', namespace: 'elsewhere' },
    }),
  },
  {
    what: 'create, body namespace differs from the path',
    method: 'POST',
    path: '/api/v1/namespaces/{ns}/events',
    body: coreEvent('d', 'elsewhere'),
  },
  {
    what: 'create with eventTime, every field at its limit',
    method: 'POST',
    path: '/api/v1/namespaces/{ns}/events',
    body: timedEvent('at-limits', ns, { reason: 128, message: 1024, more: 128 }),
  },
  {
    what: 'create with eventTime, every field over its limit',
    method: 'POST',
    path: '/api/v1/namespaces/{ns}/events',
    body: timedEvent('over-limits', ns, { reason: 129, message: 1025, more: 129 }),
  },
  {
    what: 'create, eventTime with three fractional digits',
    method: 'POST',
    path: '/api/v1/namespaces/{ns}/events',
    body: { ...timedEvent('millis', ns, { reason: 1, message: 1, more: 1 }), eventTime: '2024-05-01T10:00:00.250Z' },
    // v1.20 decoded with json-iterator, which wraps the error in its own context.
    v120Message:
      'Event in version "v1" cannot be handled as a Event: v1.Event.Action: EventTime: unmarshalerDecoder: parsing ' +
      'time "2024-05-01T10:00:00.250Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse ".250Z" as ".000000", ' +
      'error found in #10 byte of ...|0:00.250Z","action":|..., bigger context ...|stance":"i","eventTime":' +
      '"2024-05-01T10:00:00.250Z","action":"A","reportingController":"e2e.example.c|...',
  },
  {
    what: 'list by involvedObject.name',
    method: 'GET',
    path: '/api/v1/namespaces/{ns}/events?fieldSelector=involvedObject.name%3Dweb-0',
  },
  {
    what: 'list by an unsupported field',
    method: 'GET',
    path: '/api/v1/namespaces/{ns}/events?fieldSelector=spec.foo%3Dbar',
  },
  {
    what: 'events.k8s.io/v1: a note change is refused (immutable)',
    method: 'PATCH',
    path: '/apis/events.k8s.io/v1/namespaces/{ns}/events/at-limits',
    body: { note: 'changed' },
    contentType: 'application/merge-patch+json',
  },
  {
    what: 'events.k8s.io/v1: a series change is accepted',
    method: 'PATCH',
    path: '/apis/events.k8s.io/v1/namespaces/{ns}/events/at-limits',
    body: { series: { count: 2, lastObservedTime: '2024-05-01T10:00:01.500000Z' } },
    contentType: 'application/merge-patch+json',
  },
  {
    what: 'events.k8s.io/v1: create',
    method: 'POST',
    path: '/apis/events.k8s.io/v1/namespaces/{ns}/events',
    body: v1Event('v1-a', ns),
  },
  {
    what: 'events.k8s.io/v1: create, name taken',
    method: 'POST',
    path: '/apis/events.k8s.io/v1/namespaces/{ns}/events',
    body: v1Event('v1-a', ns),
  },
  {
    what: 'events.k8s.io/v1: create without eventTime',
    method: 'POST',
    path: '/apis/events.k8s.io/v1/namespaces/{ns}/events',
    body: { ...v1Event('v1-b', ns), eventTime: null },
  },
  { what: 'events.k8s.io/v1: get', method: 'GET', path: '/apis/events.k8s.io/v1/namespaces/{ns}/events/v1-a' },
  { what: 'events.k8s.io/v1: get, missing', method: 'GET', path: '/apis/events.k8s.io/v1/namespaces/{ns}/events/nope' },
  { what: 'delete', method: 'DELETE', path: '/api/v1/namespaces/{ns}/events/a' },
  { what: 'get after delete', method: 'GET', path: '/api/v1/namespaces/{ns}/events/a' },
];

/** What only a real server makes, dropped before comparing; and the message, when `dropMessage`. */
function comparable(response: RawResponse, dropMessage = false): RawResponse {
  const drop = new Set(['uid', 'resourceVersion', 'creationTimestamp', 'managedFields', 'selfLink']);
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !drop.has(k))
        .map(([k, v]) => [k, strip(v)]),
    );
  };
  const body = strip(response.body);
  if (dropMessage && typeof body === 'object' && body !== null) delete (body as { message?: string }).message;
  return { status: response.status, body };
}

describe.skipIf(!realServer)(
  realServer ? 'the fake API server answers as kube-apiserver v1.20.2' : realServerMissing,
  () => {
    let fake: Target;
    let real: Target;
    let ns: string;
    beforeAll(async () => {
      [fake, real] = [await fakeTarget(), realTarget()];
      ns = await real.namespace('parity');
    });
    afterAll(async () => {
      await fake.close();
    });

    // `steps` needs the namespace, known only once the real server made it: the names come from a placeholder.
    it.each(steps('{ns}').map((step, i) => [step.what, i] as const))('%s', async (_what, i) => {
      const step = steps(ns)[i]!;
      const path = step.path.replace('{ns}', ns);
      const [onFake, onReal] = [
        await fake.raw(step.method, path, step.body, step.contentType),
        await real.raw(step.method, path, step.body, step.contentType),
      ];
      if (step.v120Message !== undefined) expect(onReal.body).toMatchObject({ message: step.v120Message });
      const v120 = step.v120Message !== undefined;
      expect(comparable(onFake, v120)).toEqual(comparable(onReal, v120));
    });
  },
);
