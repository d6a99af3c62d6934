import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { fromComponent, inNamespace, involving, ofType, since, withReason } from '../../src/cluster/index.js';
import type { EventFilter } from '../../src/cluster/index.js';
import type { CoreV1Event, EventType } from '../../src/meta/index.js';
import { EventBroadcaster } from '../../src/record/index.js';
import { shapes, valuesOf } from './fixtures.js';
import type { EventSpec } from './fixtures.js';

const newScheduler = () =>
  new TestScheduler((actual, expected) => {
    expect(actual).toEqual(expected);
  });

/** One marble case: the source specs, the operator, and which of them pass. */
interface FilterCase {
  readonly title: string;
  readonly specs: Record<string, EventSpec>;
  readonly operator: (scheduler: TestScheduler) => EventFilter;
  readonly source: string;
  readonly expected: string;
}

const cases: FilterCase[] = [
  {
    title: "ofType('Warning') keeps warnings",
    specs: { n: { name: 'n' }, w: { name: 'w', type: 'Warning' } },
    operator: () => ofType('Warning'),
    source: '  -n-w-n-w-|',
    expected: '---w---w-|',
  },
  {
    title: 'withReason keeps the reasons given, exactly',
    specs: {
      a: { name: 'a', reason: 'BackOff' },
      b: { name: 'b', reason: 'Pulled' },
      c: { name: 'c', reason: 'Killing' },
      d: { name: 'd', reason: 'backoff' },
    },
    operator: () => withReason('BackOff', 'Killing'),
    source: '  -a-b-c-d-|',
    expected: '-a---c---|',
  },
  {
    title: 'involving matches kind without case, name, namespace and uid',
    specs: {
      p: { name: 'p', kind: 'Pod', about: 'web-0' },
      q: { name: 'q', kind: 'Pod', about: 'web-1' },
      d: { name: 'd', kind: 'Deployment', about: 'web-0' },
      o: { name: 'o', kind: 'Pod', about: 'web-0', aboutNamespace: 'other' },
      u: { name: 'u', kind: 'Pod', about: 'web-0', uid: 'uid-2' },
    },
    operator: () => involving({ kind: 'pod', metadata: { name: 'web-0', namespace: 'default', uid: 'uid-1' } }),
    source: '  -p-q-d-o-u-p-|',
    expected: '-p---------p-|',
  },
  {
    title: 'involving a reference without uid or namespace matches any',
    specs: {
      p: { name: 'p', about: 'web-0' },
      o: { name: 'o', about: 'web-0', aboutNamespace: 'other', uid: 'x' },
      q: { name: 'q', about: 'web-1' },
    },
    operator: () => involving({ name: 'web-0' }),
    source: '  -p-o-q-|',
    expected: '-p-o---|',
  },
  {
    title: 'inNamespace keeps the namespaces given',
    specs: { a: { name: 'a', namespace: 'a' }, b: { name: 'b', namespace: 'b' }, c: { name: 'c', namespace: 'c' } },
    operator: () => inNamespace('a', 'c'),
    source: '  -a-b-c-a-|',
    expected: '-a---c-a-|',
  },
  {
    title: 'fromComponent keeps the reporters given',
    specs: { k: { name: 'k', component: 'kubelet' }, s: { name: 's', component: 'default-scheduler' } },
    operator: () => fromComponent('kubelet'),
    source: '  -k-s-k-|',
    expected: '-k---k-|',
  },
  {
    title: 'since(duration) keeps what was seen within it before arriving, on the scheduler',
    specs: {
      a: { name: 'a', lastSeen: new Date(0) },
      o: { name: 'o', lastSeen: new Date(0) },
      n: { name: 'n', lastSeen: new Date(20 * 60_000) },
      x: { name: 'x' },
    },
    operator: (scheduler) => since({ minutes: 10 }, { scheduler }),
    source: '  a 20m o n x |',
    expected: 'a 20m - n x |',
  },
  {
    title: 'since(date) keeps what was seen at or after it',
    specs: {
      o: { name: 'o', lastSeen: new Date('2024-01-01T00:00:00Z') },
      n: { name: 'n', lastSeen: new Date('2024-01-01T00:00:01Z') },
    },
    operator: () => since(new Date('2024-01-01T00:00:01Z')),
    source: '  -o-n-|',
    expected: '---n-|',
  },
];

describe.each(shapes)('filter operators on $label', ({ make }) => {
  it.each(cases)('$title', ({ specs, operator, source, expected }) => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const values = valuesOf(make, specs);
      expectObservable(cold(source.trim(), values).pipe(operator(scheduler))).toBe(expected, values);
    });
  });
});

describe('filter operators as streams', () => {
  it.each(cases)('$title: passes errors and completion through, and unsubscribes early', ({ specs, operator }) => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const values = valuesOf(shapes[0]!.make, specs);
      expectObservable(cold('--#', values).pipe(operator(scheduler))).toBe('--#');
      expectObservable(cold('|', values).pipe(operator(scheduler))).toBe('|');
      const never = hot('-', values);
      expectObservable(never.pipe(operator(scheduler)), '^--!').toBe('-');
      expectSubscriptions(never.subscriptions).toBe('^--!');
    });
  });

  it('refuses bad arguments at the call', () => {
    expect(() => ofType('Warnin' as EventType)).toThrow(TypeError);
    expect(() => withReason()).toThrow(TypeError);
    expect(() => withReason('')).toThrow(TypeError);
    expect(() => inNamespace()).toThrow(TypeError);
    expect(() => fromComponent('ok', 3 as unknown as string)).toThrow(TypeError);
    expect(() => involving({ kind: 'Pod' })).toThrow(TypeError);
    expect(() => involving({ metadata: {} })).toThrow(TypeError);
    expect(() => since(new Date(Number.NaN))).toThrow(TypeError);
    expect(() => since({ minutes: -1 })).toThrow(RangeError);
  });
});

describe('filter operators on a recorder’s events$', () => {
  it('keep the recorded Events they match, typed as the recorder’s', async () => {
    const broadcaster = new EventBroadcaster();
    const recorder = broadcaster.newRecorder({ component: 'my-operator' });
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-0', namespace: 'shop', uid: 'u-1' } };
    const other = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace: 'shop', uid: 'u-2' } };
    const seen: CoreV1Event[] = [];
    const subscription = broadcaster.events$
      .pipe(ofType('Warning'), withReason('BackOff'), involving(pod), fromComponent('my-operator'), inNamespace('shop'))
      .subscribe((e) => seen.push(e));
    recorder.event(pod, 'Normal', 'Pulled', 'Pulled image');
    recorder.event(pod, 'Warning', 'BackOff', 'Back-off restarting');
    recorder.event(other, 'Warning', 'BackOff', 'Back-off restarting');
    recorder.event(pod, 'Warning', 'Failed', 'Failed');
    await broadcaster.shutdown();
    subscription.unsubscribe();
    expect(seen.map((e) => [e.involvedObject.name, e.reason])).toEqual([['web-0', 'BackOff']]);
  });
});
