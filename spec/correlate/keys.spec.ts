import { describe, expect, it } from 'vitest';
import {
  eventAggregatorByReasonFunc,
  eventAggregatorByReasonMessageFunc,
  getEventKey,
  getSpamKey,
} from '../../src/correlate/index.js';
import type { CoreV1Event } from '../../src/meta/index.js';
import { podEvent } from './fixtures.js';

type Change = [field: string, change: Partial<CoreV1Event>];

const base = podEvent();
const changes: Change[] = [
  ['source component', { source: { component: 'other', host: 'node-1' } }],
  ['source host', { source: { component: 'kubelet', host: 'node-2' } }],
  ['object kind', { involvedObject: { ...base.involvedObject, kind: 'Deployment' } }],
  ['object namespace', { involvedObject: { ...base.involvedObject, namespace: 'other' } }],
  ['object name', { involvedObject: { ...base.involvedObject, name: 'web-1' } }],
  ['object uid', { involvedObject: { ...base.involvedObject, uid: 'uid-2' } }],
  ['object apiVersion', { involvedObject: { ...base.involvedObject, apiVersion: 'v2' } }],
  ['object fieldPath', { involvedObject: { ...base.involvedObject, fieldPath: 'spec.containers{app}' } }],
  ['object resourceVersion', { involvedObject: { ...base.involvedObject, resourceVersion: '42' } }],
  ['type', { type: 'Warning' }],
  ['reason', { reason: 'Pulled' }],
  ['message', { message: 'other' }],
  ['reportingComponent', { reportingComponent: 'other' }],
  ['reportingInstance', { reportingInstance: 'other' }],
  ['annotations', { metadata: { ...base.metadata, annotations: { a: 'b' } } }],
  ['event name and resourceVersion', { metadata: { name: 'other', namespace: 'ns', resourceVersion: '7' } }],
  ['count and timestamps', { count: 5, firstTimestamp: new Date(0), lastTimestamp: new Date(0) }],
  ['action', { action: 'Scale' }],
  ['related object', { related: { kind: 'Pod', namespace: 'ns', name: 'web-1', uid: 'uid-9', apiVersion: 'v1' } }],
];

/** Which fields each key depends on (client-go's key functions, reference §3.2). */
const dependsOn: Record<string, (field: string) => boolean> = {
  getEventKey: (field) =>
    field.startsWith('source') ||
    ['object kind', 'object namespace', 'object name', 'object uid', 'object apiVersion', 'object fieldPath'].includes(
      field,
    ) ||
    ['type', 'reason', 'message', 'action', 'related object'].includes(field),
  getSpamKey: (field) =>
    field.startsWith('source') ||
    ['object kind', 'object namespace', 'object name', 'object uid', 'object apiVersion', 'type'].includes(field),
  aggregateKey: (field) =>
    field.startsWith('source') ||
    ['object kind', 'object namespace', 'object name', 'object uid', 'object apiVersion'].includes(field) ||
    ['type', 'reason', 'reportingComponent', 'reportingInstance'].includes(field),
};

const keyFunctions: Record<string, (event: CoreV1Event) => string> = {
  getEventKey,
  getSpamKey,
  aggregateKey: (event) => eventAggregatorByReasonFunc(event)[0],
};

describe.each(Object.keys(keyFunctions))('%s', (name) => {
  const key = keyFunctions[name]!;
  it.each(changes)('changes with %s only when client-go keys on it', (field, change) => {
    expect(key({ ...base, ...change }) !== key(base)).toBe(dependsOn[name]!(field));
  });

  it('does not collide where client-go concatenating without a separator does', () => {
    const ab = podEvent({ source: { component: 'ab', host: 'c' } });
    const a = podEvent({ source: { component: 'a', host: 'bc' } });
    expect(key(ab)).not.toBe(key(a));
  });

  it('does not collide when fields hold text that looks like the encoding itself', () => {
    const shifted = podEvent({ source: { component: '1:a', host: '' } });
    const other = podEvent({ source: { component: '', host: '1:a' } });
    const nested = podEvent({ source: { component: '3:1:a0:', host: '' } });
    expect(new Set([key(shifted), key(other), key(nested)]).size).toBe(3);
  });

  it('treats an unset field as empty, as Go zero values', () => {
    const unset: CoreV1Event = { metadata: {}, involvedObject: {} };
    const empty: CoreV1Event = {
      metadata: {},
      involvedObject: { kind: '', namespace: '', name: '', uid: '', apiVersion: '', fieldPath: '' },
      source: { component: '', host: '' },
      type: '',
      reason: '',
      message: '',
      reportingComponent: '',
      reportingInstance: '',
    };
    expect(key(unset)).toBe(key(empty));
  });
});

describe('getEventKey with action and related (events.k8s.io/v1-style calls on core/v1)', () => {
  const withRelated = (related: CoreV1Event['related'], action = 'Create'): CoreV1Event => ({
    ...base,
    action,
    ...(related === undefined ? {} : { related }),
  });
  const pod = { kind: 'Pod', namespace: 'ns', name: 'web-1', uid: 'uid-9', apiVersion: 'v1' };

  it('tells apart each related field and the action', () => {
    const keys = [
      withRelated(pod),
      withRelated({ ...pod, kind: 'Job' }),
      withRelated({ ...pod, namespace: 'other' }),
      withRelated({ ...pod, name: 'web-2' }),
      withRelated({ ...pod, uid: 'uid-8' }),
      withRelated({ ...pod, apiVersion: 'v2' }),
      withRelated({ ...pod, fieldPath: 'spec.containers{app}' }),
      withRelated(pod, 'Delete'),
      withRelated(undefined),
    ].map(getEventKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('leaves out the related resourceVersion, as that of the involved object', () => {
    expect(getEventKey(withRelated({ ...pod, resourceVersion: '1' }))).toBe(
      getEventKey(withRelated({ ...pod, resourceVersion: '2' })),
    );
  });

  it('keeps the key of an event without either exactly as before', () => {
    expect(JSON.parse(getEventKey(base))).toHaveLength(11);
  });
});

describe('the default keys as JSON', () => {
  const fieldsOf = (event: CoreV1Event): unknown[] => {
    const { source, involvedObject: o } = event;
    return [source?.component, source?.host, o.kind, o.namespace, o.name, o.uid, o.apiVersion].map((f) => f ?? '');
  };
  const expected = (event: CoreV1Event): Record<string, string> => ({
    getEventKey: JSON.stringify([
      ...fieldsOf(event),
      ...[event.involvedObject.fieldPath, event.type, event.reason, event.message].map((f) => f ?? ''),
    ]),
    getSpamKey: JSON.stringify([...fieldsOf(event), event.type ?? '']),
    aggregateKey: JSON.stringify([
      ...fieldsOf(event),
      ...[event.type, event.reason, event.reportingComponent, event.reportingInstance].map((f) => f ?? ''),
    ]),
  });
  const texts = [
    'plain',
    'a "quoted" word',
    'back\\slash',
    'tab\there',
    'nul\u0000',
    'line\u2028sep',
    'é 🚀',
    'lone \ud800',
    'Latin-1 ÿ, DEL \u007f and NBSP \u00a0',
    'x'.repeat(5000),
    'y'.repeat(505),
    '',
  ];

  it.each(texts)('are exactly the JSON array of their fields, whatever a field holds: %j', (text) => {
    const event = podEvent({
      source: { component: text, host: `h${text}` },
      involvedObject: { kind: 'Pod', namespace: text, name: `web-${text}`, uid: 'u', fieldPath: text },
      reason: text,
      message: `m ${text}`,
      reportingInstance: text,
    });
    const want = expected(event);
    for (const [name, key] of Object.entries(keyFunctions)) expect(key(event)).toBe(want[name]);
  });

  it('never reuse the keys of an earlier event whose fields were changed since', () => {
    const event = podEvent();
    const before = Object.values(keyFunctions).map((key) => key(event));
    (event.involvedObject as { name?: string }).name = 'web-1';
    (event.source as { host?: string }).host = 'node-2';
    const after = Object.values(keyFunctions).map((key) => key(event));
    const want = expected(event);
    expect(after).toEqual(Object.keys(keyFunctions).map((name) => want[name]));
    for (const [i, key] of after.entries()) expect(key).not.toBe(before[i]);
  });

  it('never reuse the keys of an earlier event whose other fields were changed since', () => {
    const event = podEvent();
    const changes: ((e: Record<string, unknown>) => void)[] = [
      (e) => (e['type'] = 'Warning'),
      (e) => (e['reason'] = 'Killing'),
      (e) => (e['message'] = 'Stopping container'),
      (e) => (e['reportingComponent'] = 'other'),
      (e) => (e['reportingInstance'] = 'other-1'),
      (e) => ((e['involvedObject'] as Record<string, unknown>)['fieldPath'] = 'spec.containers{web}'),
    ];
    for (const change of changes) {
      for (const key of Object.values(keyFunctions)) key(event);
      change(event as unknown as Record<string, unknown>);
      const want = expected(event);
      for (const [name, key] of Object.entries(keyFunctions)) expect(key(event)).toBe(want[name]);
    }
  });

  it("read a field that is not a string (a JavaScript caller's object) anew on every call", () => {
    const reason = { text: 'first' };
    const event = podEvent({ reason: reason as unknown as string });
    const first = expected(event);
    expect(getSpamKey(event)).toBe(first['getSpamKey']);
    expect(getEventKey(event)).toBe(first['getEventKey']);
    reason.text = 'second';
    const second = expected(event);
    expect(second['getEventKey']).not.toBe(first['getEventKey']);
    for (const [name, key] of Object.entries(keyFunctions)) expect(key(event)).toBe(second[name]);
  });

  it('are the same for events that take turns, whichever was asked last', () => {
    const a = podEvent();
    const b = podEvent({ involvedObject: { ...a.involvedObject, name: 'web-1' }, reason: 'Killing' });
    const want = [expected(a), expected(b)];
    for (let i = 0; i < 6; i++) {
      const event = i % 2 === 0 ? { ...a } : { ...b };
      for (const [name, key] of Object.entries(keyFunctions)) expect(key(event)).toBe(want[i % 2]![name]);
    }
  });
});

describe('eventAggregatorByReasonFunc', () => {
  it('uses the message as the local key', () => {
    expect(eventAggregatorByReasonFunc(podEvent({ message: 'm' }))[1]).toBe('m');
    expect(eventAggregatorByReasonFunc({ metadata: {}, involvedObject: {} })[1]).toBe('');
  });
});

describe('eventAggregatorByReasonMessageFunc', () => {
  it('prefixes the message, with the space after the colon', () => {
    expect(eventAggregatorByReasonMessageFunc(podEvent({ message: 'pull failed' }))).toBe(
      '(combined from similar events): pull failed',
    );
    expect(eventAggregatorByReasonMessageFunc({ metadata: {}, involvedObject: {} })).toBe(
      '(combined from similar events): ',
    );
  });
});
