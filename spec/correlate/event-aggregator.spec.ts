import { map } from 'rxjs';
import { describe, expect, it } from 'vitest';
import {
  aggregate,
  correlate,
  eventAggregatorByReasonFunc,
  EventAggregator,
  getEventKey,
} from '../../src/correlate/index.js';
import { isDnsSubdomain } from '../../src/meta/index.js';
import type { CoreV1Event } from '../../src/meta/index.js';
import { brief, clockAt, countingClock, podEvent, saying, snapshot, testScheduler } from './fixtures.js';

/** Values `a`…`l` are the pod event saying `m1`…`m12`. */
const messages = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [letter('a', i), saying(`m${i + 1}`)]));
/** `A`…`I`: m1…m9 created as themselves. */
const created = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [letter('A', i), `create 1 m${i + 1}`]));

function letter(first: string, offset: number): string {
  return String.fromCharCode(first.charCodeAt(0) + offset);
}

describe('aggregation (through correlate)', () => {
  it('turns the 10th distinct similar message into the aggregate event, and counts later ones on it', () => {
    const ts = testScheduler();
    ts.run(({ cold, expectObservable }) => {
      const source = cold('abcdefghijkl', messages);
      expectObservable(source.pipe(correlate({ scheduler: ts }), map(brief))).toBe('ABCDEFGHIxyz', {
        ...created,
        x: 'create 1 agg:m10',
        y: 'patch 2 agg:m11',
        z: 'patch 3 agg:m12',
      });
    });
  });

  it('keeps the window open while similar events keep coming: 500 s apart, ten messages span 75 min', () => {
    const gaps = 'a 499999ms b 499999ms c 499999ms d 499999ms e 499999ms f 499999ms g 499999ms h 499999ms i 499999ms j';
    const ts = testScheduler();
    ts.run(({ cold, expectObservable }) => {
      expectObservable(cold(gaps, messages).pipe(correlate({ scheduler: ts }), map(brief))).toBe(
        gaps.replace(/[a-i]/g, (letter) => letter.toUpperCase()).replace('j', 'x'),
        { ...created, x: 'create 1 agg:m10' },
      );
    });
  });

  it.each([
    ['aggregates exactly 600 000 ms after the last similar event (strict >)', '599999ms', 'create 1 agg:m10'],
    ['starts afresh 600 001 ms after the last similar event', '600000ms', 'create 1 m10'],
  ])('%s', (_, gap, tenth) => {
    const ts = testScheduler();
    ts.run(({ cold, expectObservable }) => {
      expectObservable(cold(`abcdefghi ${gap} j`, messages).pipe(correlate({ scheduler: ts }), map(brief))).toBe(
        `ABCDEFGHI ${gap} x`,
        { ...created, x: tenth },
      );
    });
  });

  it('drops the oldest inserted message when full, so which repeats dedup against their own event is stated', () => {
    // After m10: remembered m2…m10. m1 comes back → aggregated, m2 dropped. m3 is remembered → its own event.
    // m10 is remembered but went out as the aggregate → it is created as itself. m2, m3 were dropped → aggregated.
    const ts = testScheduler();
    ts.run(({ cold, expectObservable }) => {
      expectObservable(cold('abcdefghij acjbc', messages).pipe(correlate({ scheduler: ts }), map(brief))).toBe(
        'ABCDEFGHIx pqrst',
        {
          ...created,
          x: 'create 1 agg:m10',
          p: 'patch 2 agg:m1',
          q: 'patch 2 m3',
          r: 'create 1 m10',
          s: 'patch 3 agg:m2',
          t: 'patch 4 agg:m3',
        },
      );
    });
  });

  it('keeps separate windows per aggregate key', () => {
    const other = (message: string): CoreV1Event => podEvent({ message, reason: 'Failed' });
    const ts = testScheduler();
    ts.run(({ cold, expectObservable }) => {
      const source = cold('abcdefghi xj', { ...messages, x: other('m0') });
      expectObservable(source.pipe(correlate({ scheduler: ts }), map(brief))).toBe('ABCDEFGHI XY', {
        ...created,
        X: 'create 1 m0',
        Y: 'create 1 agg:m10',
      });
    });
  });
});

describe('EventAggregator', () => {
  it('returns the event itself under its event key below maxEvents', () => {
    const event = podEvent();
    const result = new EventAggregator({ scheduler: clockAt(0) }).aggregate(event);
    expect(result.event).toBe(event);
    expect(result.key).toBe(getEventKey(event));
  });

  it('builds the aggregate event from the triggering one, with reporting fields and annotations kept', () => {
    const now = Date.UTC(2023, 0, 1, 12, 30, 0, 250);
    const aggregator = new EventAggregator({ maxEvents: 2, scheduler: clockAt(now) });
    const trigger = podEvent({
      message: 'second',
      metadata: { name: 'web-0.2', namespace: 'ns', annotations: { trace: 't-1' }, resourceVersion: '9' },
      involvedObject: { ...podEvent().involvedObject, fieldPath: 'spec.containers{app}' },
      action: 'Restart',
      related: { kind: 'Node', name: 'node-1' },
      eventTime: new Date(now),
      series: { count: 3, lastObservedTime: new Date(now) },
    });
    aggregator.aggregate(saying('first'));
    const { event, key } = aggregator.aggregate(trigger);

    expect(key).toBe(eventAggregatorByReasonFunc(trigger)[0]);
    expect(event).toEqual({
      metadata: { name: event.metadata.name, namespace: 'ns', annotations: { trace: 't-1' } },
      involvedObject: trigger.involvedObject,
      reason: 'BackOff',
      message: '(combined from similar events): second',
      source: { component: 'kubelet', host: 'node-1' },
      type: 'Normal',
      reportingComponent: 'kubelet',
      reportingInstance: 'node-1',
      count: 1,
      firstTimestamp: new Date(now),
      lastTimestamp: new Date(now),
    });
    expect(event.metadata.name).toMatch(/^web-0\.[0-9a-f]+$/);
    expect(BigInt(`0x${event.metadata.name!.slice('web-0.'.length)}`)).toBeGreaterThanOrEqual(BigInt(now) * 1_000_000n);
    expect(aggregator.aggregated).toBe(1);
  });

  it('names the aggregate event with a UUID when the object name makes no valid event name', () => {
    const aggregator = new EventAggregator({ maxEvents: 1, scheduler: clockAt(0) });
    const upper = podEvent({ involvedObject: { kind: 'Node', name: 'Node-A' } });
    const { name } = aggregator.aggregate(upper).event.metadata;
    expect(name).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(isDnsSubdomain(name!)).toBe(true);
  });

  it('gives each aggregate occurrence its own name; the dedup stage renames repeats', () => {
    const aggregator = new EventAggregator({ maxEvents: 1, scheduler: clockAt(0) });
    const first = aggregator.aggregate(saying('a')).event.metadata.name;
    const second = aggregator.aggregate(saying('b')).event.metadata.name;
    expect(first).not.toBe(second);
  });

  it('aggregates every event with maxEvents 1', () => {
    const aggregator = new EventAggregator({ maxEvents: 1, scheduler: clockAt(0) });
    expect(aggregator.aggregate(saying('a')).event.message).toBe('(combined from similar events): a');
    expect(aggregator.aggregate(saying('a')).event.message).toBe('(combined from similar events): a');
    expect(aggregator.aggregated).toBe(2);
  });

  it("tells messages apart that are not strings (a JavaScript caller's), as distinct local keys", () => {
    const aggregator = new EventAggregator({ maxEvents: 3, scheduler: clockAt(0) });
    const notText = [7, new String('a'), { text: 'b' }] as unknown as string[];
    const results = notText.map((message) => aggregator.aggregate(saying(message)).event.message);
    expect(results.slice(0, 2)).toEqual(notText.slice(0, 2));
    expect(results[2]).toBe('(combined from similar events): [object Object]');
    expect(aggregator.aggregate(saying(notText[0]!)).event.message).toBe('(combined from similar events): 7');
  });

  it('groups only events of the same millisecond with maxIntervalInSeconds 0', () => {
    const clock = clockAt(0);
    const aggregator = new EventAggregator({ maxEvents: 2, maxIntervalInSeconds: 0, scheduler: clock });
    aggregator.aggregate(saying('a'));
    expect(aggregator.aggregate(saying('b')).event.message).toBe('(combined from similar events): b');
    clock.frame = 1;
    expect(aggregator.aggregate(saying('c')).event.message).toBe('c');
  });

  it('never forgets with maxIntervalInSeconds Infinity', () => {
    const clock = clockAt(0);
    const aggregator = new EventAggregator({ maxEvents: 2, maxIntervalInSeconds: Infinity, scheduler: clock });
    aggregator.aggregate(saying('a'));
    clock.frame = 10 * 365 * 24 * 3600 * 1000;
    expect(aggregator.aggregate(saying('b')).event.message).toBe('(combined from similar events): b');
  });

  it('forgets an aggregate key that leaves its LRU', () => {
    const aggregator = new EventAggregator({ maxEvents: 2, lruCacheSize: 1, scheduler: clockAt(0) });
    aggregator.aggregate(saying('a'));
    aggregator.aggregate(podEvent({ reason: 'Other' }));
    expect(aggregator.aggregate(saying('b')).event.message).toBe('b');
  });

  it('uses a custom key and message function', () => {
    const aggregator = new EventAggregator({
      maxEvents: 2,
      keyFunc: (event) => [event.reason ?? '', event.message ?? ''],
      messageFunc: (event) => `many pods: ${event.message ?? ''}`,
      scheduler: clockAt(0),
    });
    aggregator.aggregate(podEvent({ message: 'x' }));
    const other = podEvent({ message: 'y', involvedObject: { kind: 'Pod', namespace: 'ns', name: 'web-1' } });
    const { event, key } = aggregator.aggregate(other);
    expect(key).toBe('BackOff');
    expect(event.message).toBe('many pods: y');
    expect(event.involvedObject.name).toBe('web-1');
  });

  it('never mutates its input', () => {
    const aggregator = new EventAggregator({ maxEvents: 2, scheduler: clockAt(0) });
    const inputs = [saying('a'), saying('b'), saying('c')];
    const before = snapshot(inputs);
    for (const input of inputs) aggregator.aggregate(input);
    expect(inputs).toEqual(before);
  });

  it('reads the clock once per event', () => {
    const { scheduler, reads } = countingClock();
    const aggregator = new EventAggregator({ maxEvents: 2, scheduler });
    aggregator.aggregate(saying('a'));
    aggregator.aggregate(saying('b'));
    expect(reads()).toBe(2);
  });
});

describe('aggregate()', () => {
  it('emits { event, key } per event, with a fresh aggregator per subscription', () => {
    const ts = testScheduler();
    ts.run(({ cold, expectObservable }) => {
      const source = cold('abc|', messages).pipe(
        aggregate({ maxEvents: 3, scheduler: ts }),
        map(({ event }) => event.message),
      );
      const values = { a: 'm1', b: 'm2', c: '(combined from similar events): m3' };
      expectObservable(source).toBe('abc|', values);
      expectObservable(source).toBe('abc|', values);
    });
  });
});
